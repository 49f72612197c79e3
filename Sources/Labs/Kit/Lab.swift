import RESP
import RedisClient

/// A question about Redis answered with numbers. A lab is its configuration (what the user
/// asked for, encoded as the report's `options`); `run` does the work through the context
/// and returns a report value. Labs never print: the workbench renders reports.
public protocol Lab: Encodable, Sendable {
    associatedtype Report: LabReport
    /// `cache-aside`: the word after `rwb lab`.
    static var name: String { get }
    /// One line for `rwb lab`'s list.
    static var summary: String { get }
    /// What the lab needs from the runner; it gets those capabilities and no others.
    static var needs: LabNeeds { get }
    func run(_ context: LabContext) async throws -> Report
    /// Why this configuration of a lab that `runsOverREST` cannot run over a REST endpoint
    /// (a variant that needs a transaction, or one exchange that is several commands), or nil.
    var refusalOverREST: String? { get }
}

extension Lab {
    public static var needs: LabNeeds { LabNeeds() }

    public var refusalOverREST: String? { nil }
}

/// What a lab needs, declared once: the runner alone picks the server, checks permission,
/// cleans up, and hands the lab only the capabilities named here.
public struct LabNeeds: Sendable, Equatable {
    public enum Server: Sendable, Equatable {
        /// The session's server (or cluster): `context.redis` and `context.connect`.
        case session
        /// Throwaway deployments of its own, which it may crash and must stop:
        /// `context.startCluster` and `context.startSentinel`.
        case ownDeployment
        /// None: the lab talks to something else (an HTTP API).
        case none
    }

    public enum Kind: Sendable, Equatable {
        /// A question answered with numbers: `rwb lab NAME`, a seed in its header.
        case lab
        /// A tool over the user's data (`rwb analyze`): its own subcommand, no seed shown.
        case tool
    }

    public var server: Server
    /// It writes keys under its prefix: the runner clears leftovers first, removes them on
    /// every way out (unless `--keep`) and checks that DBSIZE came back.
    public var writesKeys: Bool
    /// It changes the server's configuration (maxmemory, the policy): it runs only on a
    /// throwaway server or with `--allow-config`, and gets `context.config` to do it.
    public var changesConfig: Bool
    /// It runs until stopped (a server): Ctrl-C ends it normally, its report not partial.
    public var endsOnInterrupt: Bool
    /// On a cluster it reads each master itself (`context.nodes`) rather than through the
    /// slot router.
    public var readsEachNode: Bool
    public var kind: Kind
    /// It may run over a REST endpoint (`--rest`): every command it sends is one an endpoint
    /// answers (no pushes, blocking commands, transactions or configuration changes), and it
    /// asks nothing of its connections that `RESTLabConnection` can only pretend to give.
    public var runsOverREST: Bool

    public init(
        server: Server = .session, writesKeys: Bool = true, changesConfig: Bool = false, endsOnInterrupt: Bool = false,
        readsEachNode: Bool = false,
        kind: Kind = .lab, runsOverREST: Bool = false
    ) {
        self.server = server
        self.writesKeys = writesKeys
        self.changesConfig = changesConfig
        self.endsOnInterrupt = endsOnInterrupt
        self.readsEachNode = readsEachNode
        self.kind = kind
        self.runsOverREST = runsOverREST
    }
}

/// What a lab returns: its numbers, encoded with snake_case names.
public protocol LabReport: Encodable, Sendable {
    /// Paths (as `.expect lab.PATH` names them, `*` for every row or key) of the fields that
    /// vary between two runs with the same seed: times, rates, anything a scheduler decides.
    var timingDependent: [String] { get }
}

/// Thrown by a lab that stops before the end (Ctrl-C, a lost server): the report holds what
/// was measured up to then, and is shown marked partial.
public struct LabStopped<Report: LabReport>: Error {
    public var partial: Report
    public var reason: any Error

    public init(partial: Report, reason: any Error) {
        self.partial = partial
        self.reason = reason
    }

    /// True when the stop was asked for (Ctrl-C), not caused by a failure.
    public var wasCancelled: Bool {
        if reason is CancellationError { return true }
        if let client = reason as? RedisClientError, client.code == .cancelled { return true }
        return false
    }
}

/// Progress of a long run, for a bar on a terminal.
public protocol ProgressSink: Sendable {
    /// `done` of `total` units of the phase called `phase` are finished.
    func update(phase: String, done: Int, total: Int)
}

public struct NoProgress: ProgressSink {
    public init() {}
    public func update(phase: String, done: Int, total: Int) {}
}

/// Everything a lab may use: connections, time, chance, where its keys go, and the
/// capabilities it declared in `LabNeeds` (nil or empty when it did not). Built by the
/// workbench's lab runner.
public struct LabContext: Sendable {
    /// The main connection (setup, INFO, cleanup).
    public var redis: any LabConnection
    /// Opens another real connection to the same server (one per simulated client).
    public var connect: @Sendable () async throws -> any LabConnection
    /// Opens a `DirectConnection` (logged like `connect`'s), for a timed loop of one command
    /// at a time; nil where there is none (TLS, a cluster): `connect` then.
    public var connectDirect: (@Sendable () async throws -> any LabConnection)?
    public var clock: any WorkClock
    public var seed: UInt64
    public var keys: KeySpace
    /// How to reach the session's server, for a lab that puts a server of its own in front of
    /// it (the serverless lab's REST endpoint); nil without one.
    public var serverOptions: ConnectionOptions?
    /// Every command sent through `redis` and `connect`'s connections.
    public var commands: CommandLog
    public var progress: any ProgressSink
    /// A line to show as the lab runs (a server's request log).
    public var log: @Sendable (String) -> Void
    /// The user asked for JSON: such lines are JSON objects too.
    public var json: Bool
    /// A private directory for this run's files, made by the runner and removed with
    /// everything in it however the run ends.
    public var scratchDirectory: String
    /// The server's settings, for a lab that declared `changesConfig` and may change them (a
    /// throwaway server, or `--allow-config`); every value it changes is put back.
    public var config: ConfigGuard?
    /// Starts a throwaway cluster (3 masters, 1 replica each), for a lab that owns its
    /// deployment.
    public var startCluster: (@Sendable () async throws -> any ThrowawayDeployment)?
    /// Starts a throwaway master, replica and three Sentinels, likewise.
    public var startSentinel: (@Sendable () async throws -> any ThrowawayDeployment)?
    /// On a cluster, each master, for a lab that reads every node (`analyze`); empty on a
    /// plain server.
    public var nodes: [LabNode] = []
    /// Opens a connection whose out-of-band traffic (pub/sub messages, RESP3 pushes such as
    /// CLIENT TRACKING's invalidations) goes to `onPush` on an I/O thread, in arrival order;
    /// `resp3` asks for HELLO 3. Its commands are logged like `connect`'s. On a cluster it is
    /// a plain connection to the first master (PUBLISH reaches subscribers on every node).
    public var listen: @Sendable (_ resp3: Bool, _ onPush: @escaping @Sendable (RESPValue) -> Void) async throws -> any LabConnection = {
        _, _ in throw LabError("this lab's runner cannot open a listening connection")
    }

    public init(
        redis: any LabConnection, connect: @escaping @Sendable () async throws -> any LabConnection, clock: any WorkClock,
        seed: UInt64, keys: KeySpace, commands: CommandLog, progress: any ProgressSink = NoProgress(),
        log: @escaping @Sendable (String) -> Void = { _ in }, json: Bool = false, scratchDirectory: String
    ) {
        self.log = log
        self.json = json
        self.redis = redis
        self.connect = connect
        self.clock = clock
        self.seed = seed
        self.keys = keys
        self.commands = commands
        self.progress = progress
        self.scratchDirectory = scratchDirectory
    }

    /// The config guard, or why there is none: a lab that did not declare `changesConfig`.
    public func configGuard() throws -> ConfigGuard {
        guard let config else {
            throw LabError("this lab did not declare that it changes the server's configuration (LabNeeds.changesConfig)")
        }
        return config
    }

    /// A fresh generator for one part of the run (a client, a phase): the same seed and
    /// stream always give the same numbers.
    public func generator(stream: UInt64) -> SeededGenerator {
        SeededGenerator(seed: seed).split(stream)
    }

    /// Opens `count` connections, closing those already open if one fails.
    public func connections(_ count: Int) async throws -> [any LabConnection] {
        var opened: [any LabConnection] = []
        do {
            for _ in 0..<count { opened.append(try await connect()) }
        } catch {
            for connection in opened { await connection.close() }
            throw error
        }
        return opened
    }
}

/// One master of a cluster as a tool sees it: its name and a way to open a plain
/// connection to it (every key a SCAN on it finds lives there, so no redirection arises).
public struct LabNode: Sendable {
    public var name: String
    public var connect: @Sendable () async throws -> any LabConnection

    public init(name: String, connect: @escaping @Sendable () async throws -> any LabConnection) {
        self.name = name
        self.connect = connect
    }
}
