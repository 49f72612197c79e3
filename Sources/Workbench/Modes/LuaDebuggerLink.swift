import NIOPosix
import RESP
import RedisClient

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// The connection of a Lua debugging session. Once `SCRIPT DEBUG` is on, the server talks to
/// it outside its own loop: one command may bring two replies (the last log lines with
/// `<endsession>`, then the EVAL's result), which no request/reply client takes. So the
/// handshake runs on a `BlockingConnection` (AUTH, SELECT, HELLO as for any command) and its
/// socket is then read here, one value at a time, beside a descriptor that says Ctrl-C.
/// Used by one thread at a time (`@unchecked`): opened in a task, then handed to the
/// debugger's thread.
final class LuaDebuggerLink: @unchecked Sendable {
    enum Failure: Error, Equatable {
        /// The server closed the connection, or the socket failed.
        case closed
        /// The reply did not parse.
        case malformed(String)
        /// Ctrl-C while waiting.
        case interrupted
    }

    private let socket: Int32
    private var decoder = RESPDecoder()
    private var pending: [UInt8] = []
    private var chunk = [UInt8](repeating: 0, count: 64 * 1024)

    private init(socket: Int32) {
        self.socket = socket
    }

    deinit { close(socket) }

    /// Connects as `options` say (a sentinel's master as the sentinels name it).
    static func open(_ options: ConnectionOptions) async throws -> LuaDebuggerLink {
        var options = options
        if let sentinel = options.sentinel {
            options.address = try await SentinelResolver.masterAddress(
                sentinel, like: options, group: MultiThreadedEventLoopGroup.singleton)
        }
        let connection = try await BlockingConnection.connect(options)
        return LuaDebuggerLink(socket: connection.detachSocket())
    }

    func send(_ words: [[UInt8]]) throws(Failure) {
        let bytes = RESPEncoder.encode(RedisCommand(bytes: words))
        var sent = 0
        while sent < bytes.count {
            let count = bytes.withUnsafeBytes { all in
                Glibc.send(socket, all.baseAddress.map { $0 + sent }, all.count - sent, Int32(MSG_NOSIGNAL))
            }
            if count >= 0 {
                sent += count
            } else if errno == EAGAIN {
                var fds = [pollfd(fd: socket, events: Int16(POLLOUT), revents: 0)]
                _ = poll(&fds, 1, -1)
            } else if errno != EINTR {
                throw .closed
            }
        }
    }

    /// The next value the server sends, however long it takes (a `continue` runs the script
    /// until its next breakpoint); `interrupt` becoming readable gives up.
    func nextReply(interrupt: Int32) throws(Failure) -> RESPValue {
        while true {
            do {
                if let (value, consumed) = try decoder.decode(pending) {
                    pending.removeFirst(consumed)
                    return value
                }
            } catch {
                throw .malformed("\(error)")
            }
            var fds = [pollfd(fd: socket, events: Int16(POLLIN), revents: 0), pollfd(fd: interrupt, events: Int16(POLLIN), revents: 0)]
            guard poll(&fds, 2, -1) >= 0 else {
                if errno == EINTR { continue }
                throw .closed
            }
            if fds[1].revents != 0 { throw .interrupted }
            guard fds[0].revents != 0 else { continue }
            let socket = self.socket
            let count = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                pending += chunk[..<count]
            } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                throw .closed
            }
        }
    }
}
