import RedisCommands

/// Which lines carry a secret, and how such a line is shown where it must appear at all.
/// One rule for every place a line can leave the process: the history file (never
/// written), `.trace` (hidden), transcripts (`run --echo`), JSON lines and JUnit reports
/// (redacted).
///
/// Sensitive:
/// - Redis commands that carry a password (`CommandFacts.carriesSecret`: AUTH, HELLO … AUTH,
///   ACL SETUSER/GETUSER/DELUSER, CONFIG SET of a password parameter, MIGRATE … AUTH/AUTH2,
///   SENTINEL … auth-pass);
/// - dot-commands with `--pass`, `--password` (or `--pass=…`, `--password=…`) or a URL
///   carrying user info (`redis://user:pass@host`); `.connect` also with `-a…` or any
///   argument holding an `@` (`bob:pw@host`, `:pw@host`: user info without a scheme).
///
/// Matching is case-insensitive and works on the arguments as `CommandLineSplitter`
/// produces them, after an optional leading repeat count (redis-cli's `5 PING`). A line
/// that does not split (unbalanced quotes) is judged conservatively: sensitive when it
/// contains `auth`, `pass`, `user` or `@` in any case.
public enum Secrets {
    public static func isSensitive(line: String) -> Bool {
        guard let arguments = try? CommandLineSplitter.splitStrings(line) else { return mightHoldSecret(line) }
        return isSensitive(arguments: arguments)
    }

    /// True when the already split arguments make a command that carries a secret.
    public static func isSensitive(arguments: [String]) -> Bool {
        isSensitiveLowercased(arguments.map { $0.lowercased() })
    }

    /// The line as a transcript, a JSON line or a JUnit report shows it: unchanged, or, when
    /// it carries a secret, its command name (and subcommand) followed by `***`.
    public static func redacted(_ line: String) -> String {
        guard isSensitive(line: line) else { return line }
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init)
        var kept = 0
        if let first = words.first, first.allSatisfy({ $0.isASCII && $0.isNumber }) { kept += 1 }
        if kept < words.count { kept += 1 }
        if kept < words.count, containers.contains(words[kept - 1].lowercased()) { kept += 1 }
        return (words.prefix(kept) + ["***"]).joined(separator: " ")
    }

    /// Commands whose second word names what they do (`CONFIG SET`, `ACL SETUSER`).
    private static let containers: Set<String> = ["acl", "config", "sentinel"]

    private static func isSensitiveLowercased(_ allArgs: [String]) -> Bool {
        var args = allArgs[...]
        // redis-cli's repeat prefix: "3 AUTH pw" runs AUTH three times.
        if let first = args.first, !first.isEmpty, first.allSatisfy({ $0.isASCII && $0.isNumber }) {
            args = args.dropFirst()
        }
        guard let command = args.first else { return false }
        guard command.hasPrefix(".") else { return CommandFacts.carriesSecret(lowercased: args) }
        return dotCommandCarriesPassword(isConnect: command == ".connect", options: args.dropFirst())
    }

    private static func dotCommandCarriesPassword(isConnect: Bool, options: ArraySlice<String>) -> Bool {
        for option in options {
            if option == "--pass" || option == "--password" || option.hasPrefix("--pass=")
                || option.hasPrefix("--password=")
            {
                return true
            }
            if isConnect, (option.hasPrefix("-a") && !option.hasPrefix("--")) || option.contains("@") { return true }
            if urlHasUserInfo(option) { return true }
        }
        return false
    }

    /// `scheme://userinfo@host…`: an `@` in the authority part.
    private static func urlHasUserInfo(_ argument: String) -> Bool {
        guard let schemeEnd = argument.firstRange(of: "://") else { return false }
        let authority = argument[schemeEnd.upperBound...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        return authority.contains("@")
    }

    private static func mightHoldSecret(_ line: String) -> Bool {
        let lower = line.lowercased()
        return ["auth", "pass", "user", "@"].contains { lower.contains($0) }
    }
}
