import Synchronization

/// What the endpoint answered, counted as it goes, for the line it prints when it stops.
final class KVStats: Sendable {
    private let requestCount = Atomic<Int>(0)
    private let commandCount = Atomic<Int>(0)
    private let errorReplyCount = Atomic<Int>(0)
    private let refusedCount = Atomic<Int>(0)
    private let unauthorizedCount = Atomic<Int>(0)

    func request() { requestCount.add(1, ordering: .relaxed) }
    func commands(_ count: Int) { commandCount.add(count, ordering: .relaxed) }
    func errorReply() { errorReplyCount.add(1, ordering: .relaxed) }
    func refused() { refusedCount.add(1, ordering: .relaxed) }
    func unauthorized() { unauthorizedCount.add(1, ordering: .relaxed) }

    /// Also a sync token: it only grows, and a read answered after it saw every command before.
    var commandsRun: Int { commandCount.load(ordering: .relaxed) }

    var summary: String {
        let requests = requestCount.load(ordering: .relaxed)
        let commands = commandCount.load(ordering: .relaxed)
        let errors = errorReplyCount.load(ordering: .relaxed)
        let refused = refusedCount.load(ordering: .relaxed)
        let unauthorized = unauthorizedCount.load(ordering: .relaxed)
        return
            "\(requests) request\(requests == 1 ? "" : "s"), \(commands) command\(commands == 1 ? "" : "s") run, \(errors) error repl\(errors == 1 ? "y" : "ies"), \(refused) refused, \(unauthorized) unauthorized"
    }
}
