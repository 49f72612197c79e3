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

    /// On these signals: stop the servers, then exit with 128 + the signal number, as a
    /// shell reports a process killed by it. The REPL leaves SIGINT out: Ctrl-C is its own.
    /// With `onInterrupt`, the first Ctrl-C (or SIGTERM) calls it instead (a lab stops and
    /// reports what it measured, a server shuts down); a second signal exits.
    public static func installSignalHandlers(_ signals: [Int32] = [SIGINT, SIGTERM, SIGHUP], onInterrupt: (@Sendable () -> Void)? = nil) {
        let interrupts = SharedCounter()
        watcher = SignalWatcher(signals: signals) { number in
            if number == SIGINT || number == SIGTERM, let onInterrupt, interrupts.add(1) == 0 {
                onInterrupt()
                return
            }
            run()
            exit(128 + number)
        }
    }
}
