import Testing
import Workbench

@Suite("rwb kv serve tokens")
struct KVTokensTests {
    private func resolve(_ token: String?, _ readOnly: String? = nil, _ environment: [String: String] = [:]) throws -> KVTokens {
        try KVTokens.resolve(token: token, readOnlyToken: readOnly, environment: environment) { Array(repeating: 0xAB, count: 24) }
    }

    @Test func flagsBeatTheEnvironmentAndVercelBeatsUpstash() throws {
        let environment = [
            "UPSTASH_REDIS_REST_TOKEN": "upstash-token", "KV_REST_API_TOKEN": "vercel-token", "KV_REST_API_READ_ONLY_TOKEN": "vercel-read",
        ]
        #expect(
            try resolve("flag-token-1", nil, environment) == KVTokens(token: "flag-token-1", readOnlyToken: "vercel-read", generated: false)
        )
        #expect(try resolve(nil, nil, environment).token == "vercel-token")
        #expect(try resolve(nil, nil, ["UPSTASH_REDIS_REST_TOKEN": "upstash-token"]).token == "upstash-token")
        #expect(try resolve(nil, nil, ["KV_REST_API_TOKEN": ""]).generated)
    }

    @Test func aTokenIsMadeWhenNoneIsGiven() throws {
        #expect(try resolve(nil) == KVTokens(token: String(repeating: "ab", count: 24), readOnlyToken: nil, generated: true))
        let real = try KVTokens.resolve(token: nil, readOnlyToken: nil, environment: [:])
        #expect(real.token.count == 48 && real.token.allSatisfy(\.isHexDigit))
    }

    @Test func badTokensAreRefusedWithoutBeingShown() {
        for (token, readOnly, reason) in [
            ("short", nil, "the token must be 8 to 512 characters long (it has 5)"),
            ("has a space", nil, "the token may hold printable ASCII characters only, no spaces"),
            ("same-token-1", "same-token-1", "the read-only token must differ from the token"),
            ("good-token-1", "tiny", "the read-only token must be 8 to 512 characters long (it has 4)"),
        ] {
            do {
                _ = try resolve(token, readOnly)
                Issue.record("\(reason): accepted")
            } catch let error as KVTokens.Invalid {
                #expect(error.description == reason)
            } catch {
                Issue.record("\(error)")
            }
        }
    }

    @Test func theBannerShowsOnlyATokenItMade() {
        let made = KVServeText.banner(
            url: "http://127.0.0.1:8079", redis: "127.0.0.1:6379", connections: 4,
            tokens: KVTokens(token: "generated-1", readOnlyToken: nil, generated: true))
        #expect(made.contains("KV_REST_API_TOKEN=generated-1\n") && made.contains("UPSTASH_REDIS_REST_TOKEN=generated-1\n"))
        let given = KVServeText.banner(
            url: "http://127.0.0.1:8079", redis: "127.0.0.1:6379", connections: 1,
            tokens: KVTokens(token: "given-token-1", readOnlyToken: "read-token-1", generated: false))
        #expect(!given.contains("given-token-1") && !given.contains("read-token-1"))
        #expect(
            given.hasPrefix(
                "rwb kv serve: http://127.0.0.1:8079/ in front of 127.0.0.1:6379 (1 connection)\nKV_REST_API_URL=http://127.0.0.1:8079\n"))
    }
}

@Suite("rwb kv serve options")
struct KVServeOptionsTests {
    @Test func everyNumberIsBoundedAndNamesItsRange() {
        for option in ["--port", "--max-body", "--max-batch", "--connections"] {
            for value in ["nan", "inf", "-1", "1e300", "9223372036854775807"] {
                #expect(throws: (any Error).self, "\(option) \(value)") { try KVServeCommand.parse([option, value]) }
            }
        }
        #expect(KVServeCommand.message(for: tryParse(["--max-batch", "0"])) == "--max-batch 0: from 1 to 100000")
        #expect(tryParse(["--port", "0", "--connections", "64", "--max-body", "1024"]) == nil)
    }

    private func tryParse(_ arguments: [String]) -> (any Error)? {
        do {
            _ = try KVServeCommand.parse(arguments)
            return nil
        } catch {
            return error
        }
    }
}

extension KVServeCommand {
    fileprivate static func message(for error: (any Error)?) -> String? { error.map { message(for: $0) } }
}
