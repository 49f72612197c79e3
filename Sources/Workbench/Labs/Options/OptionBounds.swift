import ArgumentParser

/// The one place numeric options are checked: every number a lab, `top` or `analyze` takes
/// goes through one of these in its `validate()`, with both ends given. A value outside the
/// range, NaN and the infinities included (no range contains them), is a usage error that
/// names the allowed range, so nothing later converts an absurd value and traps.
public enum OptionBounds {
    public static func check(_ option: String, _ value: Int, _ range: ClosedRange<Int>, _ unit: String = "") throws {
        guard range.contains(value) else {
            throw ValidationError("\(option) \(value): from \(range.lowerBound) to \(range.upperBound)\(unit.isEmpty ? "" : " " + unit)")
        }
    }

    public static func check(_ option: String, _ value: Int?, _ range: ClosedRange<Int>, _ unit: String = "") throws {
        if let value { try check(option, value, range, unit) }
    }

    public static func check(_ option: String, _ value: Double, _ range: ClosedRange<Double>, _ unit: String = "") throws {
        guard range.contains(value) else {
            throw ValidationError(
                "\(option) \(value): from \(DurationArgument.trimmed(range.lowerBound)) to \(DurationArgument.trimmed(range.upperBound))\(unit.isEmpty ? "" : " " + unit)"
            )
        }
    }

    /// A number that must be above `lowerBound` (a rate, a multiple, XFetch's beta): 0 itself
    /// is refused.
    public static func check(_ option: String, _ value: Double, above lowerBound: Double, upTo upperBound: Double, _ unit: String = "")
        throws
    {
        guard value > lowerBound, value <= upperBound else {
            throw ValidationError(
                "\(option) \(value): more than \(DurationArgument.trimmed(lowerBound)), up to \(DurationArgument.trimmed(upperBound))\(unit.isEmpty ? "" : " " + unit)"
            )
        }
    }

    /// `range` in seconds.
    public static func check(_ option: String, _ value: DurationArgument, _ range: ClosedRange<Double>) throws {
        guard range.contains(value.seconds) else {
            throw ValidationError(
                "\(option) \(value): from \(DurationArgument.spelled(range.lowerBound)) to \(DurationArgument.spelled(range.upperBound))")
        }
    }

    public static func check(_ option: String, _ value: DurationArgument?, _ range: ClosedRange<Double>) throws {
        if let value { try check(option, value, range) }
    }
}

/// `--strategy naive,lock`, `--layout all`: a comma-separated list of names, or `all`. An
/// empty list, an empty name or a repeated one is refused.
enum NameList {
    static func parse<T>(_ option: String, _ text: String, choices: [T], name: (T) -> String) throws -> [T] {
        let all = choices.map(name)
        let help = "one of \(all.joined(separator: ", ")), or all"
        if text.lowercased() == "all" { return choices }
        let words = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.lowercased() }
        guard !words.isEmpty, !words.contains(where: \.isEmpty) else {
            throw ValidationError("\(option) '\(text)': names separated by commas, \(help)")
        }
        var chosen: [T] = []
        for word in words {
            guard let index = all.firstIndex(of: word) else { throw ValidationError("\(option) \(word): \(help)") }
            guard !chosen.contains(where: { name($0) == word }) else { throw ValidationError("\(option) \(word): named twice") }
            chosen.append(choices[index])
        }
        return chosen
    }
}
