/// The process's environment, read once by the executable and passed down as a value.
public enum ProcessEnvironment {
    public static var variables: [String: String] { POSIX.environment() }
}
