/// Numbers and sentences as lab reports print them.
enum Format {
    /// Up to three decimals, trailing zeros dropped: `5`, `0.25`, `1.333`.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "–" }
        let scaled = (value * 1000).rounded()
        let whole = Int64(scaled / 1000)
        var fraction = Int64(abs(scaled.truncatingRemainder(dividingBy: 1000)))
        guard fraction != 0 else { return (value < 0 && whole == 0 ? "-" : "") + grouped(Int(whole)) }
        var digits = 3
        while fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        let text = String(fraction)
        return (value < 0 && whole == 0 ? "-" : "") + grouped(Int(whole)) + "." + String(repeating: "0", count: digits - text.count) + text
    }

    /// Thousands separated by commas: `20,000`.
    static func grouped(_ value: Int) -> String {
        let digits = String(abs(value))
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return (value < 0 ? "-" : "") + out
    }

    /// A share as `0.9512`, four decimals, trailing zeros dropped (`1.0`, `0.5`).
    static func ratio(_ value: Double) -> String {
        let tenThousandths = Int((value * 10_000).rounded())
        var fraction = String(tenThousandths % 10_000)
        fraction = String(repeating: "0", count: 4 - fraction.count) + fraction
        while fraction.count > 1 && fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(tenThousandths / 10_000).\(fraction)"
    }

    /// A share as `95.1%`.
    static func percent(_ value: Double) -> String {
        number((value * 1000).rounded() / 10) + "%"
    }

    /// `1 time`, `3 times`: the count, grouped, and the noun in the right number.
    static func count(_ value: Int, _ noun: String, plural: String? = nil) -> String {
        "\(grouped(value)) \(value == 1 ? noun : (plural ?? noun + "s"))"
    }

    /// Bytes as people read them: `512 B`, `1.5 KiB`, `23.4 MiB`.
    static func bytes(_ value: Int64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var amount = Double(value)
        var unit = 0
        while abs(amount) >= 1024 && unit < units.count - 1 {
            amount /= 1024
            unit += 1
        }
        return unit == 0 ? "\(value) B" : "\(number((amount * 10).rounded() / 10)) \(units[unit])"
    }

    /// `a`, `a and b`, `a, b and c`.
    static func list(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " and " + (items.last ?? "")
    }

    /// Words wrapped to `width` columns, each line starting with `indent`.
    static func wrap(_ text: String, width: Int, indent: String) -> String {
        var lines: [String] = []
        var line = indent
        for word in text.split(separator: " ") {
            if line.count > indent.count && line.count + 1 + word.count > width {
                lines.append(line)
                line = indent
            }
            line += (line.count > indent.count ? " " : "") + word
        }
        if line.count > indent.count { lines.append(line) }
        return lines.joined(separator: "\n")
    }

    /// The paragraph under every report: its sentences, wrapped to the terminal (100 columns
    /// at most), under the heading "What this shows"; nothing when no sentence applies.
    static func whatThisShows(_ sentences: [String], style: TextStyle) -> String {
        guard !sentences.isEmpty else { return "" }
        return "\nWhat this shows\n" + wrap(sentences.joined(separator: " "), width: min(style.width, 100), indent: "  ") + "\n"
    }
}
