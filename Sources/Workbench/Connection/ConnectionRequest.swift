import RedisClient

/// What the user said about where to connect (flags, URL, environment), before it is
/// resolved into `ConnectionOptions`. Mirrors redis-cli: `-u` wins over `-h/-p/-s`, explicit
/// flags win over the environment, `-a` wins over `REDISCLI_AUTH`.
public struct ConnectionRequest: Sendable, Hashable {
    public var url: String?
    public var host: String?
    public var port: Int?
    public var socket: String?
    public var password: String?
    public var user: String?
    public var database: Int?
    public var tls = false
    public var caCertificate: String?
    public var certificate: String?
    public var privateKey: String?
    public var insecure = false
    public var serverName: String?
    public var caCertificateDirectory: String?
    public var ciphers: String?
    /// `--askpass`: the password is typed at a masked prompt, and -a, the URL's and
    /// REDISCLI_AUTH are ignored (as with redis-cli).
    public var askPassword = false
    public var protocolVersion: Int?
    public var connectTimeout: Duration?
    /// `-c`: route by hash slot from the first command (otherwise from the first MOVED).
    public var cluster = false
    public var readFrom = ConnectionOptions.ReadFrom.primary
    /// `--sentinel HOST:PORT` (any number) and `--master NAME`.
    public var sentinels: [String] = []
    public var masterName: String?
    /// `--rest URL`; "" for `--rest` alone (the URL from the environment). See
    /// `ConnectionRequest+REST.swift` for how a REST endpoint is chosen.
    public var rest: String?
    /// `--rest-token`.
    public var restToken: String?

    public init() {}

    /// True when the user named a server in any way (flags, URL or environment), so the
    /// workbench must not fall back to a throwaway server.
    public func namesServer(environment: [String: String]) -> Bool {
        url != nil || host != nil || port != nil || socket != nil || !sentinels.isEmpty || isREST
            || ["REDIS_URL", "REDIS_HOST", "REDIS_PORT"].contains { !(environment[$0] ?? "").isEmpty }
    }

    public func resolve(environment: [String: String]) throws(RedisClientError) -> ConnectionOptions {
        if isREST || restToken != nil { return try resolveREST(environment: environment) }
        var options: ConnectionOptions
        if let url {
            options = try RedisURL.parse(url)
        } else if host == nil && port == nil && socket == nil {
            options = try ConnectionOptions.fromEnvironment(environment)
        } else {
            options = ConnectionOptions()
        }
        if url == nil {
            if let socket {
                options.address = .unix(path: socket)
            } else if host != nil || port != nil {
                options.address = .tcp(host: host ?? ConnectionOptions.defaultHost, port: port ?? ConnectionOptions.defaultPort)
            }
        }
        if let user { options.username = user }
        if askPassword {
            options.password = PasswordPrompt.answer
        } else if let password {
            options.password = password
        } else if options.password == nil, let fromEnvironment = environment["REDISCLI_AUTH"] {
            options.password = fromEnvironment
        }
        if let database { options.database = database }
        if tls || caCertificate != nil || caCertificateDirectory != nil || ciphers != nil || certificate != nil || options.tls != nil {
            var settings = options.tls ?? ConnectionOptions.TLS()
            settings.caCertificate = caCertificate ?? settings.caCertificate
            settings.certificate = certificate ?? settings.certificate
            settings.privateKey = privateKey ?? settings.privateKey
            settings.insecure = insecure || settings.insecure
            settings.serverName = serverName ?? settings.serverName
            settings.caCertificateDirectory = caCertificateDirectory ?? settings.caCertificateDirectory
            settings.ciphers = ciphers ?? settings.ciphers
            options.tls = settings
        }
        if let protocolVersion { options.protocolVersion = protocolVersion }
        if let connectTimeout { options.connectTimeout = connectTimeout }
        if !sentinels.isEmpty, let masterName {
            var nodes: [ConnectionOptions.Address] = []
            for sentinel in sentinels { nodes.append(try RedisURL.address(sentinel, defaultPort: RedisURL.defaultSentinelPort)) }
            options.sentinel = ConnectionOptions.Sentinel(nodes: nodes, masterName: masterName)
            options.address = nodes[0]
        }
        options.cluster = cluster ? .on : .auto
        options.readFrom = readFrom
        return options
    }
}
