import RESP

/// What went wrong between the client and the server, apart from error *replies* (those are
/// values: `RESPValue.simpleError`, see `RedisServerError` for the throwing form).
public enum RedisClientError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Could not open a connection. `reason` is the system's text ("Connection refused").
    case connectFailed(address: String, reason: String)
    /// The connection ended. `mayHaveExecuted` is true when a command had been written and
    /// its reply had not come: the server may or may not have run it.
    case connectionClosed(mayHaveExecuted: Bool)
    /// No reply within the command timeout; the connection was closed to stay in step.
    case timeout(Duration)
    /// Cancelled by the caller (Ctrl-C); the connection was closed.
    case cancelled
    /// The server sent bytes that are not RESP.
    case malformedReply(RESPDecodingError)
    /// The server answered the handshake (HELLO, AUTH, SELECT) with an error.
    case handshakeFailed(String)
    case tls(String)
    case invalidURL(String)

    public var description: String {
        switch self {
        case .connectFailed(let address, let reason):
            return "Could not connect to Redis at \(address): \(reason)"
        case .connectionClosed(let mayHaveExecuted):
            return mayHaveExecuted
                ? "connection lost while waiting for a reply: the command may or may not have run on the server"
                : "connection lost before the command was sent"
        case .timeout(let limit):
            return "no reply within \(limit.formattedSeconds); the connection was closed"
        case .cancelled:
            return "cancelled; the connection was closed"
        case .malformedReply(let error):
            return "\(error); the connection was closed"
        case .handshakeFailed(let message):
            return message
        case .tls(let message):
            return "TLS: \(message)"
        case .invalidURL(let message):
            return "invalid URL \(message)"
        }
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
        let (seconds, attoseconds) = components
        let millis = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        if millis % 1000 == 0 { return "\(millis / 1000)s" }
        return "\(Double(millis) / 1000)s"
    }
}
