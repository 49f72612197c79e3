/// A row of values as one line of block heights (`▁▂▃▄▅▆▇█` on a terminal, ` .:-=+*#` in
/// plain text), scaled to the row's largest value; zero is a blank, so gaps show. Squeezed
/// to `style.width` by summing neighbours when the row is longer.
public enum Sparkline {
    public static func render(_ values: [Int], style: TextStyle, reserve: Int = 30) -> String {
        let room = max(10, style.width - reserve)
        var row = values
        if row.count > room {
            let group = (row.count + room - 1) / room
            row = stride(from: 0, to: row.count, by: group).map { start in row[start..<min(start + group, row.count)].reduce(0, +) }
        }
        let levels: [Character] = style.unicode ? ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"] : [".", ":", "-", "=", "+", "*", "#", "@"]
        let largest = row.max() ?? 0
        return String(
            row.map { value -> Character in
                guard value > 0, largest > 0 else { return " " }
                return levels[min(levels.count - 1, (value * levels.count - 1) / largest)]
            })
    }
}
