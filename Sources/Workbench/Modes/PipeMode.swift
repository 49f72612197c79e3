import NIOPosix
import RESP
import RedisClient

#if canImport(Glibc)
import Glibc
#endif

/// `rwb --pipe [--pipe-timeout N]`: mass insertion from standard input (RESP, as redis-cli
/// --pipe takes it, or inline commands), written while replies are read (`PipeSocketLoop`).
/// It ends with redis-cli's three lines, the last one `errors: N, replies: M`, and then says
/// which commands failed (the first ten, by number and byte offset). Malformed input stops at
/// the exact byte: every command before it is sent and answered, nothing after it is sent.
public final class PipeMode: PipeSource {
    /// The first error replies kept for the summary.
    static let errorsShown = 10
    /// Bytes of encoded commands per fill: enough to keep the server busy while the next is
    /// parsed, small enough to stay in cache.
    static let fillBytes = 256 * 1024
    static let readBytes = 1 << 20

    private let input: Int32
    private let errors: OutputSink
    private let showProgress: Bool
    /// Input read and not yet consumed; `base` is the input offset of `pending[consumed]`.
    private var pending: [UInt8] = []
    private var consumed = 0
    private var base = 0
    private var inputEnded = false
    /// Each command's offset in the input, for naming the ones that failed.
    private var offsets: [Int] = []
    private(set) var malformed: (offset: Int, reason: String)?
    private(set) var errorCount = 0
    private(set) var firstErrors: [(index: Int, message: String)] = []

    init(input: Int32, errors: OutputSink, showProgress: Bool) {
        self.input = input
        self.errors = errors
        self.showProgress = showProgress
    }

    /// Runs the mode against the server `options` names; returns the exit status.
    public static func run(options: ConnectionOptions, timeout: Duration?, output: OutputSink, errors: OutputSink) async -> Int32 {
        guard BlockingConnection.supports(options) else {
            errors.line("Error: --pipe over TLS is not built yet: pipe through a plain or Unix-socket connection")
            return 2
        }
        var options = options
        options.clientName = nil
        let socket: Int32
        do {
            if let sentinel = options.sentinel {
                options.address = try await SentinelResolver.masterAddress(
                    sentinel, like: options, group: MultiThreadedEventLoopGroup.singleton)
            }
            socket = try await BlockingConnection.connect(options).detachSocket()
        } catch {
            errors.line("\(error)")
            return 1
        }
        let mode = PipeMode(input: 0, errors: errors, showProgress: isatty(2) == 1)
        let loop = PipeSocketLoop(socket: socket, source: mode, idleTimeout: timeout)
        let result: Result<PipeSocketLoop.Outcome, any Error>
        do {
            // A blocking loop, on a thread of its own rather than one of the pool's.
            result = .success(try await NIOThreadPool.singleton.runIfActive { try loop.run() })
        } catch {
            result = .failure(error)
        }
        return mode.finish(result, output: output)
    }

    /// redis-cli's closing lines, then what failed; the exit status.
    func finish(_ result: Result<PipeSocketLoop.Outcome, any Error>, output: OutputSink) -> Int32 {
        if showProgress { errors.write("\r\u{1B}[K") }
        var status: Int32 = 0
        switch result {
        case .success(let outcome):
            output.line("All data transferred. Waiting for the last reply...")
            output.line("Last reply received from server.")
            output.line("errors: \(errorCount), replies: \(outcome.replies)")
        case .failure(let error):
            errors.line("\(error)")
            errors.line("errors: \(errorCount) in the replies that came")
            status = 1
        }
        for (index, message) in firstErrors {
            errors.line("command \(index + 1) (input byte \(offsets[index])): \(message)")
        }
        if errorCount > firstErrors.count { errors.line("… and \(errorCount - firstErrors.count) more error replies") }
        if errorCount > 0 { status = 1 }
        if let malformed {
            errors.line(
                "malformed input at byte \(malformed.offset): \(malformed.reason); \(offsets.count == 1 ? "the 1 command before it was" : "the \(offsets.count) commands before it were") sent and answered, nothing after it was sent"
            )
            status = 1
        }
        return status
    }

    public func fill(_ buffer: inout [UInt8]) throws -> Int? {
        guard malformed == nil else { return nil }
        var count = 0
        while buffer.count < Self.fillBytes {
            let next: PipeInput.Next
            do {
                next = try PipeInput.next(in: pending, from: consumed, atEnd: inputEnded)
            } catch {
                malformed = (base + error.offset - consumed, error.reason)
                break
            }
            switch next {
            case .resp(let range):
                offsets.append(base)
                buffer.append(contentsOf: pending[range])
                advance(range.count)
                count += 1
            case .inline(let arguments, let length):
                offsets.append(base)
                RESPEncoder.appendCommand(RedisCommand(bytes: arguments), to: &buffer)
                advance(length)
                count += 1
            case .skip(let length):
                advance(length)
            case .needMore:
                if inputEnded { return count == 0 ? nil : count }
                try readMore()
                if inputEnded && consumed == pending.count { return count == 0 ? nil : count }
            }
        }
        return count == 0 && malformed != nil ? nil : count
    }

    private func advance(_ length: Int) {
        consumed += length
        base += length
    }

    /// The next part of standard input, after the unconsumed rest.
    private func readMore() throws {
        if consumed > 0 {
            pending.removeFirst(consumed)
            consumed = 0
        }
        let old = pending.count
        pending.append(contentsOf: repeatElement(0, count: Self.readBytes))
        var got = 0
        while true {
            got = pending.withUnsafeMutableBytes { read(input, $0.baseAddress.map { $0 + old }, Self.readBytes) }
            if got < 0 && errno == EINTR { continue }
            break
        }
        if got < 0 {
            pending.removeLast(Self.readBytes)
            throw RedisClientError(.connectionClosed, "cannot read standard input: \(String(cString: strerror(errno)))")
        }
        pending.removeLast(Self.readBytes - got)
        if got == 0 { inputEnded = true }
    }

    public func errorReply(index: Int, message: String) {
        errorCount += 1
        if firstErrors.count < Self.errorsShown { firstErrors.append((index, message)) }
    }

    public func progress(sent: Int, replies: Int) {
        guard showProgress else { return }
        errors.write("\rsent \(sent) commands, \(replies) replies, \(errorCount) errors")
    }
}
