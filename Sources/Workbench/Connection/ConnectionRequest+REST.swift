import RedisClient

/// A REST endpoint of serverless Redis (Upstash, Vercel KV, `rwb kv serve`) as the user
/// names it: `--rest URL`, `-u http(s)://…`, or `--rest` alone with the URL from the
/// variables such users already have.
///
/// Precedence, flags first:
/// - the URL: `--rest URL`, else `-u http(s)://…`; the environment only when `--rest` is
///   given without a URL: `KV_REST_API_URL` (Vercel KV), else `UPSTASH_REDIS_REST_URL`.
///   Never without `--rest`: a shell that holds a production endpoint's variables (`vercel
///   env pull`) must not turn every `rwb FLUSHALL` meant for a local server into a request
///   to it, and `rwb` with no flags keeps meaning 127.0.0.1:6379 (or `REDIS_URL`).
/// - the token: `--rest-token`, else the token of the pair whose URL was used, or, with a
///   URL given on the command line, of a pair whose URL names the same endpoint (scheme,
///   host, port): a token is never sent to an endpoint it was not given for.
///
/// REST goes with no flag that names a Redis server or speaks to one (`-h`, `-p`, `-s`,
/// `-a`, `--user`, `--tls`, `--sentinel`, `-c`, `-3`, `-n` other than 0): each is refused
/// with the reason rather than ignored. `--cacert`, `--cacertdir`, `--insecure`, `--sni`
/// and `--tls-ciphers` apply to an https:// endpoint; `-t` to connecting.
extension ConnectionRequest {
    /// The variables read by `--rest` alone, URL and token, in the order they are tried.
    static let restEnvironmentPairs = [("KV_REST_API_URL", "KV_REST_API_TOKEN"), ("UPSTASH_REDIS_REST_URL", "UPSTASH_REDIS_REST_TOKEN")]

    /// True when this asks for a REST endpoint: `--rest` (with or without a URL) or an
    /// http(s) URL after `-u`.
    public var isREST: Bool { rest != nil || url.map(RESTEndpoint.isRESTURL) == true }

    /// How the user asked for REST, for messages.
    private var restFlag: String { rest != nil ? "--rest" : "-u" }

    func resolveREST(environment: [String: String]) throws(RedisClientError) -> ConnectionOptions {
        if let conflict = restConflict { throw RedisClientError(.invalidURL, conflict) }
        let endpoint = try restEndpoint(environment: environment)
        var options = ConnectionOptions(address: endpoint.address)
        options.rest = endpoint
        // No handshake over REST: the token goes with every request.
        options.clientName = nil
        options.cluster = .off
        if endpoint.isSecure {
            var settings = ConnectionOptions.TLS(caCertificate: caCertificate, insecure: insecure)
            settings.serverName = serverName
            settings.caCertificateDirectory = caCertificateDirectory
            settings.ciphers = ciphers
            options.tls = settings
        } else if let flag = httpsOnlyFlag {
            throw RedisClientError(.invalidURL, "\(flag) applies to an https:// endpoint; \(endpoint) is plain http://")
        }
        if let connectTimeout { options.connectTimeout = connectTimeout }
        return options
    }

    /// The endpoint, with its token (see the precedence above).
    func restEndpoint(environment: [String: String]) throws(RedisClientError) -> RESTEndpoint {
        func variable(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        var endpoint: RESTEndpoint
        var pairToken: String?
        if let given = rest.flatMap({ $0.isEmpty ? nil : $0 }) ?? url.flatMap({ RESTEndpoint.isRESTURL($0) ? $0 : nil }) {
            endpoint = try RESTEndpoint.parse(given)
            for (urlName, tokenName) in Self.restEnvironmentPairs {
                guard let text = variable(urlName), let named = try? RESTEndpoint.parse(text), named.hasSameOrigin(as: endpoint) else {
                    continue
                }
                pairToken = variable(tokenName)
                if pairToken != nil { break }
            }
        } else {
            guard let (urlName, tokenName) = Self.restEnvironmentPairs.first(where: { variable($0.0) != nil }), let text = variable(urlName)
            else {
                throw RedisClientError(
                    .invalidURL,
                    "--rest without a URL reads KV_REST_API_URL or UPSTASH_REDIS_REST_URL, and neither is set: give the URL (--rest https://…)"
                )
            }
            do {
                endpoint = try RESTEndpoint.parse(text)
            } catch {
                throw RedisClientError(.invalidURL, "\(urlName): \(error.message)")
            }
            pairToken = variable(tokenName)
        }
        endpoint.token = restToken ?? pairToken
        return endpoint
    }

    /// Why the other flags cannot go with REST, or nil.
    public var restConflict: String? {
        if !isREST {
            return restToken == nil ? nil : "--rest-token is the token of a REST endpoint: it needs --rest (or -u https://…)"
        }
        if let url, rest != nil {
            guard RESTEndpoint.isRESTURL(url) else {
                return
                    "--rest talks HTTP to a REST endpoint, and -u \(url.prefix { $0 != ":" })://… names a Redis server: give one or the other"
            }
            // `--rest` alone with `-u https://…` is the same request said twice.
            if rest != "" { return "--rest and -u both name a REST endpoint: give one" }
        }
        let serverFlags: [(String, Bool)] = [
            ("-h", host != nil), ("-p", port != nil), ("-s", socket != nil), ("-a", password != nil), ("--user", user != nil),
            ("--askpass", askPassword), ("--tls", tls), ("--cert", certificate != nil), ("--key", privateKey != nil),
            ("--sentinel", !sentinels.isEmpty), ("-c", cluster), ("--read-from", readFrom != .primary),
        ]
        if let (flag, _) = serverFlags.first(where: \.1) {
            return
                "\(restFlag) talks HTTP to a REST endpoint (the token is its credential), and \(flag) is for a Redis server: give one or the other"
        }
        if protocolVersion == 3 { return "-3: a REST endpoint answers in RESP2 (or JSON), never RESP3" }
        if let database, database != 0 {
            return
                "-n \(database): a REST endpoint shares its connections between clients and refuses SELECT: it serves its own database only"
        }
        return nil
    }

    /// A TLS option given for the endpoint, which only an https:// one can use.
    private var httpsOnlyFlag: String? {
        [
            ("--cacert", caCertificate != nil), ("--cacertdir", caCertificateDirectory != nil), ("--insecure", insecure),
            ("--sni", serverName != nil), ("--tls-ciphers", ciphers != nil),
        ]
        .first(where: \.1)?.0
    }
}
