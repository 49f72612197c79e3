import Synchronization

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// Someone asked rwb to stop: Ctrl-C (SIGINT), SIGTERM or SIGHUP. A line, a lab or a
/// script that ends this way fails with this value, not with a text to match, and the exit
/// status is the shell's for that signal (128 + its number).
public struct Interruption: Sendable, Hashable {
    public var signal: Int32

    public init(signal: Int32) {
        self.signal = signal
    }

    public static let ctrlC = Interruption(signal: SIGINT)

    public var exitStatus: Int32 { 128 + signal }

    /// Task cancellation carries no reason, so the signal handlers note here which signal
    /// cancelled the work before they cancel it; whoever turns the cancellation into a
    /// result reads it back. Ctrl-C when none was noted (a test cancelling a task).
    private static let latest = Atomic<Int32>(0)

    static func note(_ signal: Int32) {
        latest.store(signal, ordering: .sequentiallyConsistent)
    }

    static var current: Interruption {
        let signal = latest.load(ordering: .sequentiallyConsistent)
        return signal == 0 ? .ctrlC : Interruption(signal: signal)
    }
}
