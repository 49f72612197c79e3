import RESP
import RedisClient
import TestSupport
import Testing
import Workbench

/// A lab stopped from outside: Ctrl-C, or the server going away. The report so far is
/// printed marked partial, the exit status says what happened, and nothing is left behind.
@Suite(.needsRedis) struct LabInterruptionTests {
    /// Starts `rwb -p port arguments`, waits until the lab has written a key, then runs
    /// `action` (which may name `$child`); returns rwb's exit status.
    private func background(_ arguments: String, port: Int, then action: String, in directory: String) async throws -> Int32 {
        let script = """
            \(TestShell.quote(TestShell.rwbPath)) -p \(port) \(arguments) >\(directory)/out 2>\(directory)/err &
            child=$!
            \(TestShell.waitUntilPositive(port: port, "DBSIZE"))
            \(action)
            wait $child
            echo $?
            """
        let (output, _) = try await TestShell.capture(script)
        return Int32(String(decoding: output, as: UTF8.self).trimmingCharacters(in: " \n")) ?? -1
    }

    private func text(_ path: String) -> String {
        TestShell.contents(of: path)
    }

    @Test func ctrlCPrintsThePartialReportCleansUpAndExits130() async throws {
        try await ServerFixture.withServer { server in
            let directory = try TestShell.temporaryDirectory()
            defer { TestShell.remove(directory) }
            let status = try await background(
                "lab cache-aside --scenario stampede --duration 30s --strategy naive,lock", port: server.port!, then: "kill -INT $child",
                in: directory)
            #expect(status == 130, "\(text("\(directory)/err"))")
            #expect(text("\(directory)/out").contains("Partial: the run stopped early (interrupted)"))
            let client = ServerFixture.client(server)
            #expect(try await client.call("DBSIZE") == .integer(0))
            await client.close()
        }
    }

    /// What `.lab eviction --allow-config` changes on a server rwb did not start, and where
    /// its keys go: all of it must be as it was after any way out.
    private func expectRestored(_ server: ThrowawayServer, _ context: String) async throws {
        let client = ServerFixture.client(server)
        defer { Task { await client.close() } }
        #expect(try await client.call("CONFIG", "GET", "maxmemory").elements?.last == .bulk("0"), "\(context)")
        #expect(try await client.call("CONFIG", "GET", "maxmemory-policy").elements?.last == .bulk("noeviction"), "\(context)")
        #expect(try await client.call("DBSIZE") == .integer(0), "\(context)")
    }

    /// A signal to `rwb run` while a script's lab has changed maxmemory: the lab stops, puts
    /// the settings back and removes its keys, the script goes no further, and the exit
    /// status is the shell's for the signal.
    @Test(arguments: [("INT", Int32(130)), ("TERM", Int32(143))])
    func aSignalToAScriptRestoresTheLabsSettingsAndKeys(signal: String, status expected: Int32) async throws {
        try await ServerFixture.withServer { server in
            let port = server.port!
            let directory = try TestShell.temporaryDirectory()
            defer { TestShell.remove(directory) }
            try TextFile.write(
                ".lab eviction --quick --allow-config --policy allkeys-lru\nSET rwb:after-the-lab 1\n", to: "\(directory)/lab.rwb")
            let script = """
                \(TestShell.quote(TestShell.rwbPath)) -p \(port) run \(directory)/lab.rwb >\(directory)/out 2>\(directory)/err &
                child=$!
                \(TestShell.waitUntilPositive(port: port, "CONFIG GET maxmemory"))
                kill -\(signal) $child
                wait $child
                echo $?
                """
            let (output, _) = try await TestShell.capture(script)
            let status = Int32(String(decoding: output, as: UTF8.self).trimmingCharacters(in: " \n")) ?? -1
            #expect(status == expected, "\(text("\(directory)/err"))")
            try await expectRestored(server, "SIG\(signal): \(text("\(directory)/err"))")
        }
    }

    /// Two signals in the same instant (as `timeout` or a impatient user sends them): the
    /// second ends rwb, but only once the lab has put everything back.
    @Test func twoSignalsAtOnceStillRestore() async throws {
        try await ServerFixture.withServer { server in
            let port = server.port!
            let directory = try TestShell.temporaryDirectory()
            defer { TestShell.remove(directory) }
            let script = """
                \(TestShell.quote(TestShell.rwbPath)) -p \(port) lab eviction --quick --allow-config --policy allkeys-lru >\(directory)/out 2>\(directory)/err &
                child=$!
                \(TestShell.waitUntilPositive(port: port, "CONFIG GET maxmemory"))
                kill -INT $child; kill -TERM $child
                wait $child
                echo $?
                """
            let (output, _) = try await TestShell.capture(script)
            let status = Int32(String(decoding: output, as: UTF8.self).trimmingCharacters(in: " \n")) ?? -1
            #expect(status == 130 || status == 143, "\(status): \(text("\(directory)/err"))")
            try await expectRestored(server, text("\(directory)/err"))
        }
    }

    @Test func sigtermToALabExits143() async throws {
        try await ServerFixture.withServer { server in
            let directory = try TestShell.temporaryDirectory()
            defer { TestShell.remove(directory) }
            let status = try await background(
                "lab cache-aside --scenario stampede --duration 30s --strategy naive", port: server.port!, then: "kill -TERM $child",
                in: directory)
            #expect(status == 143, "\(text("\(directory)/err"))")
            #expect(text("\(directory)/out").contains("Partial: the run stopped early (interrupted)"))
        }
    }

    @Test func aServerThatGoesAwayStopsTheLabWithAMessage() async throws {
        let server = try await ThrowawayServer.start()
        defer { server.stop() }
        let directory = try TestShell.temporaryDirectory()
        defer { TestShell.remove(directory) }
        let status = try await background(
            "lab cache-aside --scenario stampede --duration 30s --strategy naive", port: server.port!,
            then: "redis-cli -p \(server.port!) SHUTDOWN NOSAVE >/dev/null 2>&1",
            in: directory)
        #expect(status == 1)
        let errors = text("\(directory)/err")
        #expect(errors.contains("lab cache-aside"), "\(errors)")
        #expect(errors.contains("could not clean up"), "\(errors)")
    }
}
