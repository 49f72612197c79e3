extension String {
    /// The string without leading and trailing characters from `set` (no Foundation here).
    public func trimmingCharacters(in set: String) -> String {
        String(drop { set.contains($0) }.reversed().drop { set.contains($0) }.reversed())
    }
}
