/// The workbench's version, shown by `help` and `--version`. `commit` comes from the
/// BuildCommit plugin (Plugins/BuildCommit), run before every build.
public enum Version {
    public static let number = "0.2.0"

    /// `0.2.0 (commit 1a2b3c4d5e6f)`.
    public static var current: String { "\(number) (commit \(commit))" }
}
