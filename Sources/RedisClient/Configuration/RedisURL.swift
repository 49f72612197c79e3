/// Parses `redis://[user[:password]@]host[:port][/db]`, `rediss://…` (TLS),
/// `unix://[user[:password]@]/path.sock?db=N` and
/// `redis+sentinel://[user[:password]@]host[:port][,host[:port]…]/master-name[/db]`,
/// percent-decoding each part.
public enum RedisURL {
    public static func parse(_ text: String, into base: ConnectionOptions = ConnectionOptions()) throws(RedisClientError)
        -> ConnectionOptions
    {
        var options = base
        guard let schemeEnd = text.firstRange(of: "://") else {
            throw .invalidURL("\(masked(text)): expected redis://, rediss://, unix:// or redis+sentinel://")
        }
        let scheme = text[..<schemeEnd.lowerBound].lowercased()
        var rest = String(text[schemeEnd.upperBound...])

        var query = ""
        if let mark = rest.firstIndex(of: "?") {
            query = String(rest[rest.index(after: mark)...])
            rest = String(rest[..<mark])
        }
        // Credentials end at the last '@' so a password may contain '@' if it is not encoded.
        if let at = rest.lastIndex(of: "@") {
            let credentials = rest[..<at]
            rest = String(rest[rest.index(after: at)...])
            if let colon = credentials.firstIndex(of: ":") {
                let user = try decode(credentials[..<colon], in: text)
                options.username = user.isEmpty ? nil : user
                options.password = try decode(credentials[credentials.index(after: colon)...], in: text)
            } else {
                // redis://secret@host is a password alone, as most clients read it.
                options.password = try decode(credentials, in: text)
            }
        }

        switch scheme {
        case "redis+sentinel":
            // The user and password are the master's; the sentinels are asked without them.
            let parts = rest.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            guard parts.count >= 2, !parts[1].isEmpty else {
                throw .invalidURL("\(masked(text)): redis+sentinel:// needs the master's name after the sentinels (…/mymaster)")
            }
            var nodes: [ConnectionOptions.Address] = []
            for node in parts[0].split(separator: ",") {
                let (host, port) = try splitHostPort(String(node), in: text, defaultPort: defaultSentinelPort)
                nodes.append(.tcp(host: host, port: port))
            }
            if nodes.isEmpty { nodes = [.tcp(host: ConnectionOptions.defaultHost, port: defaultSentinelPort)] }
            if parts.count > 2, !parts[2].isEmpty {
                guard let number = Int(parts[2]), number >= 0 else {
                    throw .invalidURL("\(masked(text)): database '\(parts[2])' is not a number")
                }
                options.database = number
            }
            options.sentinel = ConnectionOptions.Sentinel(nodes: nodes, masterName: try decode(parts[1][...], in: text))
            options.address = nodes[0]
            options.tls = nil
        case "redis", "rediss":
            options.tls = scheme == "rediss" ? (base.tls ?? ConnectionOptions.TLS()) : nil
            var hostPort = rest
            if let slash = rest.firstIndex(of: "/") {
                hostPort = String(rest[..<slash])
                let db = rest[rest.index(after: slash)...]
                if !db.isEmpty {
                    guard let number = Int(db), number >= 0 else { throw .invalidURL("\(masked(text)): database '\(db)' is not a number") }
                    options.database = number
                }
            }
            let (host, port) = try splitHostPort(hostPort, in: text)
            options.address = .tcp(host: host, port: port)
        case "unix":
            let path = try decode(rest[...], in: text)
            guard path.hasPrefix("/") else { throw .invalidURL("\(masked(text)): a unix socket URL needs an absolute path") }
            options.address = .unix(path: path)
            options.tls = nil
        default:
            throw .invalidURL("\(masked(text)): unknown scheme '\(scheme)' (use redis://, rediss://, unix:// or redis+sentinel://)")
        }

        for item in query.split(separator: "&") {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            switch parts[0] {
            case "db":
                guard let number = Int(parts[1]), number >= 0 else {
                    throw .invalidURL("\(masked(text)): db '\(parts[1])' is not a number")
                }
                options.database = number
            case "protocol":
                guard let version = Int(parts[1]), version == 2 || version == 3 else {
                    throw .invalidURL("\(masked(text)): protocol must be 2 or 3")
                }
                options.protocolVersion = version
            default:
                continue
            }
        }
        return options
    }

    /// The URL with any password replaced by `***`, for messages.
    public static func masked(_ text: String) -> String {
        guard let at = text.lastIndex(of: "@") else { return text }
        // Whatever comes before the last '@' may be a password, parseable or not: only a
        // user name after a well-formed `scheme://` is kept.
        guard let schemeEnd = text.firstRange(of: "://"), schemeEnd.upperBound <= at else {
            return "***" + String(text[at...])
        }
        let credentials = text[schemeEnd.upperBound..<at]
        guard let colon = credentials.firstIndex(of: ":") else {
            return String(text[..<schemeEnd.upperBound]) + "***" + String(text[at...])
        }
        return String(text[..<colon]) + ":***" + String(text[at...])
    }

    public static let defaultSentinelPort = 26379

    /// `HOST[:PORT]` or `[IPv6]:PORT` as a URL spells it (a `--sentinel` flag's value).
    public static func address(_ text: String, defaultPort: Int) throws(RedisClientError) -> ConnectionOptions.Address {
        let (host, port) = try splitHostPort(text, in: text, defaultPort: defaultPort)
        return .tcp(host: host, port: port)
    }

    private static func splitHostPort(_ text: String, in url: String, defaultPort: Int = ConnectionOptions.defaultPort)
        throws(RedisClientError) -> (String, Int)
    {
        var host = text
        var portText: Substring?
        if text.hasPrefix("[") {  // [::1]:6379
            guard let close = text.firstIndex(of: "]") else { throw .invalidURL("\(masked(url)): unclosed '[' in host") }
            host = String(text[text.index(after: text.startIndex)..<close])
            let after = text[text.index(after: close)...]
            if after.hasPrefix(":") { portText = after.dropFirst() }
        } else if let colon = text.lastIndex(of: ":") {
            host = String(text[..<colon])
            portText = text[text.index(after: colon)...]
        }
        host = try decode(host[...], in: url)
        if host.isEmpty { host = ConnectionOptions.defaultHost }
        guard let portText else { return (host, defaultPort) }
        guard let port = Int(portText), (1...65535).contains(port) else {
            throw .invalidURL("\(masked(url)): port '\(portText)' is not a number from 1 to 65535")
        }
        return (host, port)
    }

    /// Percent-decoding (`%40` → `@`); a malformed escape is an error, not silently kept.
    static func decode(_ text: Substring, in url: String) throws(RedisClientError) -> String {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(\.hexDigitValue), let low = iterator.next().flatMap(\.hexDigitValue) else {
                throw .invalidURL("\(masked(url)): bad percent-escape")
            }
            bytes.append(high << 4 | low)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension ConnectionOptions {
    /// Options from the variables applications already set: `REDIS_URL`, else `REDIS_HOST` /
    /// `REDIS_PORT`; the password from `REDISCLI_AUTH` (redis-cli's) or `REDIS_PASSWORD`.
    public static func fromEnvironment(_ environment: [String: String]) throws(RedisClientError) -> ConnectionOptions {
        var options = ConnectionOptions()
        if let url = environment["REDIS_URL"], !url.isEmpty {
            options = try RedisURL.parse(url, into: options)
        } else {
            let host = environment["REDIS_HOST"].flatMap { $0.isEmpty ? nil : $0 } ?? defaultHost
            var port = defaultPort
            if let text = environment["REDIS_PORT"], !text.isEmpty {
                guard let number = Int(text), (1...65535).contains(number) else {
                    throw .invalidURL("REDIS_PORT '\(text)' is not a port number")
                }
                port = number
            }
            options.address = .tcp(host: host, port: port)
        }
        if options.password == nil {
            options.password = environment["REDISCLI_AUTH"] ?? environment["REDIS_PASSWORD"]
        }
        return options
    }
}
