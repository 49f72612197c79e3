/// A REST endpoint of serverless Redis (Upstash, Vercel KV, `rwb kv serve`): where commands
/// are POSTed, and the token that lets them in.
///
/// The token is never part of `url`, `description` or any message built from them: it
/// leaves the process only in the `Authorization` header of a request. For the same reason
/// a URL carrying credentials (`https://user:token@…`, `?_token=…`) is refused rather than
/// parsed: it would sit in shell history and `ps`, and every message would have to mask it.
public struct RESTEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// `https` (TLS) rather than `http`.
    public var isSecure: Bool
    public var host: String
    public var port: Int
    /// Where commands are POSTed: `/` for a bare host, or the URL's path.
    public var path: String
    public var token: String?

    public init(isSecure: Bool, host: String, port: Int, path: String = "/", token: String? = nil) {
        self.isSecure = isSecure
        self.host = host
        self.port = port
        self.path = path
        self.token = token
    }

    /// True when `text` is an `http://` or `https://` URL: what `-u` and `--rest` hand to REST.
    public static func isRESTURL(_ text: String) -> Bool {
        let lowered = text.lowercased()
        return lowered.hasPrefix("http://") || lowered.hasPrefix("https://")
    }

    /// `http[s]://host[:port][/path]`, without a token.
    public static func parse(_ text: String) throws(RedisClientError) -> RESTEndpoint {
        let shown = maskedURL(text)
        guard let schemeEnd = text.firstRange(of: "://") else {
            throw .invalidURL("\(shown): a REST endpoint is an http:// or https:// URL")
        }
        let scheme = text[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else {
            throw .invalidURL("\(shown): a REST endpoint is an http:// or https:// URL, not \(scheme)://")
        }
        let isSecure = scheme == "https"
        var rest = Substring(text[schemeEnd.upperBound...])
        if rest.contains("?") || rest.contains("#") {
            throw .invalidURL("\(shown): a REST endpoint's URL takes no query or fragment (give the token with --rest-token)")
        }
        let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        rest = rest[authorityEnd...]
        if authority.contains("@") {
            throw .invalidURL("\(shown): a REST endpoint's URL takes no user or token (give the token with --rest-token)")
        }
        let (host, port) = try hostAndPort(authority, defaultPort: isSecure ? 443 : 80, shown: shown)
        let path = rest.isEmpty ? "/" : String(rest)
        guard path.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw .invalidURL("\(shown): the path may hold printable ASCII only (percent-encode the rest)")
        }
        return RESTEndpoint(isSecure: isSecure, host: host, port: port, path: path)
    }

    /// `http://127.0.0.1:8079/`: the default port left out, never the token.
    public var url: String {
        let defaultPort = isSecure ? 443 : 80
        return (isSecure ? "https://" : "http://") + bracketedHost + (port == defaultPort ? "" : ":\(port)") + path
    }

    public var description: String { url }

    /// Where the TCP connection goes.
    public var address: ConnectionOptions.Address { .tcp(host: host, port: port) }

    /// The `Host` header: the host, and the port unless it is the scheme's own.
    var hostHeader: String {
        port == (isSecure ? 443 : 80) ? bracketedHost : "\(bracketedHost):\(port)"
    }

    /// Same scheme, host and port: a token meant for `other` may be sent here.
    public func hasSameOrigin(as other: RESTEndpoint) -> Bool {
        isSecure == other.isSecure && host.lowercased() == other.host.lowercased() && port == other.port
    }

    private var bracketedHost: String { host.contains(":") ? "[\(host)]" : host }

    private static func hostAndPort(_ authority: Substring, defaultPort: Int, shown: String) throws(RedisClientError) -> (String, Int) {
        var host = authority
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw .invalidURL("\(shown): unclosed '[' in the host") }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") {
                portText = after.dropFirst()
            } else if !after.isEmpty {
                throw .invalidURL("\(shown): unexpected text after the host")
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        }
        guard !host.isEmpty else { throw .invalidURL("\(shown): the URL names no host") }
        guard host.utf8.allSatisfy(isHostByte) else { throw .invalidURL("\(shown): the host holds a character a host name cannot") }
        guard let portText else { return (String(host), defaultPort) }
        guard portText.utf8.count <= 5, let port = Int(portText), (1...65535).contains(port) else {
            throw .invalidURL("\(shown): port '\(portText)' is not a number from 1 to 65535")
        }
        return (String(host), port)
    }

    /// Letters, digits and `-._:` (IPv6), plus what an internationalized name has past ASCII.
    private static func isHostByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: ":"): return true
        default: return byte >= 0x80
        }
    }

    /// The URL as a message may show it: user info and query replaced by `***`.
    static func maskedURL(_ text: String) -> String {
        var shown = RedisURL.masked(text)
        if let mark = shown.firstIndex(where: { $0 == "?" || $0 == "#" }) { shown = String(shown[..<mark]) + "?***" }
        return shown
    }
}
