/// Decides whether a logical line may be written to the history file: not a blank line,
/// not a line that starts with a space or a tab (like bash's `ignorespace`: type a leading
/// space to keep any line out of the history), and not a line that carries a secret
/// (`Secrets.isSensitive`, the same rule transcripts, JSON lines, JUnit reports and `.trace`
/// use).
public enum HistoryPolicy {
    public static func mayRecord(_ line: String) -> Bool {
        guard let first = line.unicodeScalars.first else { return false }
        if first == " " || first == "\t" { return false }
        return !Secrets.isSensitive(line: line)
    }
}
