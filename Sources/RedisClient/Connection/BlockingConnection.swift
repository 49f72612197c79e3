// Linux only, as the package is (MSG_NOSIGNAL, SOCK_NONBLOCK).
import Glibc
import RESP

/// A connection over a plain socket, read and written by the calling thread: for a process
/// that sends one command and exits (`rwb PING`). `RedisConnection` would first start an
/// event loop thread and instantiate NIO's generic types, each of whose conformance checks
/// scans the whole (static) binary's conformance table: about a third of `rwb PING`'s time.
///
/// Plain TCP or a Unix socket only (no TLS). The same handshake as `RedisConnection`
/// (`Handshake`), the same reply matching (`ReplyRouter`: out-of-band values are dropped,
/// since no one here listens for them) and the same errors for the same failures.
public final class BlockingConnection {
    public let options: ConnectionOptions
    /// 2 or 3: what the handshake settled on.
    public private(set) var protocolVersion = 2
    /// Said once when RESP3 was asked for and the server does not speak it.
    public private(set) var handshakeNotice: String?

    private let socket: Int32
    private var decoder = RESPDecoder()
    private var router = ReplyRouter<Void>()
    /// Bytes received and not decoded yet.
    private var buffer = ReadBuffer()
    /// What `recv` fills, kept: a fresh 64 KiB per read was a page-sized allocation and
    /// clearing per round trip.
    private var chunk = [UInt8](repeating: 0, count: 64 * 1024)
    /// Set once the stream can no longer be trusted; every later call fails with it.
    private var failure: RedisClientError?
    /// The socket was handed over (`detachSocket`): its new owner closes it.
    private var detached = false

    private init(options: ConnectionOptions, socket: Int32) {
        self.options = options
        self.socket = socket
    }

    deinit {
        if !detached { Glibc.close(socket) }
    }

    /// Whether `options` can be served by this connection: no TLS, no REST endpoint, and a
    /// Unix socket path that fits in `sockaddr_un`.
    public static func supports(_ options: ConnectionOptions) -> Bool {
        guard options.tls == nil, options.rest == nil else { return false }
        if case .unix(let path) = options.address { return path.utf8.count < MemoryLayout.size(ofValue: sockaddr_un().sun_path) }
        return true
    }

    /// Connects (within `connectTimeout`) and runs the handshake.
    public static func connect(_ options: ConnectionOptions) async throws -> BlockingConnection {
        if let rest = options.rest { throw RedisClientError.needsRedisConnection(rest) }
        precondition(supports(options), "BlockingConnection: TLS or an over-long socket path")
        let socket: Int32
        do {
            socket = try SocketConnector.connect(options.address, timeout: options.connectTimeout)
        } catch {
            throw RedisClientError.connectFailed(address: options.addressDescription, reason: error.reason)
        }
        let connection = BlockingConnection(options: options, socket: socket)
        let (version, notice) = try await Handshake.run(options) { commands in
            try connection.pipeline(commands, timeout: options.connectTimeout)
        }
        connection.protocolVersion = version
        connection.handshakeNotice = notice
        return connection
    }

    /// Closes the socket now; every later call fails as on a closed connection.
    public func close() {
        guard !detached else { return }
        detached = true
        failure = .connectionClosed(mayHaveExecuted: false)
        Glibc.close(socket)
    }

    /// Hands the connected socket (non-blocking, handshake done, nothing unread) to the
    /// caller, who closes it: for a loop of its own (rwb bench). This connection is unusable
    /// afterwards.
    public func detachSocket() -> Int32 {
        detached = true
        failure = .connectionClosed(mayHaveExecuted: false)
        return socket
    }

    public func send(_ command: RedisCommand) throws -> RESPValue {
        try pipeline([command], timeout: options.commandTimeout)[0]
    }

    /// Writes the commands and reads their replies, in order; nil `timeout` waits for ever.
    public func pipeline(_ commands: [RedisCommand], timeout: Duration?) throws -> [RESPValue] {
        if let failure { throw failure }
        var bytes: [UInt8] = []
        for command in commands { RESPEncoder.appendCommand(command, to: &bytes) }
        router.enqueue(commands, waiter: ())
        do {
            try write(bytes)
        } catch {
            // The server may have read part of it: as the NIO handler says on a socket error.
            throw fail(.connectionClosed(mayHaveExecuted: true))
        }
        let deadline = timeout.map { ContinuousClock.now + $0 }
        var replies: [RESPValue] = []
        replies.reserveCapacity(commands.count)
        while replies.count < commands.count {
            let value = try nextValue(deadline: deadline, limit: timeout)
            switch router.receive(value) {
            case .complete(_, let reply): replies.append(reply)
            case .outOfBand: continue
            case .unexpected(let value): throw fail(.unsolicited(value))
            }
        }
        return replies
    }

    /// The next value off the wire, reading as needed.
    private func nextValue(deadline: ContinuousClock.Instant?, limit: Duration?) throws -> RESPValue {
        while true {
            let decoded: (value: RESPValue, consumed: Int)?
            do {
                decoded = try decoder.decode(buffer.bytes, from: buffer.readIndex)
            } catch {
                throw fail(.malformedReply(error))
            }
            if let (value, consumed) = decoded {
                buffer.consume(consumed)
                return value
            }
            try read(deadline: deadline, limit: limit)
        }
    }

    private func read(deadline: ContinuousClock.Instant?, limit: Duration?) throws {
        let ready: Bool
        do {
            ready = try SocketConnector.wait(for: Int16(POLLIN), on: socket, until: deadline)
        } catch {
            throw fail(.connectionClosed(mayHaveExecuted: true))
        }
        guard ready else {
            // As `RedisConnection`: a command that outlives its timeout closes the connection.
            throw fail(.timeout(limit ?? .zero))
        }
        let socket = self.socket
        let count = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
        if count > 0 {
            chunk.withUnsafeBytes { buffer.append(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
        } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
            throw fail(.connectionClosed(mayHaveExecuted: true))
        }
    }

    private func write(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let count = bytes.withUnsafeBytes { all in
                // MSG_NOSIGNAL: a closed peer is an error here, not a SIGPIPE for the process.
                Glibc.send(socket, all.baseAddress! + sent, all.count - sent, Int32(MSG_NOSIGNAL))
            }
            if count >= 0 {
                sent += count
            } else if errno == EAGAIN {
                _ = try? SocketConnector.wait(for: Int16(POLLOUT), on: socket, until: nil)
            } else if errno != EINTR {
                throw RedisClientError.connectionClosed(mayHaveExecuted: true)
            }
        }
    }

    /// Records the first reason the stream broke and returns it.
    private func fail(_ error: RedisClientError) -> RedisClientError {
        let reason = failure ?? error
        failure = reason
        return reason
    }
}
