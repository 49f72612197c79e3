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

    @Test func aServerThatGoesAwayStopsTheLabWithAMessage() async throws {
        let server = try await ThrowawayServer.start()
        defer { server.stop() }
        let directory = try TestShell.temporaryDirectory()
        defer { TestShell.remove(directory) }
        let status = try await background(
            "lab cache-aside --scenario stampede --duration 30s --strategy naive", port: server.port!, then: "redis-cli -p \(server.port!) SHUTDOWN NOSAVE >/dev/null 2>&1",
            in: directory)
        #expect(status == 1)
        let errors = text("\(directory)/err")
        #expect(errors.contains("lab cache-aside"), "\(errors)")
        #expect(errors.contains("could not clean up"), "\(errors)")
    }
}
