import Labs
import RESP
import RedisClient
import TestSupport
import Testing

@testable import Workbench

#if canImport(Glibc)
import Glibc
#endif

/// Regressions for rwb used as a hostile user would: cycles, dying servers, secrets in
/// reports, URLs without a scheme, glob characters, binary arguments, orphaned servers.
@Suite(.needsRedis) struct HardeningTests {
    /// Runs `rwb ARGS` through sh in `directory`; returns status, stdout and stderr.
    private func rwb(_ arguments: String, in directory: String? = nil, stdin: String = "</dev/null") async throws -> (
        status: Int32, output: String, errors: String
    ) {
        let scratch = try TestShell.temporaryDirectory()
        defer { TestShell.remove(scratch) }
        let cd = directory.map { "cd \(TestShell.quote($0)) && " } ?? ""
        // bash, not sh: the tests use $'\xff' and <<<.
        let command = "\(cd)timeout 60 \(TestShell.quote(TestShell.rwbPath)) \(arguments) \(stdin) 2>\(scratch)/err"
        let (output, status) = try await TestShell.capture("bash -c \(TestShell.quote(command))")
        let errors = TestShell.contents(of: "\(scratch)/err")
        return (status, String(decoding: output, as: UTF8.self), errors)
    }

    private func write(_ text: String, to path: String) throws {
        try TextFile.write(text, to: path)
    }

    // Row 1

    /// A throwaway server whose port stays taken does not loop: after its tries it fails
    /// with the reason, redis-server's own bind error.
    @Test func aTakenPortIsRetriedThenReported() async throws {
        try await ServerFixture.withServer { taken in
            // The extra --port overrides the free one found each time: every try meets it.
            do {
                let server = try await ThrowawayServer.start(extraArguments: ["--port", String(taken.port ?? 0)])
                server.stop()
                Issue.record("a server started on a port already in use")
            } catch let failure as ThrowawayServer.Failure {
                #expect(failure.description.contains("Address already in use"), "\(failure)")
            }
        }
    }

    @Test func sourceCycleIsRefusedWithTheChain() async throws {
        try await ServerFixture.withServer { server in
            let directory = try TestShell.temporaryDirectory()
            defer { TestShell.remove(directory) }
            try write("PING\n.source b.rwb\n", to: "\(directory)/a.rwb")
            try write(".source a.rwb\n", to: "\(directory)/b.rwb")
            try write(".source self.rwb\n", to: "\(directory)/self.rwb")
            let result = try await rwb("-p \(server.port!) run a.rwb", in: directory)
            #expect(result.status == 2)
            #expect(result.errors == "b.rwb:1: .source cycle: a.rwb → b.rwb → a.rwb\n")
            let alone = try await rwb("-p \(server.port!) run self.rwb", in: directory)
            #expect(alone.status == 2)
            #expect(alone.errors == "self.rwb:1: .source cycle: self.rwb → self.rwb\n")
        }
    }

    @Test func deepSourceChainsAreCapped() async throws {
        try await ServerFixture.withServer { server in
            let directory = try TestShell.temporaryDirectory()
            defer { TestShell.remove(directory) }
            for level in 0..<30 { try write(".source \(level + 1).rwb\n", to: "\(directory)/\(level).rwb") }
            try write("PING\n", to: "\(directory)/30.rwb")
            let result = try await rwb("-p \(server.port!) run 0.rwb", in: directory)
            #expect(result.status == 2)
            #expect(result.errors.contains(".source nested more than \(BatchRunner.maxSourceDepth) files deep"))
        }
    }

    // Row 2

    @Test func oneShotSubscribeEndsWhenTheServerDies() async throws {
        let server = try await ThrowawayServer.start()
        defer { server.stop() }
        let port = server.port!
        let scratch = try TestShell.temporaryDirectory()
        defer { TestShell.remove(scratch) }
        let script = """
            timeout 20 \(TestShell.quote(TestShell.rwbPath)) -p \(port) SUBSCRIBE ch >\(scratch)/out 2>\(scratch)/err &
            child=$!
            sleep 1
            redis-cli -p \(port) SHUTDOWN NOSAVE >/dev/null 2>&1
            wait $child
            echo $?
            """
        let (output, _) = try await TestShell.capture(script)
        #expect(String(decoding: output, as: UTF8.self) == "1\n")
        let errors = TestShell.contents(of: "\(scratch)/err")
        #expect(errors.contains("Server closed the connection"))
        let printed = TestShell.contents(of: "\(scratch)/out")
        #expect(printed.hasPrefix("subscribe\nch\n1\n"))
    }

    // Rows 3 and 4

    static let secretScript = """
        AUTH hunter2pw
        .expect-error
        HELLO 3 AUTH default hunter2pw
        .expect-type map
        ACL SETUSER rwbtest on >hunter2pw ~rwb:* +get
        .expect OK
        CONFIG SET masterauth hunter2pw
        .expect OK
        MIGRATE 127.0.0.1 1 rwb:nokey 0 100 AUTH hunter2pw
        .expect NOKEY
        AUTH rwbtest hunter2pw

        """

    @Test func transcriptsJSONAndJUnitNeverCarryPasswords() async throws {
        try await ServerFixture.withServer { server in
            let directory = try TestShell.temporaryDirectory()
            defer { TestShell.remove(directory) }
            try write(Self.secretScript, to: "\(directory)/s.rwb")
            let echo = try await rwb("-p \(server.port!) run --echo s.rwb", in: directory)
            #expect(echo.status == 0, "\(echo.errors)")
            #expect(!echo.output.contains("hunter2pw"))
            #expect(echo.output.contains("> AUTH ***\n"))
            #expect(echo.output.contains("> CONFIG SET ***\n"))
            let json = try await rwb("-p \(server.port!) run --json s.rwb", in: directory)
            #expect(!json.output.contains("hunter2pw"))
            #expect(json.output.contains(#""command":"ACL SETUSER ***""#))
            // A failing line with a password lands in the JUnit report's test case name.
            try write("AUTH nosuchuser hunter2pw\n", to: "\(directory)/fail.rwb")
            let junit = try await rwb("-p \(server.port!) run --junit report.xml fail.rwb", in: directory)
            #expect(junit.status == 1)
            let report = String(decoding: POSIX.readFile("\(directory)/report.xml") ?? [], as: UTF8.self)
            #expect(report.contains("AUTH ***"))
            #expect(!report.contains("hunter2pw"))
            #expect(!junit.errors.contains("hunter2pw"))
        }
    }

    // Row 5

    @Test func urlsWithoutASchemeNeverShowTheirPassword() async throws {
        for url in ["bob:hunter2pw@127.0.0.1:1", "redis:/bob:hunter2pw@127.0.0.1:1", ":hunter2pw@host"] {
            let result = try await rwb("--no-auth-warning -u \(TestShell.quote(url)) PING")
            #expect(result.status != 0)
            #expect(!result.errors.contains("hunter2pw"), "\(result.errors)")
            #expect(result.errors.contains("***@"))
        }
        let environment = try await rwb("PING", stdin: "</dev/null", inEnvironment: "REDIS_URL='bob:hunter2pw@localhost'")
        #expect(environment.status != 0)
        #expect(!environment.errors.contains("hunter2pw"))
        #expect(!HistoryPolicy.mayRecord(".connect :hunter2pw@host"))
        #expect(!HistoryPolicy.mayRecord(".connect bob:hunter2pw@host:6380"))
    }

    private func rwb(_ arguments: String, stdin: String, inEnvironment assignment: String) async throws -> (
        status: Int32, output: String, errors: String
    ) {
        let scratch = try TestShell.temporaryDirectory()
        defer { TestShell.remove(scratch) }
        let (output, status) = try await TestShell.capture(
            "env \(assignment) timeout 60 \(TestShell.quote(TestShell.rwbPath)) \(arguments) \(stdin) 2>\(scratch)/err")
        let errors = TestShell.contents(of: "\(scratch)/err")
        return (status, String(decoding: output, as: UTF8.self), errors)
    }

    @Test func connectWithUserInfoAndNoSchemeIsARedisURL() async throws {
        try await ServerFixture.withServer { server in
            let session = Session(settings: Session.Settings(mode: .raw), output: BufferSink(), errors: BufferSink())
            let result = await session.run(".connect :hunter2pw@127.0.0.1:\(server.port!)", at: .prompt)
            // The server has no password: AUTH fails, and the message does not repeat it.
            let message = try #require(result.failure?.message)
            #expect(message.hasPrefix("AUTH failed"))
            #expect(!message.contains("hunter2pw"))
            await session.shutdown()
        }
    }

    // Row 6

    @Test func cleanPrefixEscapesBytesNotCharacters() async throws {
        try await ServerFixture.withServer { server in
            let client = ServerFixture.client(server)
            let prefix: [UInt8] = [UInt8(ascii: "*"), 0xCC, 0x81]  // "*" + U+0301: one Character
            try await client.call(RedisCommand(bytes: [Array("SET".utf8), prefix + Array("mine".utf8), [0x31]]))
            try await client.call("SET", "user:1", "keep")
            try await client.call(RedisCommand(bytes: [Array("SET".utf8), [UInt8(ascii: "x"), 0xCC, 0x81], [0x31]]))
            let result = try await rwb("-p \(server.port!) --prefix $'*\\xcc\\x81' run -", stdin: "<<< .clean")
            #expect(result.status == 0, "\(result.errors)")
            #expect(result.output == "removed 1 key under *\u{301}\n")
            #expect(try await client.call("DBSIZE") == .integer(2))
            await client.close()
        }
    }

    @Test func prefixPatternMatchesExactlyTheKeysUnderRandomBytePrefixes() async throws {
        try await ServerFixture.withServer { server in
            let client = ServerFixture.client(server)
            var random = SeededGenerator(seed: 6)
            // Glob characters, backslashes, a combining mark's bytes, and anything else.
            let alphabet: [UInt8] = Array("*?[]\\^-!a:".utf8) + [0xCC, 0x81, 0x00, 0xFF, 0x0A]
            for _ in 0..<60 {
                let length = Int(random.next() % 6) + 1
                let prefix = (0..<length).map { _ in
                    random.next() % 3 == 0
                        ? UInt8(truncatingIfNeeded: random.next()) : alphabet[Int(random.next() % UInt64(alphabet.count))]
                }
                let keys: Set<[UInt8]> = [prefix, prefix + [0x31], prefix + Array("xyz".utf8)]
                var decoys: Set<[UInt8]> = [Array(prefix.dropLast()), [0x41] + prefix, Array("zz".utf8)]
                for index in prefix.indices {
                    var changed = prefix
                    changed[index] = changed[index] == 0x61 ? 0x62 : 0x61
                    decoys.insert(changed + [0x31])
                }
                decoys = decoys.filter { !$0.starts(with: prefix) }
                for key in keys.union(decoys) { try await client.call(RedisCommand(bytes: [Array("SET".utf8), key, [0x31]])) }
                var found: Set<[UInt8]> = []
                var cursor = "0"
                repeat {
                    let reply = try await client.call(
                        RedisCommand(bytes: [
                            Array("SCAN".utf8), Array(cursor.utf8), Array("MATCH".utf8), GlobPattern.prefix(prefix), Array("COUNT".utf8),
                            Array("1000".utf8),
                        ]))
                    let page = try #require(ScanPage(reply))
                    found.formUnion(page.keys)
                    cursor = page.cursor
                } while cursor != "0"
                #expect(found == keys, "prefix \(prefix)")
                try await client.call("FLUSHALL")
            }
            await client.close()
        }
    }

    // Row 7 and row 9

    @Test func binaryArgumentsReachTheServerByteForByte() async throws {
        try await ServerFixture.withServer { server in
            let client = ServerFixture.client(server)
            let set = try await rwb("-p \(server.port!) SET $'rwb:k\\xff' $'v\\xfe'")
            #expect(set.status == 0)
            #expect(
                try await client.call(RedisCommand(bytes: [Array("GET".utf8), Array("rwb:k".utf8) + [0xFF]]))
                    == .bulk(Array("v".utf8) + [0xFE]))
            // The same bytes in a script file, and a NUL inside and outside quotes.
            let directory = try TestShell.temporaryDirectory()
            defer { TestShell.remove(directory) }
            var script = Array("SET rwb:s".utf8) + [0xFF] + Array(" raw\n".utf8)
            script += Array("SET rwb:nul a".utf8) + [0] + Array("b\n".utf8)
            script += Array("SET rwb:qnul \"a".utf8) + [0] + Array("b\"\n".utf8)
            let fd = open("\(directory)/bin.rwb", O_WRONLY | O_CREAT, 0o600)
            FileDescriptorSink(descriptor: fd).write(script)
            close(fd)
            let run = try await rwb("-p \(server.port!) run bin.rwb", in: directory)
            #expect(run.status == 0, "\(run.errors)")
            #expect(
                try await client.call(RedisCommand(bytes: [Array("GET".utf8), Array("rwb:s".utf8) + [0xFF]])) == .bulk(Array("raw".utf8)))
            #expect(try await client.call("GET", "rwb:nul") == .bulkString([0x61, 0, 0x62]))
            #expect(try await client.call("GET", "rwb:qnul") == .bulkString([0x61, 0, 0x62]))
            await client.close()
        }
    }

    @Test func rawGetPrintsTheValueBytes() async throws {
        try await ServerFixture.withServer { server in
            let client = ServerFixture.client(server)
            try await client.call(RedisCommand(bytes: [Array("SET".utf8), Array("rwb:b".utf8) + [0xFF], [0xFE, 0x41]]))
            let command = "\(TestShell.quote(TestShell.rwbPath)) -p \(server.port!) --raw GET $'rwb:b\\xff'"
            let (output, status) = try await TestShell.capture("bash -c \(TestShell.quote(command))")
            #expect(status == 0)
            #expect(output == [0xFE, 0x41, 0x0A])
            await client.close()
        }
    }

    // Smaller defects

    @Test func negativeNumbersReachTheRangeChecks() async throws {
        let database = try await rwb("-n -1 PING")
        #expect(database.status == 2)
        #expect(database.errors.contains("0 or more"))
        let port = try await rwb("-p -1 PING")
        #expect(port.status == 2)
        #expect(port.errors.contains("1 to 65535"))
    }

    @Test func closedStandardInputForDashXIsAnError() async throws {
        try await ServerFixture.withServer { server in
            let result = try await rwb("-p \(server.port!) -x SET rwb:x", stdin: "<&-")
            #expect(result.status == 1)
            #expect(result.errors.contains("cannot read standard input"))
            let client = ServerFixture.client(server)
            #expect(try await client.call("EXISTS", "rwb:x") == .integer(0))
            await client.close()
        }
    }

    @Test func sleepIsCapped() async throws {
        try await ServerFixture.withServer { server in
            let result = try await rwb("-p \(server.port!) run -", stdin: "<<< '.sleep 99999999999'")
            #expect(result.status == 2)
            #expect(result.errors.contains("at most 3600000 ms"))
        }
    }

    @Test func tlsAgainstAPlaintextPortSaysSo() async throws {
        try await ServerFixture.withServer { server in
            let result = try await rwb("-p \(server.port!) --tls --insecure PING")
            #expect(result.status == 1)
            #expect(result.errors.contains("may not speak TLS"), "\(result.errors)")
        }
    }

    @Test func benchRefusesAbsurdSizes() async throws {
        for arguments in [
            "-c 100000", "-P 0", "-d -1", "-n 0", "-P 2000000", "-d 1000000000", "-c 2 -P 9223372036854775807", "--duration nan",
            "--duration 1e300", "--duration -inf", "-r -1", "--dbnum -1", "-n 9223372036854775807",
        ] {
            let result = try await rwb("bench --local \(arguments) -t ping")
            #expect(result.status == 2, "\(arguments): \(result.errors)")
        }
    }
}
