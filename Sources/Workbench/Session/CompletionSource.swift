import RESP
import RedisClient
import RedisCommands

/// Names for TAB completion: commands (the server's COMMAND LIST, so module commands
/// complete too, asked once) and key names (a bounded SCAN).
enum CompletionSource {
    /// Upper case, subcommands as `CONFIG GET`.
    static let builtInNames = CommandCatalog.entries.map(\.name)

    /// The server's names and the built-in ones, sorted; nil when the server cannot say.
    static func serverCommandNames(client: RedisClient?) async -> [String]? {
        guard let client, await client.isConnected,
            let reply = try? await client.send(["COMMAND", "LIST"], timeout: .milliseconds(500)), let names = reply.elements
        else { return nil }
        // COMMAND LIST spells subcommands `CONFIG|GET`.
        let fromServer = names.compactMap(\.string).map { String($0.uppercased().map { $0 == "|" ? " " : $0 }) }
        return Array(Set(fromServer + builtInNames)).sorted()
    }

    /// Key names starting with `prefix`: at most 5 SCAN rounds of 300 ms, or `limit` names.
    static func keyNames(client: RedisClient?, startingWith prefix: String, limit: Int = 200) async -> [String] {
        guard let client, await client.isConnected else { return [] }
        var names: Set<String> = []
        var cursor = "0"
        for _ in 0..<5 {
            let scan = RedisCommand(bytes: [
                Array("SCAN".utf8), Array(cursor.utf8), Array("MATCH".utf8), GlobPattern.prefix(Array(prefix.utf8)), Array("COUNT".utf8),
                Array("200".utf8),
            ])
            guard let reply = try? await client.send(scan, timeout: .milliseconds(300)), let page = ScanPage(reply) else { break }
            page.keys.forEach { names.insert(String(decoding: $0, as: UTF8.self)) }
            cursor = page.cursor
            if cursor == "0" || names.count >= limit { break }
        }
        return names.sorted()
    }
}
