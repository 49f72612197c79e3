import NIOPosix
import RESP
import RedisClient
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A connection turned into a replica's link to its master, as redis-cli's `--rdb` and
/// `--replica` use it: `REPLCONF`s on an ordinary connection (`BlockingConnection`), then
/// its socket taken over for `SYNC`, whose answer is not RESP (keep-alive newlines, a bulk
/// header, then a payload that may end with an EOF mark instead of having a length).
///
/// Read and written by one thread at a time (hence `@unchecked`); `stop()` may come from
/// any thread, and makes the blocking reads give up within a tenth of a second.
public final class ReplicationLink: @unchecked Sendable {
    /// How the master delimits the snapshot.
    public enum Payload: Equatable, Sendable {
        /// `$<length>`: a snapshot written to disk first.
        case length(Int)
        /// `$EOF:<40 bytes>`: diskless replication; the payload ends with those 40 bytes.
        case endMark([UInt8])

        public var isDiskless: Bool {
            if case .endMark = self { return true }
            return false
        }
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Thrown by a read or write once `stop()` was called.
    public struct Stopped: Error {}

    static let markLength = 40
    /// redis-cli's buffer for the header line: a longer one is not a bulk header.
    static let headerLimit = 4096
    static let readBytes = 256 * 1024

    private let socket: Int32
    private let stopped = Atomic<Bool>(false)
    /// Bytes received and not handed out yet.
    public private(set) var pending: [UInt8] = []

    private init(socket: Int32) {
        self.socket = socket
    }

    deinit { close(socket) }

    /// Connects as `options` say and sends each `REPLCONF` pair, telling `errors` of each as
    /// redis-cli does; returns the link and the names of the `REPLCONF`s the server refused
    /// (for the caller to judge: an older server may not know one it can do without).
    public static func open(
        _ options: ConnectionOptions, replconf: [(String, String)], errors: OutputSink
    ) async throws -> (link: ReplicationLink, refused: [String]) {
        var options = options
        options.clientName = nil
        if let sentinel = options.sentinel {
            options.address = try await SentinelResolver.masterAddress(
                sentinel, like: options, group: MultiThreadedEventLoopGroup.singleton)
        }
        let connection = try await BlockingConnection.connect(options)
        var refused: [String] = []
        for (name, value) in replconf {
            errors.line("sending REPLCONF \(name) \(value)")
            if case .simpleError(let message) = try connection.send(["REPLCONF", name, value]) {
                errors.line("REPLCONF \(name) error: \(message)")
                refused.append(name)
            }
        }
        return (ReplicationLink(socket: connection.detachSocket()), refused)
    }

    /// Drops the first `count` bytes of `pending`, handed out.
    public func consume(_ count: Int) {
        pending.removeFirst(count)
    }

    /// Makes the reads and writes in progress, and every later one, throw `Stopped`.
    public func stop() {
        stopped.store(true, ordering: .relaxed)
    }

    /// Runs `body` (blocking reads and writes on this link) on a thread of NIO's pool; a
    /// cancelled task stops the link.
    public func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withTaskCancellationHandler {
            try await NIOThreadPool.singleton.runIfActive(body)
        } onCancel: {
            stop()
        }
    }

    /// Sends `SYNC` and reads the master's answer up to the payload: the newlines it sends
    /// while it prepares the snapshot are skipped; an error reply fails with redis-cli's words.
    public func sync() throws -> Payload {
        try write(Array("SYNC\r\n".utf8))
        var line: [UInt8]
        while true {
            let newlines = pending.prefix { $0 == UInt8(ascii: "\n") }.count
            pending.removeFirst(newlines)
            if let end = pending.firstIndex(of: UInt8(ascii: "\n")) {
                line = Array(pending[..<end])
                pending.removeFirst(end + 1)
                break
            }
            guard pending.count < Self.headerLimit else {
                throw Failure(description: "the answer to SYNC is not a bulk header: \(Self.shown(pending))")
            }
            guard try readMore(until: nil) else { continue }
        }
        if line.last == UInt8(ascii: "\r") { line.removeLast() }
        if line.first == UInt8(ascii: "-") { throw Failure(description: "SYNC with master failed: \(Self.shown(line))") }
        if line.starts(with: "$EOF:".utf8) && line.count == 5 + Self.markLength { return .endMark(Array(line.dropFirst(5))) }
        if line.first == UInt8(ascii: "$"), let length = Int(String(decoding: line.dropFirst(), as: UTF8.self)), length >= 0 {
            return .length(length)
        }
        throw Failure(description: "the answer to SYNC is not a bulk header: \(Self.shown(line))")
    }

    /// Reads the payload `sync()` announced, handing each part of it to `consume` (the EOF
    /// mark excluded); returns its length. What follows it stays in `pending`.
    public func readPayload(_ payload: Payload, _ consume: (UnsafeRawBufferPointer) throws -> Void) throws -> Int {
        switch payload {
        case .length(let total):
            var remaining = total
            while remaining > 0 {
                if pending.isEmpty { try readPayloadPart(after: total - remaining, of: String(total)) }
                let part = min(remaining, pending.count)
                try pending.withUnsafeBytes { try consume(UnsafeRawBufferPointer(rebasing: $0[..<part])) }
                pending.removeFirst(part)
                remaining -= part
            }
            return total
        case .endMark(let mark):
            // The bytes kept back because they may be the mark's beginning (fewer than 40).
            var held: [UInt8] = []
            var total = 0
            while true {
                if pending.isEmpty { try readPayloadPart(after: total + held.count, of: "an unknown number (diskless)") }
                let window = held + pending
                pending.removeAll(keepingCapacity: true)
                if let start = Self.find(mark, in: window) {
                    try window.withUnsafeBytes { try consume(UnsafeRawBufferPointer(rebasing: $0[..<start])) }
                    pending = Array(window[(start + mark.count)...])
                    return total + start
                }
                let safe = max(0, window.count - (mark.count - 1))
                try window.withUnsafeBytes { try consume(UnsafeRawBufferPointer(rebasing: $0[..<safe])) }
                total += safe
                held = Array(window[safe...])
            }
        }
    }

    private func readPayloadPart(after received: Int, of expected: String) throws {
        do {
            _ = try readMore(until: nil)
        } catch let failure as Failure {
            throw Failure(
                description: "I/O Error reading RDB payload from socket: \(failure.description) after \(received) bytes of \(expected)")
        }
    }

    /// The first place `mark` occurs in `bytes`.
    static func find(_ mark: [UInt8], in bytes: [UInt8]) -> Int? {
        guard let first = mark.first, bytes.count >= mark.count else { return nil }
        var index = 0
        while index <= bytes.count - mark.count {
            if bytes[index] == first && bytes[index..<(index + mark.count)].elementsEqual(mark) { return index }
            index += 1
        }
        return nil
    }

    /// Appends what the socket has to `pending`, waiting for it until `deadline` (nil: for
    /// ever); false when the deadline passed first. Throws `Failure` when the master closed
    /// the connection, `Stopped` after `stop()`.
    @discardableResult
    public func readMore(until deadline: ContinuousClock.Instant?) throws -> Bool {
        while true {
            guard try wait(for: Int16(POLLIN), until: deadline) else { return false }
            let old = pending.count
            pending.append(contentsOf: repeatElement(0, count: Self.readBytes))
            let count = pending.withUnsafeMutableBytes { recv(socket, $0.baseAddress.map { $0 + old }, Self.readBytes, 0) }
            let reason = errno
            pending.removeLast(Self.readBytes - max(count, 0))
            if count > 0 { return true }
            if count == 0 { throw Failure(description: "the server closed the connection") }
            guard reason == EAGAIN || reason == EINTR else {
                throw Failure(description: "the connection failed (\(String(cString: strerror(reason))))")
            }
        }
    }

    /// Writes all of `bytes`.
    public func write(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let count = bytes.withUnsafeBytes { all in
                send(socket, all.baseAddress.map { $0 + sent }, all.count - sent, Int32(MSG_NOSIGNAL))
            }
            if count >= 0 {
                sent += count
            } else if errno == EAGAIN {
                _ = try wait(for: Int16(POLLOUT), until: nil)
            } else if errno != EINTR {
                throw Failure(description: "Error writing to master (\(String(cString: strerror(errno))))")
            }
        }
    }

    /// Polls in tenths of a second, so that `stop()` is noticed soon.
    private func wait(for events: Int16, until deadline: ContinuousClock.Instant?) throws -> Bool {
        while true {
            if stopped.load(ordering: .relaxed) { throw Stopped() }
            var descriptor = pollfd(fd: socket, events: events, revents: 0)
            if poll(&descriptor, 1, 100) > 0 { return true }
            if let deadline, ContinuousClock.now >= deadline { return false }
        }
    }

    /// A server's line for a message: printable ASCII as it is, other bytes as \xHH.
    static func shown(_ bytes: [UInt8]) -> String {
        bytes.prefix(200).map { byte in
            (0x20..<0x7f).contains(byte) ? String(UnicodeScalar(byte)) : "\\x" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16)
        }.joined()
    }
}
