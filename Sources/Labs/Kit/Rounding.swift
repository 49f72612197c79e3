/// Figures as reports give them: a few decimal places, so that two runs with one seed print
/// the same digits and JSON carries no float noise.
enum Rounding {
    /// `value` to `places` decimal places.
    static func rounded(_ value: Double, _ places: Int) -> Double {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        return (value * scale).rounded() / scale
    }

    /// part / whole to four places; 0 when there is no whole.
    static func ratio(_ part: Int, _ whole: Int) -> Double {
        whole == 0 ? 0 : rounded(Double(part) / Double(whole), 4)
    }
}
