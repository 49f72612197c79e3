import ArgumentParser
import Workbench

/// `rwb analyze [options]`: where the memory goes (the same parser as `.analyze`).
struct AnalyzeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Where the memory goes: by type, key pattern, largest keys, keys without a TTL (SCAN, read-only).",
        helpNames: [.long]
    )

    @Argument(parsing: .captureForPassthrough, help: "Options (rwb analyze --help lists them).")
    var words: [String] = []

    func run() async throws {
        guard let tool = LabCatalog.tool("analyze") else { throw ExitCode(2) }
        throw ExitCode(await tool.shell(words))
    }
}
