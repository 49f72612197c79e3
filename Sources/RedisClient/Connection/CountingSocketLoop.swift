import CEpoll
import RESP

#if canImport(Glibc)
import Glibc
#endif

/// What a `CountingSocketLoop` sends and whom it tells: the load generator's side (rwb bench).
public protocol BatchSource: AnyObject {
    /// The next batch for connection `connection` (its commands encoded, and how many), or
    /// nil when that connection is done. The loop writes it at once.
    func nextBatch(connection: Int) -> (bytes: [UInt8], count: Int)?
    /// Every reply to connection `connection`'s batch has arrived; `firstError` is the first
    /// error reply among them. Throwing stops the loop with that error.
    func answered(connection: Int, count: Int, firstError: String?) throws
    /// True when the loop should stop at once (another loop of the same run failed).
    var stopped: Bool { get }
}

/// A request loop for load generation: connections on plain sockets, one thread, epoll, and
/// for each connection a batch written, its replies validated and counted (not built), then
/// the next batch, as redis-benchmark does with its preformatted buffer. On NIO the same loop
/// spent more client CPU per request than redis-benchmark at -P 1 and -P 16, most of it in
/// the channel pipeline's per-read and per-write work (handler calls, `NIOAny` casts,
/// promises). The sockets come from `BlockingConnection.detachSocket()`, past their handshake.
///
/// Used by one thread at a time: the one `run` is called on.
public final class CountingSocketLoop: @unchecked Sendable {
    /// One connection's state.
    private final class Connection {
        let socket: Int32
        /// What the socket did not take of the current batch, from `unsentOffset` on.
        var unsent: [UInt8] = []
        var unsentOffset = 0
        /// Replies still due for the batch in flight, and its size.
        var due = 0
        var batchSize = 0
        /// Bytes received and not validated yet.
        var buffer = ReadBuffer()
        var decoder = RESPDecoder()
        var firstError: String?

        init(socket: Int32) {
            self.socket = socket
        }
    }

    private let connections: [Connection]
    private let source: BatchSource
    private var poller: Int32 = -1
    private let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)

    /// Connection `i` of the source is `sockets[i]`: connected, non-blocking, past its
    /// handshake. The loop closes them.
    public init(sockets: [Int32], source: BatchSource) {
        connections = sockets.map(Connection.init)
        self.source = source
    }

    deinit {
        for connection in connections { close(connection.socket) }
        if poller >= 0 { close(poller) }
        scratch.deallocate()
    }

    /// Runs until every connection's source says it is done and its last batch is answered,
    /// or something fails. Blocks the calling thread.
    public func run() throws {
        poller = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard poller >= 0 else { throw RedisClientError(.connectionClosed, "epoll_create1: \(String(cString: strerror(errno)))") }
        for (index, connection) in connections.enumerated() {
            try watch(connection, index: index, operation: EPOLL_CTL_ADD, writable: false)
        }
        var running = 0
        for (index, connection) in connections.enumerated() {
            if try startBatch(connection, index: index) { running += 1 }
        }
        var events = [epoll_event](repeating: epoll_event(), count: 64)
        while running > 0 {
            if source.stopped { return }
            // A bounded wait, so that a stop is noticed even when nothing arrives.
            let ready = epoll_wait(poller, &events, Int32(events.count), 100)
            if ready < 0 {
                if errno == EINTR { continue }
                throw RedisClientError(.connectionClosed, "epoll_wait: \(String(cString: strerror(errno)))")
            }
            for event in events[0..<Int(ready)] {
                let index = Int(event.data.u64)
                let connection = connections[index]
                if event.events & EPOLLOUT.rawValue != 0 { try flush(connection, index: index) }
                if event.events & (EPOLLIN.rawValue | EPOLLHUP.rawValue | EPOLLERR.rawValue) != 0 {
                    if try !readable(connection, index: index) { running -= 1 }
                }
            }
        }
    }

    /// Writes the connection's next batch; false when its source has none.
    private func startBatch(_ connection: Connection, index: Int) throws -> Bool {
        guard let (batch, count) = source.nextBatch(connection: index) else { return false }
        connection.due = count
        connection.batchSize = count
        connection.firstError = nil
        let written = batch.withUnsafeBytes { send(connection.socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        if written == batch.count { return true }
        guard written >= 0 || errno == EAGAIN || errno == EINTR else { throw RedisClientError.connectionClosed(mayHaveExecuted: false) }
        // The socket's buffer is full: the rest goes when epoll says it is writable.
        connection.unsent = batch
        connection.unsentOffset = max(written, 0)
        try watch(connection, index: index, operation: EPOLL_CTL_MOD, writable: true)
        return true
    }

    private func flush(_ connection: Connection, index: Int) throws {
        guard connection.unsentOffset < connection.unsent.count else { return }
        let written = connection.unsent.withUnsafeBytes { all in
            send(connection.socket, all.baseAddress! + connection.unsentOffset, all.count - connection.unsentOffset, Int32(MSG_NOSIGNAL))
        }
        if written < 0 {
            guard errno == EAGAIN || errno == EINTR else { throw RedisClientError.connectionClosed(mayHaveExecuted: true) }
            return
        }
        connection.unsentOffset += written
        if connection.unsentOffset == connection.unsent.count {
            connection.unsent = []
            connection.unsentOffset = 0
            try watch(connection, index: index, operation: EPOLL_CTL_MOD, writable: false)
        }
    }

    /// Reads what arrived and counts the replies in it; once the batch is answered, tells the
    /// source and starts the next. False when the connection has finished.
    private func readable(_ connection: Connection, index: Int) throws -> Bool {
        let count = recv(connection.socket, scratch.baseAddress, scratch.count, 0)
        if count == 0 { throw RedisClientError.connectionClosed(mayHaveExecuted: true) }
        if count < 0 {
            guard errno == EAGAIN || errno == EINTR else { throw RedisClientError.connectionClosed(mayHaveExecuted: true) }
            return true
        }
        connection.buffer.append(UnsafeRawBufferPointer(rebasing: scratch[0..<count]))
        do {
            while connection.due > 0, connection.buffer.hasUnread {
                let type = connection.buffer.nextByte
                // Errors are read for their message and RESP3 pushes are out-of-band, not
                // replies; everything else is only validated.
                if type == UInt8(ascii: "-") || type == UInt8(ascii: "!") || type == UInt8(ascii: ">") {
                    guard let (value, used) = try connection.decoder.decode(connection.buffer.bytes, from: connection.buffer.readIndex)
                    else { break }
                    connection.buffer.consume(used)
                    if type == UInt8(ascii: ">") { continue }
                    if connection.firstError == nil { connection.firstError = value.errorMessage }
                } else {
                    guard let used = try connection.decoder.skip(connection.buffer.bytes, from: connection.buffer.readIndex) else { break }
                    connection.buffer.consume(used)
                }
                connection.due -= 1
            }
        } catch {
            throw RedisClientError.malformedReply(error)
        }
        guard connection.due == 0 else { return true }
        try source.answered(connection: index, count: connection.batchSize, firstError: connection.firstError)
        return try startBatch(connection, index: index)
    }

    private func watch(_ connection: Connection, index: Int, operation: Int32, writable: Bool) throws {
        var event = epoll_event()
        event.events = EPOLLIN.rawValue | (writable ? EPOLLOUT.rawValue : 0)
        event.data.u64 = UInt64(index)
        guard epoll_ctl(poller, operation, connection.socket, &event) == 0 else {
            throw RedisClientError(.connectionClosed, "epoll_ctl: \(String(cString: strerror(errno)))")
        }
    }
}
