/// A table of text: a header row, aligned columns (numbers to the right), a rule under the
/// header. Cells are plain strings; the caller formats numbers.
public struct TextTable: Sendable {
    public enum Alignment: Sendable {
        case left, right
    }

    public var headers: [String]
    public var alignments: [Alignment]
    public var rows: [[String]] = []

    public init(_ headers: [String], alignments: [Alignment]? = nil) {
        self.headers = headers
        self.alignments = alignments ?? headers.indices.map { $0 == 0 ? .left : .right }
    }

    public mutating func add(_ row: [String]) {
        rows.append(row)
    }

    /// Columns, or on a terminal too narrow for them a block per row: the first cell as the
    /// block's title, then each other column as `header  value`.
    public func render(style: TextStyle) -> String {
        var widths = headers.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count { widths[index] = max(widths[index], cell.count) }
        }
        let total = widths.reduce(0, +) + 2 * max(0, widths.count - 1)
        if let limit = style.tableWidth, total > limit { return stacked() }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                let pad = String(repeating: " ", count: max(0, widths[index] - cell.count))
                return alignments[index] == .left ? cell + pad : pad + cell
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
        let rule = widths.map { String(repeating: style.unicode ? "─" : "-", count: $0) }.joined(separator: "  ")
        return ([line(headers), rule] + rows.map(line)).joined(separator: "\n") + "\n"
    }

    private func stacked() -> String {
        let labelWidth = headers.dropFirst().map(\.count).max() ?? 0
        let blocks = rows.map { row in
            let fields = zip(headers, row).dropFirst().map { header, cell in
                "  " + header + String(repeating: " ", count: labelWidth - header.count) + "  " + cell
            }
            return ([row.first ?? ""] + fields).map { $0.trimmingTrailingSpaces() }.joined(separator: "\n")
        }
        return blocks.joined(separator: "\n\n") + "\n"
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var result = self
        while result.last == " " { result.removeLast() }
        return result
    }
}
