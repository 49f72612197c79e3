import ArgumentParser

/// redis-cli's connection flags, shared by every rwb command.
public struct ConnectionFlags: ParsableArguments, Sendable {
    public init() {}

    @Option(name: .customShort("h"), help: "Server hostname (default: 127.0.0.1).")
    var host: String?

    // `.unconditional`: `-p -1` reaches the range check instead of reading `-1` as an option.
    @Option(name: .customShort("p"), parsing: .unconditional, help: "Server port (default: 6379).")
    var port: Int?

    @Option(name: .customShort("s"), help: "Server socket (overrides hostname and port).")
    var socket: String?

    @Option(name: [.customShort("a"), .customLong("pass")], help: "Password (prefer REDISCLI_AUTH: a flag shows in `ps`).")
    var password: String?

    @Option(name: .customLong("user"), help: "ACL user name (needs -a).")
    var user: String?

    @Option(name: .customShort("u"), help: "Server URI: redis://[user[:password]@]host[:port][/db], rediss://…, unix:///path?db=N.")
    var url: String?

    @Flag(name: .customLong("tls"), help: "Establish a secure TLS connection.")
    var tls = false

    @Option(name: .customLong("sni"), help: "Server name indication for TLS.")
    var serverName: String?

    @Option(name: .customLong("cacert"), help: "CA certificate file to verify with.")
    var caCertificate: String?

    @Option(name: .customLong("cacertdir"), help: "Directory of trusted CA certificates (PEM files).")
    var caCertificateDirectory: String?

    @Option(name: .customLong("tls-ciphers"), help: "Preferred ciphers for TLS 1.2 and below, OpenSSL's syntax (ciphers(1ssl)).")
    var ciphers: String?

    @Option(
        name: .customLong("tls-ciphersuites"),
        help: "TLS 1.3 cipher suites: refused, rwb's TLS library (BoringSSL) does not let them be chosen.")
    var cipherSuites: String?

    @Flag(name: .customLong("askpass"), help: "Type the password at a masked prompt (-a and REDISCLI_AUTH are then ignored).")
    var askPassword = false

    @Option(name: .customLong("cert"), help: "Client certificate to authenticate with.")
    var certificate: String?

    @Option(name: .customLong("key"), help: "Private key file to authenticate with.")
    var privateKey: String?

    @Flag(name: .customLong("insecure"), help: "Allow insecure TLS connection by skipping cert validation.")
    var insecure = false

    @Option(
        name: .customLong("sentinel"),
        help: "A Redis Sentinel to ask for the master's address (HOST:PORT; repeat for more). Needs --master.")
    var sentinels: [String] = []

    @Option(name: .customLong("master"), help: "The master's name as the sentinels monitor it (with --sentinel).")
    var masterName: String?

    @Flag(name: .customShort("2"), help: "Start session in RESP2 protocol mode.")
    var resp2 = false

    @Flag(name: .customShort("3"), help: "Start session in RESP3 protocol mode.")
    var resp3 = false

    @Flag(name: .customLong("no-auth-warning"), help: "Don't warn when a password is given on the command line.")
    var noAuthWarning = false

    public func validate() throws {
        if resp2 && resp3 { throw ValidationError("-2 and -3 cannot be used together") }
        if cipherSuites != nil {
            throw ValidationError(
                "--tls-ciphersuites: rwb's TLS library (BoringSSL, through SwiftNIO SSL) offers TLS 1.3's three suites "
                    + "(TLS_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384, TLS_CHACHA20_POLY1305_SHA256) and lets none be left out; "
                    + "--tls-ciphers chooses the TLS 1.2 ones")
        }
        if let port, !(1...65535).contains(port) { throw ValidationError("-p \(port): a port is a number from 1 to 65535") }
        if !sentinels.isEmpty && masterName == nil {
            throw ValidationError("--sentinel needs --master NAME: the name the sentinels monitor the master under")
        }
        if masterName != nil && sentinels.isEmpty { throw ValidationError("--master needs --sentinel HOST:PORT") }
    }

    public var request: ConnectionRequest {
        var request = ConnectionRequest()
        request.url = url
        request.host = host
        request.port = port
        request.socket = socket
        request.password = password
        request.user = user
        request.tls = tls
        request.caCertificate = caCertificate
        request.certificate = certificate
        request.privateKey = privateKey
        request.insecure = insecure
        request.serverName = serverName
        request.caCertificateDirectory = caCertificateDirectory
        request.ciphers = ciphers
        request.askPassword = askPassword
        request.protocolVersion = resp3 ? 3 : (resp2 ? 2 : nil)
        request.sentinels = sentinels
        request.masterName = masterName
        return request
    }

    /// redis-cli's warning, kept: a password on the command line is visible to other users.
    public var passwordWarning: String? {
        guard !noAuthWarning, !askPassword, password != nil || (url ?? "").contains("@") else { return nil }
        return "Warning: Using a password with '-a' or '-u' option on the command line interface may not be safe."
    }
}

extension ConnectionFlags {
    /// The flags plus `-n` (and `-c`), as the root command and `run` take them.
    public struct WithDatabase: Sendable {
        public var flags: ConnectionFlags
        public var database: DatabaseFlag
        /// Nil where the command has no `-c` (a `ClusterFlags()` not parsed from arguments
        /// cannot be read: swift-argument-parser stops the program).
        public var cluster: ClusterFlags?
        /// `rwb -t SECONDS` (not a connection flag of every command: `rwb bench -t` names tests).
        public var connectTimeout: Duration?
        /// `--rest` and `--rest-token`, where the command takes them (the root and `run`).
        public var rest: RESTFlags?

        public init(
            flags: ConnectionFlags, database: DatabaseFlag, cluster: ClusterFlags? = nil, connectTimeout: Duration? = nil,
            rest: RESTFlags? = nil
        ) {
            self.flags = flags
            self.database = database
            self.cluster = cluster
            self.connectTimeout = connectTimeout
            self.rest = rest
        }

        public var request: ConnectionRequest {
            var request = database.apply(to: flags.request)
            request.connectTimeout = connectTimeout ?? request.connectTimeout
            if let rest { request = rest.apply(to: request) }
            return cluster?.apply(to: request) ?? request
        }

        public var passwordWarning: String? {
            if !flags.noAuthWarning, rest?.restToken != nil { return RESTFlags.tokenWarning }
            return flags.passwordWarning
        }
    }
}

/// `-n DB`, apart from the other connection flags because `rwb bench` uses `-n` for the
/// number of requests, as redis-benchmark does (its database flag is `--dbnum`).
public struct DatabaseFlag: ParsableArguments, Sendable {
    public init() {}

    @Option(name: .customShort("n"), parsing: .unconditional, help: "Database number.")
    var database: Int?

    public func validate() throws {
        if let database, database < 0 { throw ValidationError("-n \(database): a database number is 0 or more") }
    }

    public func apply(to request: ConnectionRequest) -> ConnectionRequest {
        var request = request
        if let database { request.database = database }
        return request
    }
}
