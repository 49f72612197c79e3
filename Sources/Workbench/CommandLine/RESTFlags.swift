import ArgumentParser
import RedisClient

/// `--rest [URL]` and `--rest-token T`: a REST endpoint of serverless Redis (Upstash, Vercel
/// KV, `rwb kv serve`) for what runs one command at a time: one-shot commands, the REPL and
/// scripts (`rwb`, `rwb run`), and the labs that run over REST (`rwb lab cache-aside`,
/// `rwb lab ratelimit`; every other lab refuses them in one line). The subcommands that
/// need a Redis connection of their own (`bench`, `kv serve`) do not take them. How the endpoint and its token are chosen:
/// `ConnectionRequest+REST.swift`.
public struct RESTFlags: ParsableArguments, Sendable {
    public init() {}

    // `--rest` alone (no URL after it) reaches the parser as `--rest=(environment)` (see `normalized`).
    @Option(
        name: .customLong("rest"),
        help: ArgumentHelp(
            "Talk to a serverless Redis REST endpoint (Upstash, Vercel KV, rwb kv serve) at this http(s) URL; "
                + "alone, at KV_REST_API_URL or UPSTASH_REDIS_REST_URL, with its token.", valueName: "url"))
    var rest: String?

    @Option(
        name: .customLong("rest-token"),
        help: "The REST endpoint's token (prefer KV_REST_API_TOKEN or UPSTASH_REDIS_REST_TOKEN: a flag shows in `ps`).")
    var restToken: String?

    public func validate() throws {
        if let rest, rest != Self.fromEnvironment, !RESTEndpoint.isRESTURL(rest) {
            throw ValidationError("--rest \(rest): a REST endpoint is an http:// or https:// URL")
        }
    }

    /// True when either flag was given.
    public var isGiven: Bool { rest != nil || restToken != nil }

    public func apply(to request: ConnectionRequest) -> ConnectionRequest {
        var request = request
        if let rest { request.rest = rest == Self.fromEnvironment ? "" : rest }
        if let restToken { request.restToken = restToken }
        return request
    }

    /// As redis-cli warns about `-a`: a token on the command line is visible to other users.
    static let tokenWarning = "Warning: Using a token with '--rest-token' on the command line interface may not be safe."

    /// The value `--rest` gets when no URL follows it.
    public static let fromEnvironment = "(environment)"

    /// `--rest` takes its URL as the next word only when that word is a URL (it holds
    /// `://`): `rwb --rest https://… GET k` names the endpoint, while `rwb --rest GET k` and
    /// a bare `rwb --rest` (the REPL) mean the endpoint of the environment. No Redis command
    /// name holds `://`, so the two never clash. swift-argument-parser has no option whose
    /// value may be left out (and reads `--rest=` as `--rest` waiting for its value), so a
    /// `--rest` without a URL is handed to it as `--rest=(environment)`.
    ///
    /// Only where this option may stand: `rwb SET k --rest` stores the word `--rest`.
    /// `optionMayFollow` (the root's own parser, in `rwb`) is asked about the words before it.
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
