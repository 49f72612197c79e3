import Dispatch
import RESP
import RedisClient
import TestSupport
import Testing
import Workbench

#if canImport(Glibc)
import Glibc
#endif

/// `BlockingConnection` (one-shot commands) against a real server, side by side with
/// `RedisConnection` (NIO): the same replies, handshake and errors for the same situations.
@Suite(.needsRedis) struct BlockingConnectionTests {
    /// Commands whose replies cover every RESP2 and RESP3 type the server sends.
    static let commands: [[String]] = [
        ["SET", "rwb:s", "value"], ["GET", "rwb:s"], ["GET", "rwb:missing"], ["INCR", "rwb:n"],
        ["HSET", "rwb:h", "a", "1", "b", "2"], ["HGETALL", "rwb:h"], ["ZADD", "rwb:z", "1.5", "m", "2", "n"],
        ["ZRANGE", "rwb:z", "0", "-1", "WITHSCORES"], ["ZSCORE", "rwb:z", "m"], ["SADD", "rwb:set", "x"], ["SMEMBERS", "rwb:set"],
        ["EXISTS", "rwb:s"], ["NOSUCHCOMMAND"], ["LPUSH", "rwb:s", "x"], ["CLIENT", "GETNAME"], ["SELECT", "1"], ["DBSIZE"],
    ]

    @Test(arguments: [2, 3]) func sameRepliesAsTheEventLoopConnection(protocolVersion: Int) async throws {
        try await ServerFixture.withServer { server in
            var options = server.options
            options.protocolVersion = protocolVersion
            options.database = 3
            options.clientName = nil
            options.commandTimeout = .seconds(10)
            let blocking = try await BlockingConnection.connect(options)
            #expect(blocking.protocolVersion == protocolVersion)
            var fromBlocking: [RESPValue] = []
            for command in Self.commands { fromBlocking.append(try blocking.send(RedisCommand(command))) }

            // The same commands again through NIO, from the same starting state.
            let admin = try await RedisConnection.connect(server.options)
            _ = try await admin.send(RedisCommand("FLUSHALL"))
            let nio = try await RedisConnection.connect(options)
            var fromNIO: [RESPValue] = []
            for command in Self.commands { fromNIO.append(try await nio.send(RedisCommand(command))) }
            await nio.close()
            await admin.close()
            #expect(fromBlocking == fromNIO)
            #expect(fromBlocking[1] == .bulk("value"))
        }
    }

    @Test func handshakeFailuresAndTheRESP3NoticeMatch() async throws {
        try await ServerFixture.withServer(arguments: ["--requirepass", "secret"]) { server in
            for version in [2, 3] {
                var wrong = server.options
                wrong.password = "wrong"
                wrong.protocolVersion = version
                let nioError = await failure { _ = try await RedisConnection.connect(wrong) }
                let blockingError = await failure { _ = try await BlockingConnection.connect(wrong) }
                #expect(nioError?.code == .handshakeFailed)
                #expect(blockingError == nioError, "RESP\(version)")

                var right = wrong
                right.password = "secret"
                let connection = try await BlockingConnection.connect(right)
                #expect(try connection.send(RedisCommand("PING")) == .simpleString("PONG"))
            }
        }
        try await ServerFixture.withServer(arguments: ["--rename-command", "HELLO", ""]) { server in
            var options = server.options
            options.protocolVersion = 3
            let connection = try await BlockingConnection.connect(options)
            let nio = try await RedisConnection.connect(options)
            #expect(connection.protocolVersion == 2)
            #expect(connection.handshakeNotice == nio.handshakeNotice)
            #expect(connection.handshakeNotice?.contains("does not speak RESP3") == true)
            await nio.close()
        }
    }

    @Test func aTimeoutClosesTheConnectionAndSaysSo() async throws {
        try await ServerFixture.withServer { server in
            var options = server.options
            options.commandTimeout = .milliseconds(200)
            let connection = try await BlockingConnection.connect(options)
            let started = ContinuousClock.now
            #expect(throws: RedisClientError.timeout(.milliseconds(200))) { try connection.send(RedisCommand("BLPOP", "rwb:never", "0")) }
            #expect(ContinuousClock.now - started >= .milliseconds(200))
            // The stream is out of step now: the connection refuses further commands.
            #expect(throws: RedisClientError.timeout(.milliseconds(200))) { try connection.send(RedisCommand("PING")) }
        }
    }

    @Test func aServerKilledMidRequestIsAClearError() async throws {
        try await ServerFixture.withServer { server in
            var options = server.options
            options.commandTimeout = .seconds(10)
            let connection = try await BlockingConnection.connect(options)
            // From a Dispatch thread: the send below blocks this one, and a task might wait
            // for a cooperative thread while every one is busy.
            let pid = server.pid
            DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(200)) { _ = kill(pid, SIGKILL) }
            #expect(throws: RedisClientError.connectionClosed(mayHaveExecuted: true)) {
                try connection.send(RedisCommand("BLPOP", "rwb:never", "0"))
            }
        }
    }

    @Test func connectFailuresUseRedisCliWords() async throws {
        let port = try await ServerFixture.withServer { $0.port! }  // stopped: nothing listens there now
        for address in [ConnectionOptions.Address.tcp(host: "127.0.0.1", port: port), .unix(path: "/nonexistent/redis.sock")] {
            let options = ConnectionOptions(address: address)
            let blockingError = await failure { _ = try await BlockingConnection.connect(options) }
            let nioError = await failure { _ = try await RedisConnection.connect(options) }
            #expect(blockingError == nioError)
        }
        let refused = await failure {
            _ = try await BlockingConnection.connect(ConnectionOptions(address: .tcp(host: "127.0.0.1", port: port)))
        }
        #expect(refused?.description == "Could not connect to Redis at 127.0.0.1:\(port): Connection refused")
    }

    @Test func unixSocketsWork() async throws {
        try await ServerFixture.withServer(unixSocket: true) { server in
            let connection = try await BlockingConnection.connect(server.options)
            #expect(try connection.send(RedisCommand("ECHO", "over a socket file")) == .bulk("over a socket file"))
        }
    }

    @Test func aMalformedReplyIsReportedNotGuessed() async throws {
        // Not a Redis: a listening socket that answers bytes no RESP value starts with.
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        try withUnsafeMutablePointer(to: &address) { pointer in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                try #require(bind(listener, raw, length) == 0 && listen(listener, 1) == 0)
                try #require(getsockname(listener, raw, &length) == 0)
            }
        }
        let port = Int(UInt16(bigEndian: address.sin_port))
        var options = ConnectionOptions(address: .tcp(host: "127.0.0.1", port: port))
        options.commandTimeout = .seconds(5)
        options.clientName = nil  // no handshake: this listener answers nothing but garbage
        let connection = try await BlockingConnection.connect(options)  // completes in the backlog
        let accepted = accept(listener, nil, nil)
        defer { close(accepted) }
        let garbage = Array("?what\r\n".utf8)
        #expect(write(accepted, garbage, garbage.count) == garbage.count)
        #expect {
            try connection.send(RedisCommand("PING"))
        } throws: { error in
            (error as? RedisClientError)?.code == .malformedReply
        }
    }

    private func failure(_ body: () async throws -> Void) async -> RedisClientError? {
        do {
            try await body()
            return nil
        } catch {
            return error as? RedisClientError
        }
    }

    /// A server at maxclients writes its error and closes at once: the error comes in place of
    /// the reply to the handshake's CLIENT SETNAME (which used to be ignored as a courtesy
    /// refused, so the connection "opened"), or before a first command is written (the NIO
    /// handler had read it, but was gone when the command came). Both connections now say so
    /// in the server's words. The check waits for the close before its first command: one
    /// written while the server closes draws a reset that can make the kernel drop the unread
    /// error, and then "connection lost" is all anyone can know.
    @Test func maxclientsIsReportedInTheServersWordsByBothConnections() async throws {
        try await ServerFixture.withServer(arguments: ["--maxclients", "1"]) { server in
            var options = server.options
            options.commandTimeout = .seconds(10)
            // The one place: the fixture's readiness probe may still hold it for a moment (its
            // close reaches a loaded server late), so the holder tries for up to 30 s.
            var held: RedisConnection?
            for _ in 0..<600 where held == nil {
                do {
                    held = try await RedisConnection.connect(options)
                } catch {
                    try await Task.sleep(for: .milliseconds(50))
                }
            }
            let holder = try #require(held, "no connection was let in at maxclients 1")
            defer { Task { await holder.close() } }
            for _ in 0..<5 {
                do {
                    let connection = try await RedisConnection.connect(options)
                    defer { Task { await connection.close() } }
                    for _ in 0..<500 where connection.isActive { try await Task.sleep(for: .milliseconds(10)) }
                    #expect(!connection.isActive, "the server did not close the connection past maxclients")
                    _ = try await connection.send(RedisCommand("PING"))
                    Issue.record("a second connection was served past maxclients 1")
                } catch {
                    #expect("\(error)".contains("max number of clients reached"), "NIO: \(error)")
                }
                do {
                    let connection = try await BlockingConnection.connect(options)
                    _ = try connection.send(RedisCommand("PING"))
                    Issue.record("a second blocking connection was served past maxclients 1")
                } catch {
                    #expect("\(error)".contains("max number of clients reached"), "blocking: \(error)")
                }
            }
        }
    }

    /// The other side of the same rule: a user whose ACL forbids CLIENT SETNAME still
    /// connects (the name is a courtesy the server may refuse).
    @Test func aUserWithoutClientSetnameStillConnects() async throws {
        try await ServerFixture.withServer { server in
            let admin = try await RedisConnection.connect(server.options)
            defer { Task { await admin.close() } }
            let created = try await admin.send(RedisCommand("ACL", "SETUSER", "noname", "on", ">pw", "~*", "+@all", "-client"))
            #expect(created == .simpleString("OK"))
            var options = server.options
            options.username = "noname"
            options.password = "pw"
            options.commandTimeout = .seconds(10)
            let nio = try await RedisConnection.connect(options)
            defer { Task { await nio.close() } }
            #expect(try await nio.send(RedisCommand("PING")) == .simpleString("PONG"))
            let blocking = try await BlockingConnection.connect(options)
            #expect(try blocking.send(RedisCommand("PING")) == .simpleString("PONG"))
        }
    }
}
