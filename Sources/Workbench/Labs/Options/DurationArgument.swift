import ArgumentParser

/// A length of time on the command line: `60s`, `500ms`, `2m`, `1h`, or a bare number of
/// seconds (`1.5`).
public struct DurationArgument: ExpressibleByArgument, Sendable, Equatable, CustomStringConvertible {
    public var seconds: Double

    public init(seconds: Double) {
        self.seconds = seconds
    }

    public init?(argument: String) {
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        for (suffix, scale) in units where argument.hasSuffix(suffix) {
            guard let number = Double(argument.dropLast(suffix.count)), number.isFinite else { return nil }
            seconds = number * scale
            return
        }
        guard let number = Double(argument), number.isFinite else { return nil }
        seconds = number
    }

    public var description: String {
        if seconds < 1, seconds > 0 { return "\(Self.trimmed(seconds * 1000))ms" }
        return "\(Self.trimmed(seconds))s"
    }

    public var defaultValueDescription: String { description }

    /// A whole number without its ".0"; any other value (also one too large for an integer:
    /// a range check prints the value it refuses) as Swift spells it.
    static func trimmed(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    /// A bound as a person writes it: `1ms`, `100ms`, `1s`, `10m`, `24h`.
    static func spelled(_ seconds: Double) -> String {
        if seconds >= 3600, seconds.truncatingRemainder(dividingBy: 3600) == 0 { return "\(trimmed(seconds / 3600))h" }
        if seconds >= 60, seconds.truncatingRemainder(dividingBy: 60) == 0 { return "\(trimmed(seconds / 60))m" }
        return DurationArgument(seconds: seconds).description
    }
}
