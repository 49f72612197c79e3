extension StringProtocol {
    /// Without leading and trailing characters from `set` (no Foundation in the kit).
    func trimmingCharacters(in set: String) -> String {
        String(drop { set.contains($0) }.reversed().drop { set.contains($0) }.reversed())
    }
}
