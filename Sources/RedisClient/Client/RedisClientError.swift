import RESP

/// What went wrong between the client and the server, apart from error *replies* (those are
/// values: `RESPValue.simpleError`, see `RedisServerError` for the throwing form).
///
/// A struct with a code rather than an enum, so that a new kind of failure (the cluster's
/// redirections, CROSSSLOT) does not break every `switch` over it: callers test `code` for
/// the cases they handle and print `description` for the rest.
public struct RedisClientError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// Could not open a connection.
        public static let connectFailed = Code(rawValue: "connect_failed")
        /// The connection ended (see `mayHaveExecuted`).
        public static let connectionClosed = Code(rawValue: "connection_closed")
        /// No reply within the command timeout; the connection was closed to stay in step.
        public static let timeout = Code(rawValue: "timeout")
        /// Cancelled by the caller (Ctrl-C); the connection was closed.
        public static let cancelled = Code(rawValue: "cancelled")
        /// The server sent bytes that are not RESP.
        public static let malformedReply = Code(rawValue: "malformed_reply")
        /// The server answered the handshake (HELLO, AUTH, SELECT) with an error.
        public static let handshakeFailed = Code(rawValue: "handshake_failed")
        public static let tls = Code(rawValue: "tls")
        public static let invalidURL = Code(rawValue: "invalid_url")
        /// Cluster: the keys of one command hash to different slots; refused before sending.
        public static let crossSlot = Code(rawValue: "cross_slot")
        /// Cluster: more MOVED/ASK redirections for one command than the client follows.
        public static let tooManyRedirections = Code(rawValue: "too_many_redirections")
        /// Cluster: no node is known for the slot, or the cluster does not answer usefully.
        public static let clusterUnavailable = Code(rawValue: "cluster_unavailable")
        /// Sentinel: no sentinel gave the master's address, or the address given is no master.
        public static let sentinel = Code(rawValue: "sentinel")
        /// REST: the endpoint refused the token (401).
        public static let unauthorized = Code(rawValue: "unauthorized")
        /// REST: the endpoint answered with an HTTP status that is no Redis reply (413, 503, …).
        public static let httpStatus = Code(rawValue: "http_status")
        /// REST: what was asked cannot go over HTTP (an argument that is not UTF-8, a
        /// connection of one's own); refused before anything is sent.
        public static let notSendable = Code(rawValue: "not_sendable")
    }

    public let code: Code
    /// The message for people, complete in itself.
    public let message: String
    /// For `.connectionClosed`: a command had been written and its reply had not come, so the
    /// server may or may not have run it.
    public let mayHaveExecuted: Bool

    public init(_ code: Code, _ message: String, mayHaveExecuted: Bool = false) {
        self.code = code
        self.message = message
        self.mayHaveExecuted = mayHaveExecuted
    }

    public var description: String { message }

    /// `reason` is the system's text ("Connection refused").
    public static func connectFailed(address: String, reason: String) -> Self {
        Self(.connectFailed, "Could not connect to Redis at \(address): \(reason)")
    }

    public static func connectionClosed(mayHaveExecuted: Bool) -> Self {
        Self(
            .connectionClosed,
            mayHaveExecuted
                ? "connection lost while waiting for a reply: the command may or may not have run on the server"
                : "connection lost before the command was sent",
            mayHaveExecuted: mayHaveExecuted)
    }

    public static func timeout(_ limit: Duration) -> Self {
        Self(.timeout, "no reply within \(limit.formattedSeconds); the connection was closed")
    }

    public static let cancelled = Self(.cancelled, "cancelled; the connection was closed")

    public static func malformedReply(_ error: RESPDecodingError) -> Self {
        Self(.malformedReply, "\(error); the connection was closed")
    }

    /// A reply nobody asked for. An error is what a server writes before it closes a
    /// connection it will not serve (`ERR max number of clients reached`): its words are the
    /// reason. Anything else means the stream is out of step.
    static func unsolicited(_ value: RESPValue) -> Self {
        if let message = value.errorMessage { return Self(.connectionClosed, "the server closed the connection: \(message)") }
        return malformedReply(RESPDecodingError(.unknownType, at: 0))
    }

    public static func handshakeFailed(_ message: String) -> Self {
        Self(.handshakeFailed, message)
    }

    public static func tls(_ message: String) -> Self {
        Self(.tls, "TLS: \(message)")
    }

    public static func invalidURL(_ message: String) -> Self {
        Self(.invalidURL, "invalid URL \(message)")
    }

    /// A connection of one's own (RESP over TCP) was asked of a REST endpoint.
    public static func needsRedisConnection(_ endpoint: RESTEndpoint) -> Self {
        Self(
            .notSendable,
            "\(endpoint) is a REST endpoint, which runs one command per HTTP request: this needs a Redis connection of its own (redis://…)")
    }
}

/// An error reply, thrown by `RedisCommandSender.call` for callers that want errors thrown.
public struct RedisServerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The text exactly as the server sent it (`ERR unknown command …`).
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

extension Duration {
    /// `0.25s`, for messages.
    var formattedSeconds: String {
        let millis = milliseconds
        if millis % 1000 == 0 { return "\(millis / 1000)s" }
        return "\(Double(millis) / 1000)s"
    }
}
