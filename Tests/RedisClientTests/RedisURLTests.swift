import Testing

@testable import RedisClient

@Suite struct RedisURLTests {
    @Test func fullURL() throws {
        let options = try RedisURL.parse("redis://alice:s3cret@example.test:6380/2")
        #expect(options.address == .tcp(host: "example.test", port: 6380))
        #expect(options.username == "alice")
        #expect(options.password == "s3cret")
        #expect(options.database == 2)
        #expect(options.tls == nil)
    }

    @Test func defaultsAndPasswordOnly() throws {
        let options = try RedisURL.parse("redis://pw@localhost")
        #expect(options.address == .tcp(host: "localhost", port: 6379))
        #expect(options.username == nil)
        #expect(options.password == "pw")
        #expect(try RedisURL.parse("redis://").address == .tcp(host: "127.0.0.1", port: 6379))
    }

    @Test func percentDecoding() throws {
        let options = try RedisURL.parse("redis://us%40er:p%3Aw%2F@h:1")
        #expect(options.username == "us@er")
        #expect(options.password == "p:w/")
        #expect(throws: RedisClientError.self) { try RedisURL.parse("redis://u:%zz@h") }
    }

    @Test func tlsAndIPv6() throws {
        let options = try RedisURL.parse("rediss://[::1]:7000/0")
        #expect(options.tls != nil)
        #expect(options.address == .tcp(host: "::1", port: 7000))
        #expect(options.addressDescription == "[::1]:7000")
    }

    @Test func unixSocketWithDatabase() throws {
        let options = try RedisURL.parse("unix:///tmp/redis%20x.sock?db=3")
        #expect(options.address == .unix(path: "/tmp/redis x.sock"))
        #expect(options.database == 3)
    }

    @Test func badURLsSayWhy() {
        for text in ["localhost:6379", "http://h", "redis://h:99999", "redis://h:abc", "redis://h/x", "unix://relative"] {
            #expect(throws: RedisClientError.self, "\(text)") { try RedisURL.parse(text) }
        }
    }

    @Test func messagesNeverShowThePassword() throws {
        #expect(RedisURL.masked("redis://u:topsecret@h:1/2") == "redis://u:***@h:1/2")
        #expect(RedisURL.masked("redis://topsecret@h") == "redis://***@h")
        let options = try RedisURL.parse("redis://u:topsecret@h:1/2")
        #expect(!options.maskedURL.contains("topsecret"))
        #expect(options.maskedURL == "redis://u:***@h:1/2")
        do {
            _ = try RedisURL.parse("redis://u:topsecret@h:port")
        } catch {
            #expect(!error.description.contains("topsecret"))
        }
    }

    @Test func environmentVariables() throws {
        let fromURL = try ConnectionOptions.fromEnvironment(["REDIS_URL": "redis://h:7/1", "REDISCLI_AUTH": "pw"])
        #expect(fromURL.address == .tcp(host: "h", port: 7))
        #expect(fromURL.database == 1)
        #expect(fromURL.password == "pw")
        let fromParts = try ConnectionOptions.fromEnvironment(["REDIS_HOST": "box", "REDIS_PORT": "6390", "REDIS_PASSWORD": "x"])
        #expect(fromParts.address == .tcp(host: "box", port: 6390))
        #expect(fromParts.password == "x")
        #expect(throws: RedisClientError.self) { try ConnectionOptions.fromEnvironment(["REDIS_PORT": "none"]) }
    }
}

@Suite struct SentinelURLTests {
    @Test func sentinelsMasterNameAndDatabase() throws {
        let options = try RedisURL.parse("redis+sentinel://:pw@10.0.0.1:26380,10.0.0.2/mymaster/2")
        #expect(options.sentinel?.masterName == "mymaster")
        #expect(options.sentinel?.nodes == [.tcp(host: "10.0.0.1", port: 26380), .tcp(host: "10.0.0.2", port: 26379)])
        #expect(options.database == 2)
        #expect(options.password == "pw")
    }

    @Test func aMasterNameIsRequired() {
        #expect(throws: RedisClientError.self) { try RedisURL.parse("redis+sentinel://127.0.0.1:26379") }
        #expect(throws: RedisClientError.self) { try RedisURL.parse("redis+sentinel://127.0.0.1:26379/") }
        #expect(throws: RedisClientError.self) { try RedisURL.parse("redis+sentinel://127.0.0.1:26379/m/x") }
    }
}
