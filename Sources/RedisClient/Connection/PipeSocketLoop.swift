import RESP

#if canImport(Glibc)
import Glibc
#endif

/// Where a `PipeSocketLoop` gets its commands and whom it tells of error replies
/// (`rwb --pipe`).
public protocol PipeSource: AnyObject {
    /// Appends the next commands, encoded, to `buffer` (a few hundred KB at most) and returns
    /// how many; nil once there are no more. Called only when all before was written.
    func fill(_ buffer: inout [UInt8]) throws -> Int?
    /// Reply number `index` (from 0, in the order commands were given) is an error.
    func errorReply(index: Int, message: String)
    /// Every `interval` of waiting, and after each fill: how far it got.
    func progress(sent: Int, replies: Int)
}

/// Mass insertion on one plain socket, as redis-cli --pipe does it: commands written while
/// replies are read, one thread and poll(2), so the server is never idle waiting for the
/// client to parse the next part of its input (the kernel's buffer holds the part it is
/// working on). Replies are validated and counted, not built; error replies are decoded for
/// their message.
///
/// Used by one thread at a time: the one `run` is called on (hence `@unchecked`).
public final class PipeSocketLoop: @unchecked Sendable {
    private let socket: Int32
    private let source: PipeSource
    /// With every command written, give up when no reply came for this long (nil: never).
    private let idleTimeout: Duration?

    public init(socket: Int32, source: PipeSource, idleTimeout: Duration?) {
        self.socket = socket
        self.source = source
        self.idleTimeout = idleTimeout
    }

    deinit { close(socket) }

    public struct Outcome: Sendable {
        public var sent = 0
        public var replies = 0
    }

    /// Runs until every command given is answered. Blocks the calling thread. Throws a
    /// `RedisClientError` for a lost connection or a reply that is not RESP, with `progress`
    /// told how far it got; the source's own error is rethrown as it is.
    public func run() throws -> Outcome {
        var outcome = Outcome()
        var out: [UInt8] = []
        var written = 0
        var inputDone = false
        var buffer = ReadBuffer()
        var decoder = RESPDecoder()
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 * 1024, alignment: 16)
        defer { scratch.deallocate() }
        let clock = ContinuousClock()
        var lastReply = clock.now
        var lastProgress = clock.now
        while true {
            if written == out.count && !inputDone {
                out.removeAll(keepingCapacity: true)
                written = 0
                if let count = try source.fill(&out) {
                    outcome.sent += count
                } else {
                    inputDone = true
                }
            }
            if inputDone && written == out.count && outcome.replies == outcome.sent { return outcome }
            var descriptor = pollfd(fd: socket, events: Int16(POLLIN) | (written < out.count ? Int16(POLLOUT) : 0), revents: 0)
            let ready = poll(&descriptor, 1, 100)
            if ready < 0 {
                if errno == EINTR { continue }
                throw RedisClientError(.connectionClosed, "poll: \(String(cString: strerror(errno)))")
            }
            let now = clock.now
            if now - lastProgress >= .milliseconds(250) {
                lastProgress = now
                source.progress(sent: outcome.sent, replies: outcome.replies)
            }
            if ready == 0 {
                if inputDone, written == out.count, let idleTimeout, now - lastReply > idleTimeout {
                    throw RedisClientError(.timeout, "no reply for \(idleTimeout) after the last command was written")
                }
                continue
            }
            if descriptor.revents & Int16(POLLOUT) != 0 {
                let count = out.withUnsafeBytes { all in
                    send(socket, all.baseAddress.map { $0 + written }, all.count - written, Int32(MSG_NOSIGNAL))
                }
                if count < 0 {
                    guard errno == EAGAIN || errno == EINTR else { throw RedisClientError.connectionClosed(mayHaveExecuted: true) }
                } else {
                    written += count
                }
            }
            guard descriptor.revents & (Int16(POLLIN) | Int16(POLLHUP) | Int16(POLLERR)) != 0 else { continue }
            let count = recv(socket, scratch.baseAddress, scratch.count, 0)
            if count == 0 { throw RedisClientError.connectionClosed(mayHaveExecuted: true) }
            if count < 0 {
                guard errno == EAGAIN || errno == EINTR else { throw RedisClientError.connectionClosed(mayHaveExecuted: true) }
                continue
            }
            lastReply = now
            buffer.append(UnsafeRawBufferPointer(rebasing: scratch[0..<count]))
            do {
                while buffer.hasUnread {
                    let type = buffer.nextByte
                    if type == UInt8(ascii: "-") || type == UInt8(ascii: "!") || type == UInt8(ascii: ">") {
                        guard let (value, used) = try decoder.decode(buffer.bytes, from: buffer.readIndex) else { break }
                        buffer.consume(used)
                        // A RESP3 push is not a reply.
                        if type == UInt8(ascii: ">") { continue }
                        source.errorReply(index: outcome.replies, message: value.errorMessage ?? "")
                    } else {
                        guard let used = try decoder.skip(buffer.bytes, from: buffer.readIndex) else { break }
                        buffer.consume(used)
                    }
                    outcome.replies += 1
                }
            } catch {
                throw RedisClientError.malformedReply(error)
            }
        }
    }
}
