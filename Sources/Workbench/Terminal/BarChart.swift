/// Horizontal bars, one per label, scaled to the largest value: where a comparison is the
/// point of a report (backend queries per strategy). Unicode eighth-blocks on a terminal,
/// `#` elsewhere.
public struct BarChart: Sendable {
    public var title: String
    public var bars: [(label: String, value: Double, text: String)] = []

    public init(title: String) {
        self.title = title
    }

    public mutating func add(_ label: String, _ value: Double, text: String) {
        bars.append((label, value, text))
    }

    public func render(style: TextStyle) -> String {
        guard !bars.isEmpty else { return "" }
        let labelWidth = bars.map(\.label.count).max() ?? 0
        let textWidth = bars.map(\.text.count).max() ?? 0
        let room = max(10, min(50, style.width - labelWidth - textWidth - 4))
        let largest = bars.map(\.value).max() ?? 0
        var out = title + "\n"
        for bar in bars {
            let share = largest > 0 ? max(0, bar.value) / largest : 0
            let label = bar.label + String(repeating: " ", count: labelWidth - bar.label.count)
            out += "  \(label) \(Self.bar(share * Double(room), unicode: style.unicode)) \(bar.text)".trimmingTrailingSpaces() + "\n"
        }
        return out
    }

    /// A bar `cells` characters long, to an eighth of a cell on a terminal.
    static func bar(_ cells: Double, unicode: Bool) -> String {
        guard unicode else { return String(repeating: "#", count: Int(cells.rounded())) }
        let eighths = Int((cells * 8).rounded())
        let partials = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        return String(repeating: "█", count: eighths / 8) + partials[eighths % 8]
    }
}
