import RedisClient
import ReplyFormat

/// The common one-shot shape, `rwb [-h H] [-p P] [-s S] [-n N] [-2|-3] [--raw|--no-raw|--json|--csv]
/// COMMAND [ARG…]`, or with `--rest URL [--rest-token T] [--no-auth-warning]` in place of the
/// server's address, read without swift-argument-parser. Building the parser's model of rwb's
/// options goes through reflection and protocol-conformance lookups that scan the whole
/// binary; for `rwb PING` that cost more than connecting and the round trip together.
///
/// Anything outside that shape (another option, a repeated one, a value the parser would
/// have to judge, a subcommand, no command at all) gives nil, and the full parser handles
/// the line. Tests parse the same lines both ways and compare.
public struct OneShotFastPath: Equatable, Sendable {
    public var request = ConnectionRequest()
    /// The output flag given, if any (at most one: two is a usage error the parser reports).
    public var output: OutputMode?
    /// The Redis command and its arguments.
    public var words: [String] = []
    /// `--no-auth-warning`.
    public var noAuthWarning = false

    /// What the full parser would warn (`ConnectionFlags.passwordWarning`): only a token can
    /// be given on this path.
    public var passwordWarning: String? {
        request.restToken != nil && !noAuthWarning ? RESTFlags.tokenWarning : nil
    }

    public static func parse(_ arguments: [String], subcommands: [String]) -> OneShotFastPath? {
        var line = OneShotFastPath()
        // An array, not a set: a Set<String> costs a conformance check that scans the
        // whole binary, at start-up.
        var seen: [String] = []
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let word = arguments[index]
            guard word.hasPrefix("-") else { break }
            guard !seen.contains(word) else { return nil }
            seen.append(word)
            // An option that takes a value: the value must be there and not look like an option.
            func value() -> String? {
                let next = arguments.index(after: index)
                guard next < arguments.endIndex, !arguments[next].hasPrefix("-"), !arguments[next].isEmpty else { return nil }
                index = next
                return arguments[next]
            }
            switch word {
            case "-h":
                guard let host = value() else { return nil }
                line.request.host = host
            case "-s":
                guard let socket = value() else { return nil }
                line.request.socket = socket
            case "-p":
                guard let port = value().flatMap(Int.init), (1...65535).contains(port) else { return nil }
                line.request.port = port
            case "-n":
                guard let database = value().flatMap(Int.init), database >= 0 else { return nil }
                line.request.database = database
            case "-2", "-3":
                guard line.request.protocolVersion == nil else { return nil }
                line.request.protocolVersion = word == "-2" ? 2 : 3
            case "--rest":
                // A URL only: `--rest` alone (the environment's) is the full parser's.
                guard let url = value(), RESTEndpoint.isRESTURL(url) else { return nil }
                line.request.rest = url
            case "--rest-token":
                guard let token = value() else { return nil }
                line.request.restToken = token
            case "--no-auth-warning":
                line.noAuthWarning = true
            default:
                guard let mode = OutputFlags.modesByFlag[word], line.output == nil else { return nil }
                line.output = mode
            }
            index = arguments.index(after: index)
        }
        guard index < arguments.endIndex, !subcommands.contains(arguments[index]) else { return nil }
        // REST beside a flag it does not go with: the parser says why.
        guard line.request.restConflict == nil else { return nil }
        line.words = Array(arguments[index...])
        return line
    }

    /// The mode `OutputFlags.mode` would choose for the same flag.
    public func mode(stdoutIsTerminal: Bool) -> OutputMode {
        output ?? OutputFlags.defaultMode(stdoutIsTerminal: stdoutIsTerminal)
    }
}
