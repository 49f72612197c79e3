import RESP

/// What running one line did, for the batch runner's exit status and reports.
public struct LineResult: Sendable {
    public enum Failure: Error, Sendable, Hashable {
        /// An assertion did not hold: `message` says what was expected and what came.
        case assertion(String)
        /// The server answered with an error (and no `.expect-error` was waiting for it).
        case serverError(String)
        /// The connection failed or was lost.
        case connection(String)
        /// The line is not valid: unbalanced quotes, unknown dot-command, bad option.
        case usage(String)
        /// Ctrl-C or a signal stopped it.
        case interrupted(Interruption)

        public var message: String {
            switch self {
            case .assertion(let text), .serverError(let text), .connection(let text), .usage(let text): return text
            case .interrupted: return "(interrupted)"
            }
        }

        public var isServerError: Bool {
            if case .serverError = self { return true }
            return false
        }

        /// The one mapping from a failure to an exit status: 2 for bad usage, the shell's
        /// 128 + N for signal N, 1 for everything else.
        public var exitStatus: Int32 {
            switch self {
            case .usage: return 2
            case .interrupted(let interruption): return interruption.exitStatus
            case .assertion, .serverError, .connection: return 1
            }
        }
    }

    /// The reply, for a Redis command.
    public var reply: RESPValue?
    public var failure: Failure?
    public var elapsed: Duration = .zero
    /// True after `.quit`.
    public var quit = false
    /// Where the failure happened when that was not the line itself: a line of a file run
    /// by `.source`.
    public var location: SourceLocation?

    public init(
        reply: RESPValue? = nil, failure: Failure? = nil, elapsed: Duration = .zero, quit: Bool = false, location: SourceLocation? = nil
    ) {
        self.reply = reply
        self.failure = failure
        self.elapsed = elapsed
        self.quit = quit
        self.location = location
    }

    public var ok: Bool { failure == nil }
}
