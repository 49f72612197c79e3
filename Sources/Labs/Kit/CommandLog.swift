import RESP
import RedisClient
import Synchronization

/// Every command a lab sends, counted by name, with the first few of each kind kept as a
/// student would type them (`--show-commands`). Counts are exact: `commands_per_request`
/// and similar figures come from here, not from estimates.
public final class CommandLog: Sendable {
    /// How many examples of each command name are kept.
    public let examplesPerKind: Int
    private struct State {
        var counts: [String: Int] = [:]
        var order: [String] = []
        var examples: [String: [RedisCommand]] = [:]
    }
    private let state = Mutex(State())

    public init(examplesPerKind: Int = 3) {
        self.examplesPerKind = examplesPerKind
    }

    public func record(_ commands: some Collection<RedisCommand>) {
        state.withLock { state in
            for command in commands {
                let name = command.name
                if state.counts[name] == nil { state.order.append(name) }
                state.counts[name, default: 0] += 1
                if state.examples[name, default: []].count < examplesPerKind { state.examples[name, default: []].append(command) }
            }
        }
    }

    /// Commands sent so far, all kinds.
    public var total: Int { state.withLock { $0.counts.values.reduce(0, +) } }

    /// Counts by command name, in the order each name was first sent.
    public var counts: [(name: String, count: Int)] {
        state.withLock { state in state.order.map { ($0, state.counts[$0] ?? 0) } }
    }

    /// The first commands of each kind, in the order each name was first sent.
    public var examples: [(name: String, count: Int, commands: [RedisCommand])] {
        state.withLock { state in state.order.map { ($0, state.counts[$0] ?? 0, state.examples[$0] ?? []) } }
    }
}

/// A connection whose commands are recorded in a `CommandLog` before they are sent.
public struct LoggedSender: LabConnection {
    public let inner: any LabConnection
    public let log: CommandLog

    public init(_ inner: any LabConnection, log: CommandLog) {
        self.inner = inner
        self.log = log
    }

    public func send(_ command: RedisCommand) async throws -> RESPValue {
        log.record(CollectionOfOne(command))
        return try await inner.send(command)
    }

    public func pipeline(_ commands: [RedisCommand]) async throws -> [RESPValue] {
        log.record(commands)
        return try await inner.pipeline(commands)
    }

    public func submit(_ commands: [RedisCommand]) -> PendingReplies {
        log.record(commands)
        return inner.submit(commands)
    }

    public func sendWithoutWaiting(_ command: RedisCommand) {
        log.record(CollectionOfOne(command))
        inner.sendWithoutWaiting(command)
    }

    public func close() async {
        await inner.close()
    }

    public var taskExecutor: (any TaskExecutor)? { inner.taskExecutor }

    public var clusterMasters: [any LabConnection]? { inner.clusterMasters?.map { LoggedSender($0, log: log) } }
}
