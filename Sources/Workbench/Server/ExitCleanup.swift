import Synchronization

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// Throwaway servers to stop however rwb ends: normal exit, error, Ctrl-C or SIGTERM.
/// (A SIGKILL cannot be caught; the server's directory is in $TMPDIR and it holds no data.)
public enum ExitCleanup {
    private static let servers = Mutex<[ThrowawayServer]>([])
    private static let actions = Mutex<[@Sendable () -> Void]>([])
    /// Set once, by the main thread, before any signal can arrive.
    nonisolated(unsafe) private static var watcher: SignalWatcher?

    public static func register(_ server: ThrowawayServer) {
        servers.withLock { $0.append(server) }
    }

    /// For a server stopped on purpose (`.server stop`).
    public static func unregister(_ server: ThrowawayServer) {
        servers.withLock { $0.removeAll { $0 === server } }
    }

    /// Something else to undo on the way out (a terminal's modes), before the servers stop.
    static func onExit(_ action: @escaping @Sendable () -> Void) {
        actions.withLock { $0.append(action) }
    }

    /// Undoes what was registered and stops every registered server. Safe to call more than once.
    public static func run() {
        let undo = actions.withLock { registered in
            defer { registered.removeAll() }
            return registered
        }
        undo.forEach { $0() }
        let stopping = servers.withLock { registered in
            defer { registered.removeAll() }
            return registered
        }
        stopping.forEach { $0.stop() }
    }

    /// Labs running now, each with a way to stop it: on the way out, each is stopped and
    /// waited for, since it must put back the settings it changed and remove its keys.
    private static let running = Mutex<(next: Int, cancels: [Int: @Sendable () -> Void])>((0, [:]))
    /// Set by the first signal that exits: only one handler exits, the others wait for it.
    private static let exiting = Atomic<Bool>(false)

    /// Runs `work` (a lab, its cleanup and its report) so that no signal ends rwb before it
    /// is over: an exiting signal cancels it and waits for it to finish. Cancelling the
    /// caller cancels it too.
    static func finishing<T: Sendable>(_ work: Task<T, Never>) async -> T {
        let id = running.withLock { state in
            defer { state.next += 1 }
            state.cancels[state.next] = work.cancel
            return state.next
        }
        defer { _ = running.withLock { $0.cancels.removeValue(forKey: id) } }
        return await withTaskCancellationHandler {
            await work.value
        } onCancel: {
            work.cancel()
        }
    }

    /// Stops every lab still running and waits until each has finished its cleanup. No time
    /// limit of its own: each cleanup is bounded (command timeouts, `ConfigGuard`'s patience).
    private static func stopRunningLabs() {
        running.withLock { $0.cancels.values.forEach { $0() } }
        while running.withLock({ !$0.cancels.isEmpty }) { usleep(10_000) }
    }

    /// On these signals: stop the servers, then exit with 128 + the signal number, as a
    /// shell reports a process killed by it. The REPL leaves SIGINT out: Ctrl-C is its own.
    /// With `onInterrupt`, the first Ctrl-C (or SIGTERM) calls it instead (a lab stops and
    /// reports what it measured, a script stops between lines, a server shuts down); a
    /// second signal exits. Whatever signal exits, a lab still running is stopped first and
    /// puts back what it changed: a second signal never skips that.
    public static func installSignalHandlers(_ signals: [Int32] = [SIGINT, SIGTERM, SIGHUP], onInterrupt: (@Sendable () -> Void)? = nil) {
        let interrupts = SharedCounter()
        watcher = SignalWatcher(signals: signals) { number in
            Interruption.note(number)
            if number == SIGINT || number == SIGTERM, let onInterrupt, interrupts.add(1) == 0 {
                onInterrupt()
                return
            }
            stopRunningLabs()
            // A signal of another kind may arrive on another thread meanwhile: one exits.
            guard !exiting.exchange(true, ordering: .sequentiallyConsistent) else { return }
            run()
            exit(128 + number)
        }
    }
}
