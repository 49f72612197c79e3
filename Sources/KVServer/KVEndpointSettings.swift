/// How `rwb kv serve` listens and whom it answers. Every number is bounded by the command
/// line (`KVServeOptions`) before it gets here.
public struct KVEndpointSettings: Sendable {
    public var host: String
    /// 0: any free port (the URL printed names the one chosen).
    public var port: Int
    public var token: String
    public var readOnlyToken: String?
    /// The largest request body read; a longer one is 413.
    public var maxBodyBytes: Int
    /// The most commands in one `/pipeline` or `/multi-exec` request.
    public var maxBatch: Int
    /// Connections to Redis that requests share (pipelined on each).
    public var connections: Int
    /// HTTPS with this certificate chain and key (PEM files), or plain HTTP.
    public var tls: TLSFiles?

    public struct TLSFiles: Sendable {
        public var certificate: String
        public var key: String

        public init(certificate: String, key: String) {
            self.certificate = certificate
            self.key = key
        }
    }

    public init(
        host: String, port: Int, token: String, readOnlyToken: String?, maxBodyBytes: Int, maxBatch: Int, connections: Int,
        tls: TLSFiles?
    ) {
        self.host = host
        self.port = port
        self.token = token
        self.readOnlyToken = readOnlyToken
        self.maxBodyBytes = maxBodyBytes
        self.maxBatch = maxBatch
        self.connections = connections
        self.tls = tls
    }
}
