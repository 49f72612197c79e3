import Synchronization

/// Why the server closed a connection, kept where it outlives the channel handler: the
/// channel drops its handlers as it closes, and a command written after that fails with NIO's
/// "closed channel", which says nothing. A server at maxclients writes its error and closes
/// before the handshake's first command can go out: that command must fail with the
/// server's words.
final class CloseReason: Sendable {
    private let reason = Mutex<RedisClientError?>(nil)

    /// Keeps the first reason that is about the connection itself and leaves the code a
    /// caller retries on unchanged: a closed connection that had run nothing (the server's
    /// farewell). A timeout or cancel belonged to the commands then in flight, not to one
    /// written later.
    func record(_ error: RedisClientError) {
        guard error.code == .connectionClosed, !error.mayHaveExecuted else { return }
        reason.withLock { if $0 == nil { $0 = error } }
    }

    /// What a command the channel refused (nothing was written) fails with.
    var forUnsentCommand: RedisClientError {
        reason.withLock { $0 } ?? .connectionClosed(mayHaveExecuted: false)
    }
}
