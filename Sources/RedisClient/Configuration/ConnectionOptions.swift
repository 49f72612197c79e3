/// Where and how to connect: address, TLS, credentials, database and protocol.
public struct ConnectionOptions: Sendable, Hashable {
    public enum Address: Sendable, Hashable, CustomStringConvertible {
        case tcp(host: String, port: Int)
        case unix(path: String)

        /// `HOST:PORT` (`[::1]:PORT` for IPv6) or the socket path, as redis-cli names a server.
        public var description: String {
            switch self {
            case .tcp(let host, let port): return host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
            case .unix(let path): return path
            }
        }
    }

    public struct TLS: Sendable, Hashable {
        public var caCertificate: String?
        public var certificate: String?
        public var privateKey: String?
        /// Skip certificate verification (redis-cli's `--insecure`).
        public var insecure = false
        /// Name to send as SNI and verify, when it differs from the host connected to.
        public var serverName: String?
        /// Every PEM certificate in this directory is trusted (redis-cli's `--cacertdir`).
        public var caCertificateDirectory: String?
        /// OpenSSL's cipher list for TLS 1.2 and below (redis-cli's `--tls-ciphers`).
        public var ciphers: String?

        public init(caCertificate: String? = nil, certificate: String? = nil, privateKey: String? = nil, insecure: Bool = false) {
            self.caCertificate = caCertificate
            self.certificate = certificate
            self.privateKey = privateKey
            self.insecure = insecure
        }
    }

    /// Whether `RedisClient` treats the server as one node of a Redis Cluster.
    public enum ClusterMode: Sendable, Hashable {
        /// Never: a MOVED or ASK reply is just an error reply (redis-cli without `-c`).
        case off
        /// Once a server answers MOVED or ASK: from then on route by the slot map.
        case auto
        /// From the start (`-c`): route by the slot map wherever the server is a cluster node.
        case on
    }

    /// Where to ask for the master's address: Redis Sentinel, instead of a fixed address.
    public struct Sentinel: Sendable, Hashable {
        /// The sentinels, asked in turn until one answers.
        public var nodes: [Address]
        /// The name the sentinels monitor the master under (`sentinel monitor NAME …`).
        public var masterName: String

        public init(nodes: [Address], masterName: String) {
            self.nodes = nodes
            self.masterName = masterName
        }
    }

    /// Which node of a shard serves read-only commands in a cluster.
    public enum ReadFrom: String, Sendable, Hashable, CaseIterable {
        /// The master, always (redis-cli's behaviour).
        case primary
        /// A replica (after READONLY on its connection); an error when the shard has none.
        case replica
        /// A replica when the shard has one that is online, else the master.
        case preferReplica = "prefer-replica"
    }

    public static let defaultHost = "127.0.0.1"
    public static let defaultPort = 6379

    public var address: Address
    public var tls: TLS?
    public var username: String?
    public var password: String?
    public var database = 0
    /// 2 or 3. With 3 the handshake sends `HELLO 3` and falls back to RESP2 where unknown.
    public var protocolVersion = 2
    /// Sent as `CLIENT SETNAME` so the workbench is easy to spot in `CLIENT LIST`.
    public var clientName: String? = "rwb"
    public var connectTimeout: Duration = .seconds(5)
    /// Per-command timeout; nil waits for ever (what blocking commands and MONITOR need).
    public var commandTimeout: Duration?
    public var cluster = ClusterMode.auto
    /// In a cluster, where read-only commands go (`--read-from`).
    public var readFrom = ReadFrom.primary
    /// With Sentinel, `address` is the master's as last discovered; every new connection
    /// asks the sentinels again (so a failover is followed).
    public var sentinel: Sentinel?
    /// A REST endpoint of serverless Redis: commands go to it over HTTP, one request each
    /// (`address` is then its host and port, for the prompt and messages; `tls` its https
    /// settings). Nothing else may connect with these options (no RESP over TCP to an HTTP
    /// port): `RedisConnection` and `BlockingConnection` refuse them.
    public var rest: RESTEndpoint?

    public init(address: Address = .tcp(host: defaultHost, port: defaultPort)) {
        self.address = address
    }

    /// `HOST:PORT` or the socket path, as redis-cli names a server in its messages.
    public var addressDescription: String { address.description }

    /// A URL for display: the password, if any, is masked (a REST endpoint's token is never shown).
    public var maskedURL: String {
        if let rest { return rest.url }
        var auth = ""
        if let username, !username.isEmpty { auth = username }
        if password != nil { auth += ":***" }
        if !auth.isEmpty { auth += "@" }
        switch address {
        case .tcp:
            let scheme = tls == nil ? "redis" : "rediss"
            return "\(scheme)://\(auth)\(addressDescription)" + (database == 0 ? "" : "/\(database)")
        case .unix(let path):
            return "unix://\(auth)\(path)" + (database == 0 ? "" : "?db=\(database)")
        }
    }
}
