import RedisClient
import Testing

@testable import Workbench

/// Which REST endpoint and which token a command line and an environment choose, what goes
/// with REST and what does not, and how a `--rest` without a URL is read. No server.
@Suite struct RESTConnectionRequestTests {
    let vercel = ["KV_REST_API_URL": "https://kv.example:443", "KV_REST_API_TOKEN": "kv-token"]
    let upstash = ["UPSTASH_REDIS_REST_URL": "https://up.example", "UPSTASH_REDIS_REST_TOKEN": "up-token"]

    private func request(rest: String? = nil, url: String? = nil, token: String? = nil) -> ConnectionRequest {
        var request = ConnectionRequest()
        request.rest = rest
        request.url = url
        request.restToken = token
        return request
    }

    private func endpoint(_ request: ConnectionRequest, _ environment: [String: String]) throws -> RESTEndpoint? {
        try request.resolve(environment: environment).rest
    }

    @Test func theURLComesFromTheFlagsAndFromTheEnvironmentOnlyForRestAlone() throws {
        let both = vercel.merging(upstash) { a, _ in a }
        #expect(try endpoint(request(rest: ""), both) == RESTEndpoint(isSecure: true, host: "kv.example", port: 443, token: "kv-token"))
        #expect(try endpoint(request(rest: ""), upstash)?.host == "up.example")
        #expect(try endpoint(request(rest: ""), upstash)?.token == "up-token")
        #expect(try endpoint(request(rest: "http://127.0.0.1:8079"), both)?.host == "127.0.0.1")
        #expect(try endpoint(request(url: "http://127.0.0.1:8079"), both)?.port == 8079)
        // `--rest` alone beside `-u https://…` is the same request twice.
        #expect(try endpoint(request(rest: "", url: "http://127.0.0.1:8079"), both)?.port == 8079)
        // Without --rest the REST variables name nothing: rwb means the usual server.
        #expect(try endpoint(request(), both) == nil)
        #expect(!request().namesServer(environment: both))
        #expect(request(rest: "").namesServer(environment: [:]))
        #expect(throws: RedisClientError.self) { try endpoint(request(rest: ""), [:]) }
        #expect(throws: RedisClientError.self) { try endpoint(request(rest: ""), ["KV_REST_API_URL": "kv.example"]) }
    }

    @Test func theTokenGoesOnlyToTheEndpointItWasGivenFor() throws {
        let both = vercel.merging(upstash) { a, _ in a }
        #expect(try endpoint(request(rest: "", token: "flag"), both)?.token == "flag")
        #expect(try endpoint(request(rest: "https://kv.example/"), both)?.token == "kv-token")
        #expect(try endpoint(request(url: "https://UP.example:443"), both)?.token == "up-token")
        #expect(try endpoint(request(rest: "http://kv.example"), both)?.token == nil)
        #expect(try endpoint(request(rest: "https://elsewhere.example"), both)?.token == nil)
        #expect(try endpoint(request(rest: "https://elsewhere.example", token: "flag"), both)?.token == "flag")
    }

    @Test func flagsForARedisServerAreRefusedBesideREST() {
        func conflict(_ change: (inout ConnectionRequest) -> Void) -> String? {
            var request = request(rest: "http://127.0.0.1:8079")
            change(&request)
            return request.restConflict
        }
        #expect(conflict { _ in } == nil)
        #expect(conflict { $0.port = 6379 }?.contains("-p is for a Redis server") == true)
        #expect(conflict { $0.password = "pw" }?.contains("-a is for a Redis server") == true)
        #expect(conflict { $0.cluster = true }?.contains("-c") == true)
        #expect(conflict { $0.protocolVersion = 3 }?.hasPrefix("-3") == true)
        #expect(conflict { $0.protocolVersion = 2 } == nil)
        #expect(conflict { $0.database = 2 }?.hasPrefix("-n 2") == true)
        #expect(conflict { $0.database = 0 } == nil)
        #expect(conflict { $0.url = "redis://h" }?.contains("-u redis://") == true)
        #expect(conflict { $0.url = "https://h" }?.contains("both name a REST endpoint") == true)
        #expect(request(token: "t").restConflict?.contains("needs --rest") == true)
        // TLS options verify an https:// endpoint, and make no sense for http://.
        var https = request(rest: "https://kv.example")
        https.caCertificate = "/ca.pem"
        #expect((try? https.resolve(environment: [:]))?.tls?.caCertificate == "/ca.pem")
        var http = request(rest: "http://kv.example")
        http.insecure = true
        #expect(throws: RedisClientError.self) { try http.resolve(environment: [:]) }
    }

    @Test func restWithoutAURLIsReadWhereAnOptionMayStand() {
        let root: ([String]) -> Bool = { words in words.allSatisfy { $0.hasPrefix("-") } || words.first == "run" }
        let marker = "--rest=" + RESTFlags.fromEnvironment
        #expect(RESTFlags.normalized(["--rest", "GET", "k"], optionMayFollow: root) == [marker, "GET", "k"])
        #expect(RESTFlags.normalized(["--rest"], optionMayFollow: root) == [marker])
        #expect(RESTFlags.normalized(["--rest", "https://x", "GET"], optionMayFollow: root) == ["--rest", "https://x", "GET"])
        #expect(RESTFlags.normalized(["run", "--rest", "f.rwb"], optionMayFollow: root) == ["run", marker, "f.rwb"])
        // An argument of a Redis command is left as it is.
        #expect(RESTFlags.normalized(["SET", "k", "--rest"], optionMayFollow: root) == ["SET", "k", "--rest"])
    }

    @Test func thePromptNamesTheEndpointNeverTheToken() throws {
        let options = try request(rest: "http://127.0.0.1:8079", token: "s3cret-token").resolve(environment: [:])
        #expect(PromptState().prompt(options: options, isConnected: true) == "127.0.0.1:8079(rest)> ")
        #expect(options.maskedURL == "http://127.0.0.1:8079/")
    }
}
