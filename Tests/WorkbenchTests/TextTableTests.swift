import Testing

@testable import Workbench

/// Reports fit the terminal: a table wider than it is stacked, a block per row; piped output
/// keeps its columns whatever their width, for the scripts that parse them.
@Suite struct TextTableTests {
    private var table: TextTable {
        var table = TextTable(["algorithm", "requests", "allowed", "max in window", "needless denials", "decisions/s"])
        table.add(["fixed-window", "72,000", "60,000", "120", "0", "41,234"])
        table.add(["gcra", "72,000", "59,990", "100", "12", "39,876"])
        return table
    }

    @Test func aWideEnoughTerminalGetsColumns() {
        let text = table.render(style: TextStyle(width: 120, unicode: false, tableWidth: 120))
        let lines = text.split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines[0].hasPrefix("algorithm"))
        #expect(lines[2].hasPrefix("fixed-window") && lines[2].hasSuffix("41,234"))
    }

    @Test func aNarrowTerminalGetsABlockPerRowWithinItsWidth() {
        let text = table.render(style: TextStyle(width: 40, unicode: false, tableWidth: 40))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.allSatisfy { $0.count <= 40 }, "\(text)")
        #expect(text.contains("fixed-window\n  requests          72,000\n"), "\(text)")
        #expect(text.contains("\n\ngcra\n"), "\(text)")
        #expect(text.contains("  needless denials  12\n"), "\(text)")
    }

    @Test func pipedOutputKeepsItsColumnsAtAnyWidth() {
        let text = table.render(style: .plain)
        #expect(text.split(separator: "\n").count == 4)
        #expect(text.split(separator: "\n")[0].count > 40)
    }
}
