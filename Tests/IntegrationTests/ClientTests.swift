import RESP
import RedisClient
import TestSupport
import Testing
import Workbench

#if canImport(Glibc)
import Glibc
#endif

/// The client against a real server: handshake, pipelining, transactions, failures.
@Suite(.needsRedis) struct ClientTests {
    @Test func aclUserAndPassword() async throws {
        try await ServerFixture.withServer { server in
            let admin = ServerFixture.client(server)
            defer { Task { await admin.close() } }
            try await admin.call("ACL", "SETUSER", "alice", "on", ">wonderland", "~rwb:*", "+@all")
            for version in [2, 3] {
                let alice = ServerFixture.client(server, protocolVersion: version) {
                    $0.username = "alice"
                    $0.password = "wonderland"
                }
                #expect(try await alice.send(["ACL", "WHOAMI"]) == .bulk("alice"))
                await alice.close()

                let intruder = ServerFixture.client(server, protocolVersion: version) {
                    $0.username = "alice"
                    $0.password = "wrong"
                }
                await #expect {
                    try await intruder.connect()
                } throws: { error in
                    guard let error = error as? RedisClientError, error.code == .handshakeFailed else { return false }
                    return error.message.contains("WRONGPASS") && !error.message.contains("wrong ")
                }
            }
        }
    }

    /// A server without HELLO (renamed away, as on Redis 5): RESP3 falls back to RESP2 and says so.
    @Test func resp3FallsBackWhereHelloIsUnknown() async throws {
        try await ServerFixture.withServer(arguments: ["--rename-command", "HELLO", ""]) { server in
            let client = ServerFixture.client(server, protocolVersion: 3)
            defer { Task { await client.close() } }
            let connection = try await client.connect()
            #expect(connection.protocolVersion == 2)
            #expect(connection.handshakeNotice?.contains("does not speak RESP3") == true)
            let hash = try await client.send(["HSET", "rwb:h", "f", "v"])
            #expect(hash == .integer(1))
            let all = try await client.send(["HGETALL", "rwb:h"])
            #expect(all == .array([.bulk("f"), .bulk("v")]))
        }
    }

    @Test func selectedDatabaseAndClientName() async throws {
        try await ServerFixture.withServer { server in
            let db3 = ServerFixture.client(server) { $0.database = 3 }
            defer { Task { await db3.close() } }
            try await db3.call("SET", "rwb:where", "three")
            #expect(try await db3.send(["CLIENT", "GETNAME"]) == .bulk("rwb"))
            let db0 = ServerFixture.client(server)
            defer { Task { await db0.close() } }
            #expect(try await db0.send(["GET", "rwb:where"]) == .null)
            #expect(try await db0.send(["INFO", "keyspace"]).string?.contains("db3:keys=1") == true)
        }
    }

    @Test func tenThousandCommandPipeline() async throws {
        try await ServerFixture.withServer(unixSocket: true) { server in
            let client = ServerFixture.client(server)
            defer { Task { await client.close() } }
            let commands = (0..<10_000).map { RedisCommand("INCRBY", "rwb:counter", String($0)) }
            let replies = try await client.pipeline(commands)
            #expect(replies.count == 10_000)
            // Each reply is the running sum: proof that replies were matched in order.
            var sum: Int64 = 0
            for (index, reply) in replies.enumerated() {
                sum += Int64(index)
                if reply != .integer(sum) {
                    Issue.record("reply \(index) is \(reply), expected \(sum)")
                    break
                }
            }
        }
    }

    @Test func multiExec() async throws {
        try await ServerFixture.withServer { server in
            let client = ServerFixture.client(server)
            defer { Task { await client.close() } }
            let replies = try await client.pipeline([
                ["MULTI"], ["SET", "rwb:t", "1"], ["INCR", "rwb:t"], ["EXEC"],
            ])
            #expect(
                replies == [
                    .simpleString("OK"), .simpleString("QUEUED"), .simpleString("QUEUED"),
                    .array([.simpleString("OK"), .integer(2)]),
                ])
            // A failed transaction: the error inside EXEC's array stays an error value.
            try await client.call("SET", "rwb:text", "x")
            let failed = try await client.pipeline([["MULTI"], ["INCR", "rwb:text"], ["EXEC"]])
            #expect(failed.last?.elements?.first?.isError == true)
        }
    }

    @Test(arguments: [2, 3]) func publishAndSubscribe(protocolVersion: Int) async throws {
        try await ServerFixture.withServer { server in
            let subscriber = ServerFixture.client(server, protocolVersion: protocolVersion)
            let publisher = ServerFixture.client(server)
            defer {
                Task {
                    await subscriber.close()
                    await publisher.close()
                }
            }
            let confirmation = try await subscriber.send(["SUBSCRIBE", "rwb:news", "rwb:sport"])
            #expect(confirmation.elements == [.bulk("subscribe"), .bulk("rwb:news"), .integer(1)])
            var messages = subscriber.outOfBand.makeAsyncIterator()
            #expect(await messages.next()?.elements == [.bulk("subscribe"), .bulk("rwb:sport"), .integer(2)])
            #expect(try await publisher.send(["PUBLISH", "rwb:news", "hello"]) == .integer(1))
            #expect(await messages.next()?.elements == [.bulk("message"), .bulk("rwb:news"), .bulk("hello")])
            // Still usable as a connection while subscribed.
            let pong = try await subscriber.send(["PING"])
            #expect(pong == (protocolVersion == 3 ? .simpleString("PONG") : .array([.bulk("pong"), .bulk("")])))
        }
    }

    @Test func serverKilledMidRequestGivesAClearErrorNotAHang() async throws {
        try await ServerFixture.withServer { server in
            let client = ServerFixture.client(server) { $0.commandTimeout = nil }
            defer { Task { await client.close() } }
            try await client.connect()
            let blocked = Task { try await client.send(["BLPOP", "rwb:never", "0"]) }
            try await Task.sleep(for: .milliseconds(100))
            kill(server.pid, SIGKILL)
            await #expect(throws: RedisClientError.connectionClosed(mayHaveExecuted: true)) { try await blocked.value }
            // The next command tries to reconnect, and then says the server is gone.
            await #expect {
                try await client.send(["PING"])
            } throws: { error in
                guard let error = error as? RedisClientError, error.code == .connectFailed else { return false }
                return error.message.hasSuffix(": Connection refused")
            }
        }
    }

    @Test func readOnlyCommandIsResentAfterAReconnect() async throws {
        try await ServerFixture.withServer { server in
            let client = ServerFixture.client(server)
            defer { Task { await client.close() } }
            try await client.call("SET", "rwb:k", "v")
            // The server closes every connection; the client notices on the next command.
            let other = ServerFixture.client(server)
            try await other.call("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes")
            await other.close()
            #expect(try await client.send(["GET", "rwb:k"]) == .bulk("v"))
        }
    }

    @Test func commandTimeoutClosesAndReports() async throws {
        try await ServerFixture.withServer { server in
            let client = ServerFixture.client(server) { $0.commandTimeout = .milliseconds(200) }
            defer { Task { await client.close() } }
            await #expect(throws: RedisClientError.timeout(.milliseconds(200))) {
                try await client.send(["BLPOP", "rwb:never", "0"])
            }
            // The reconnect and PING get more than 0.2 s: a loaded CI machine may need it.
            let pong = try await client.send(["PING"], timeout: .seconds(5))
            #expect(pong == .simpleString("PONG"))
        }
    }

    @Test func connectionRefusedSaysSoLikeRedisCli() async throws {
        let port = try await ServerFixture.withServer { $0.port! }  // stopped: nothing listens there now
        let client = RedisClient(ConnectionOptions(address: .tcp(host: "127.0.0.1", port: port)))
        await #expect(throws: RedisClientError.connectFailed(address: "127.0.0.1:\(port)", reason: "Connection refused")) {
            try await client.connect()
        }
        #expect(
            RedisClientError.connectFailed(address: "127.0.0.1:\(port)", reason: "Connection refused").description
                == "Could not connect to Redis at 127.0.0.1:\(port): Connection refused")
    }
}
