import ArgumentParser
import Workbench

/// `rwb top [options]`: the live dashboard (the same entry as `.top`, in `LabCatalog.tools`).
struct TopCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "top",
        abstract: "A live dashboard: ops/s, hit ratio, memory and maxmemory, evictions, clients, keys, slow commands.",
        helpNames: [.long]
    )

    @Argument(parsing: .captureForPassthrough, help: "Options (rwb top --help lists them).")
    var words: [String] = []

    func run() async throws {
        guard let tool = LabCatalog.tool("top") else { throw ExitCode(2) }
        throw ExitCode(await tool.shell(words))
    }
}
