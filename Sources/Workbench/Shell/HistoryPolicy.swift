/// Decides whether a logical line may be written to the history file.
///
/// Never recorded:
/// - empty or blank lines;
/// - lines that start with a space or a tab (like bash's `ignorespace`: type a
///   leading space to keep any line out of the history);
/// - `AUTH …`;
/// - `HELLO …` with an `AUTH` argument anywhere after the command name;
/// - `ACL SETUSER`, `ACL GETUSER`, `ACL DELUSER`;
/// - `CONFIG SET` naming `requirepass`, `masterauth`, `masteruser`,
///   `tls-key-file-pass` or `tls-client-key-file-pass` anywhere in its
///   parameter/value list (so also in a multi-parameter CONFIG SET);
/// - `MIGRATE …` with an `AUTH` or `AUTH2` argument;
/// - `SENTINEL …` with `auth-pass`, `auth-user` or `sentinel-pass`;
/// - `.connect` with `-a`, `-aSECRET`, `--pass`, `--password` (or `--pass=…`,
///   `--password=…`), or any URL carrying user info (`redis://user:pass@host`,
///   `redis://pass@host`); the URL and `--pass`/`--password` checks apply to
///   every dot command, since any of them may take a server URL.
///
/// Matching is case-insensitive and works on the arguments as
/// `CommandLineSplitter` produces them, after an optional leading repeat count
/// (redis-cli's `5 PING`). A line that does not split (unbalanced quotes) is
/// judged conservatively: it is not recorded when it contains `auth`, `pass`,
/// `user` or `@` in any case, and it is recorded otherwise.
public enum HistoryPolicy {
    public static func mayRecord(_ line: String) -> Bool {
        guard let first = line.unicodeScalars.first else { return false }
        if first == " " || first == "\t" { return false }
        guard let args = try? CommandLineSplitter.splitStrings(line) else {
            return !mightHoldSecret(line)
        }
        return !isSensitive(args.map { $0.lowercased() })
    }

    /// True when the already split arguments make a command that carries a
    /// secret (the rules above, without the leading-space and blank-line ones).
    public static func isSensitive(arguments: [String]) -> Bool {
        isSensitive(arguments.map { $0.lowercased() })
    }

    private static let secretConfigParameters: Set<String> = [
        "requirepass", "masterauth", "masteruser", "tls-key-file-pass", "tls-client-key-file-pass",
    ]

    private static func isSensitive(_ allArgs: [String]) -> Bool {
        var args = allArgs[...]
        // redis-cli's repeat prefix: "3 AUTH pw" runs AUTH three times.
        if let first = args.first, !first.isEmpty, first.allSatisfy({ $0.isASCII && $0.isNumber }) {
            args = args.dropFirst()
        }
        guard let command = args.first else { return false }
        let rest = args.dropFirst()
        switch command {
        case "auth":
            return true
        case "hello":
            return rest.contains("auth")
        case "acl":
            return ["setuser", "getuser", "deluser"].contains(rest.first ?? "")
        case "config":
            return rest.first == "set" && rest.dropFirst().contains { secretConfigParameters.contains($0) }
        case "migrate":
            return rest.contains("auth") || rest.contains("auth2")
        case "sentinel":
            return rest.contains { ["auth-pass", "auth-user", "sentinel-pass"].contains($0) }
        default:
            guard command.hasPrefix(".") else { return false }
            return dotCommandCarriesPassword(isConnect: command == ".connect", options: rest)
        }
    }

    private static func dotCommandCarriesPassword(isConnect: Bool, options: ArraySlice<String>) -> Bool {
        for option in options {
            if option == "--pass" || option == "--password" || option.hasPrefix("--pass=")
                || option.hasPrefix("--password=")
            {
                return true
            }
            if isConnect, option.hasPrefix("-a"), !option.hasPrefix("--") { return true }
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
