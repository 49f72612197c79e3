import RESP
import RedisClient
import TestSupport
import Testing
import Workbench

#if canImport(Glibc)
import Glibc
#endif

/// Master discovery through a real Redis Sentinel, and the switch after a failover.
@Suite(.needsRedis, .serialized) struct SentinelTests {
    @Test func theClientFindsTheMasterAndFollowsAFailover() async throws {
        try await SentinelFixture.withSentinel { fixture in
            let client = SentinelFixture.client(fixture)
            #expect(try await client.send(["SET", "k", "before"]) == .simpleString("OK"))
            #expect(await client.options.address == fixture.master.options.address)
            #expect(try await client.send(["WAIT", "1", "5000"]).int == 1)
            // The master crashes; the sentinel promotes the replica; the client asks again.
            kill(fixture.master.pid, SIGKILL)
            let clock = ContinuousClock()
            let deadline = clock.now + .seconds(30)
            var value: String?
            while value == nil && clock.now < deadline {
                value = (try? await client.send(["GET", "k"]))?.string
                if value == nil { try await Task.sleep(for: .milliseconds(200)) }
            }
            #expect(value == "before")
            #expect(await client.options.address == fixture.replica.options.address)
            #expect(try await client.send(["SET", "k", "after"]) == .simpleString("OK"))
            await client.close()
        }
    }

    @Test func oneShotFlagsAndURLFindTheMaster() async throws {
        try await SentinelFixture.withSentinel { fixture in
            let rwb = TestShell.quote(TestShell.rwbPath)
            let flags = try await TestShell.capture("\(rwb) --sentinel 127.0.0.1:\(fixture.sentinelPort) --master mymaster SET k v 2>&1")
            #expect(String(decoding: flags.output, as: UTF8.self) == "OK\n")
            let url = try await TestShell.capture("\(rwb) -u redis+sentinel://127.0.0.1:\(fixture.sentinelPort)/mymaster GET k 2>&1")
            #expect(String(decoding: url.output, as: UTF8.self) == "v\n")
            let unknown = try await TestShell.capture("\(rwb) --sentinel 127.0.0.1:\(fixture.sentinelPort) --master nope GET k 2>&1")
            #expect(unknown.status == 1)
            #expect(
                String(decoding: unknown.output, as: UTF8.self)
                    == "no Sentinel gave the address of master 'nope': 127.0.0.1:\(fixture.sentinelPort) monitors no master named 'nope'\n")
        }
    }
}
