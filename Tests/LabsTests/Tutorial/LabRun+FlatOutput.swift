extension LabRun {
    /// The printed text with its line wrapping undone (What this shows wraps sentences).
    var flatOutput: String { output.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
}
