import Testing

@testable import RedisClient

@Suite struct RESTEndpointTests {
    @Test func urlsOfEachShape() throws {
        let plain = try RESTEndpoint.parse("http://127.0.0.1:8079")
        #expect(plain == RESTEndpoint(isSecure: false, host: "127.0.0.1", port: 8079, path: "/"))
        #expect(plain.url == "http://127.0.0.1:8079/")
        let hosted = try RESTEndpoint.parse("HTTPS://eu1-fine-cat-123.upstash.io")
        #expect(hosted.isSecure && hosted.port == 443 && hosted.host == "eu1-fine-cat-123.upstash.io")
        #expect(hosted.url == "https://eu1-fine-cat-123.upstash.io/")
        let v6 = try RESTEndpoint.parse("http://[::1]:9000/kv")
        #expect(v6.host == "::1" && v6.port == 9000 && v6.path == "/kv")
        #expect(v6.hostHeader == "[::1]:9000")
        #expect(RESTEndpoint.isRESTURL("Https://x") && !RESTEndpoint.isRESTURL("redis://x"))
    }

    @Test func badURLsAreRefusedWithoutShowingACredential() {
        let secret = "AXk1c2VjcmV0"
        for (text, reason) in [
            ("http://", "names no host"), ("https://:443/", "names no host"), ("http://h:0", "port '0'"),
            ("http://h:99999", "port '99999'"),
            ("http://h:12ab", "port '12ab'"), ("http://[::1", "unclosed '['"), ("ftp://h", "http:// or https://"),
            ("http://default:\(secret)@h", "no user or token"), ("http://h/?_token=\(secret)", "no query"),
            ("http://h/a b", "printable ASCII"),
        ] {
            do {
                _ = try RESTEndpoint.parse(text)
                Issue.record("\(text) parsed")
            } catch {
                #expect(error.code == .invalidURL)
                #expect(error.message.contains(reason), "\(text): \(error.message)")
                #expect(!error.message.contains(secret), "\(text): \(error.message)")
            }
        }
    }

    @Test func originsCompareSchemeHostAndPort() throws {
        let endpoint = try RESTEndpoint.parse("https://Fine-Cat.upstash.io")
        #expect(endpoint.hasSameOrigin(as: try RESTEndpoint.parse("https://fine-cat.upstash.io:443/")))
        #expect(!endpoint.hasSameOrigin(as: try RESTEndpoint.parse("http://fine-cat.upstash.io:443")))
        #expect(!endpoint.hasSameOrigin(as: try RESTEndpoint.parse("https://fine-cat.upstash.io.evil.test")))
    }
}
