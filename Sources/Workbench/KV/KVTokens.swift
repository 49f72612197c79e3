/// The tokens `rwb kv serve` accepts: from its flags, else from the environment names users
/// already have (Vercel KV's, then Upstash's: the order `rwb --rest` reads them in), else a
/// fresh random one that it prints (the only way a client could learn it). A token never
/// goes to a log or an error message.
public struct KVTokens: Sendable, Equatable {
    public var token: String
    public var readOnlyToken: String?
    /// The full token was made here, so the command line must show it to be usable.
    public var generated: Bool

    public init(token: String, readOnlyToken: String?, generated: Bool) {
        self.token = token
        self.readOnlyToken = readOnlyToken
        self.generated = generated
    }

    public struct Invalid: Error, CustomStringConvertible {
        public var description: String
    }

    /// The names read for each token, in the order they are tried.
    public static let tokenVariables = ["KV_REST_API_TOKEN", "UPSTASH_REDIS_REST_TOKEN"]
    public static let readOnlyVariables = ["KV_REST_API_READ_ONLY_TOKEN", "UPSTASH_REDIS_REST_READONLY_TOKEN"]

    public static func resolve(
        token flag: String?, readOnlyToken readOnlyFlag: String?, environment: [String: String],
        random: () -> [UInt8] = Self.randomBytes
    ) throws(Invalid) -> KVTokens {
        let given = flag ?? tokenVariables.lazy.compactMap { environment[$0] }.first { !$0.isEmpty }
        let readOnly = readOnlyFlag ?? readOnlyVariables.lazy.compactMap { environment[$0] }.first { !$0.isEmpty }
        let token =
            given
            ?? random().map { byte in String(byte, radix: 16).count == 1 ? "0" + String(byte, radix: 16) : String(byte, radix: 16) }
            .joined()
        try check(token, "the token")
        if let readOnly {
            try check(readOnly, "the read-only token")
            guard readOnly != token else { throw Invalid(description: "the read-only token must differ from the token") }
        }
        return KVTokens(token: token, readOnlyToken: readOnly, generated: given == nil)
    }

    /// A token travels in a header and a query string: printable ASCII without spaces,
    /// and of a length a header holds.
    private static func check(_ token: String, _ what: String) throws(Invalid) {
        guard (8...512).contains(token.utf8.count) else {
            throw Invalid(description: "\(what) must be 8 to 512 characters long (it has \(token.utf8.count))")
        }
        guard token.utf8.allSatisfy({ (0x21..<0x7F).contains($0) }) else {
            throw Invalid(description: "\(what) may hold printable ASCII characters only, no spaces")
        }
    }

    public static func randomBytes() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<24).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }
}
