import RESP
import RedisClient

/// One real connection a lab's client uses: commands, pipelines, a command whose reply
/// nobody waits for (the tutorial's `client.set(…)` without `await`), and closing.
public protocol LabConnection: RedisCommandSender {
    /// Writes the command now, in order with the connection's other commands, and ignores
    /// its reply (errors included).
    func sendWithoutWaiting(_ command: RedisCommand)
    /// Writes a pipeline now (in order with what is written after) without waiting for it.
    func submit(_ commands: [RedisCommand]) -> PendingReplies
    func close() async
    /// Where a task using only this connection runs best (its I/O thread), if anywhere.
    var taskExecutor: (any TaskExecutor)? { get }
    /// On a cluster, a plain connection to each master: INFO, DBSIZE, MEMORY STATS and SCAN
    /// answer for one node, so whole-database figures are read from each (`fetchTotal`,
    /// `KeySpace`). Nil on one server.
    var clusterMasters: [any LabConnection]? { get }
}

extension LabConnection {
    public var clusterMasters: [any LabConnection]? { nil }
}

extension RedisConnection: LabConnection {
    public var taskExecutor: (any TaskExecutor)? { EventLoopTaskExecutor(eventLoop) }
}
