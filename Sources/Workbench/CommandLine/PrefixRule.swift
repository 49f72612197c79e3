import ArgumentParser

/// An empty prefix would let `.clean` remove every key: refused.
public enum PrefixRule {
    public static func validate(_ prefix: String) throws {
        if prefix.isEmpty { throw ValidationError("--prefix cannot be empty: .clean removes every key under it") }
    }
}
