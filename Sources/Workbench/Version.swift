/// The workbench's version, shown by `help` and `--version`.
public enum Version {
    public static let current = "0.1.0"
}
