/// `--rest` takes its URL as the next word only when that word is a URL (it holds `://`):
/// `rwb --rest https://… GET k` names the endpoint, while `rwb --rest GET k` and a bare
/// `rwb --rest` (the REPL) mean the endpoint of the environment. No Redis command name holds
/// `://`, so the two never clash. swift-argument-parser has no option whose value may be
/// left out (and reads `--rest=` as `--rest` waiting for its value), so a `--rest` without a
/// URL is handed to it as `--rest=(environment)`.
///
/// Only where an option may stand: `rwb SET k --rest` stores the word `--rest`.
/// `optionMayFollow` (the root's own parser, in `rwb`) is asked about the words before it.
public enum RESTFlag {
    /// The value `--rest` gets when no URL follows it.
    public static let fromEnvironment = "(environment)"

    public static func normalized(_ arguments: [String], optionMayFollow: ([String]) -> Bool) -> [String] {
        var result = arguments
        for index in arguments.indices where arguments[index] == "--rest" {
            let next = index + 1
            if next < arguments.count, arguments[next].contains("://") { continue }
            if optionMayFollow(Array(result[..<index])) { result[index] = "--rest=" + fromEnvironment }
        }
        return result
    }
}
