/// The process's environment, read once by the executable and passed down as a value.
public enum ProcessEnvironment {
    public static var variables: [String: String] { POSIX.environment() }

    /// All of standard input (`-x`), however long.
    public static func standardInput() -> [UInt8] {
        POSIX.readAll(descriptor: 0, limit: .max) ?? []
    }
}
