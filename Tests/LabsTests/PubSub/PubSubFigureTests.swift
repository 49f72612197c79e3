import Labs
import RESP
import RedisClient
import TestSupport
import Testing

@testable import Labs
@testable import Workbench

/// The pubsub lab's counts on real servers, against hand counts: every subscriber gets
/// every message of the fan-out; the reconnecting subscriber loses exactly the messages
/// published while it was away and the stream reader none; the slow subscriber is cut by
/// the first burst over the limit and loses every message from it on, the stream reader
/// none; every expiring key gives one event. Settings, keys and DBSIZE come back.
@Suite(.needsRedis) struct PubSubFigureTests {
    private func run(_ options: String, on server: ThrowawayServer) async throws -> LabRun {
        let client = ServerFixture.client(server)
        try await client.call("SET", "someone:else", "1")
        let before = try await client.call("DBSIZE").int
        let limits = try await client.call("CONFIG", "GET", "client-output-buffer-limit")
        let events = try await client.call("CONFIG", "GET", "notify-keyspace-events")
        let run = await LabRun.run(".lab pubsub --allow-config \(options)", on: server)
        #expect(run.result.ok, "\(run.result.failure?.message ?? "") \(run.errors)")
        #expect(try await client.call("DBSIZE").int == before)
        #expect(try await client.call("GET", "someone:else").string == "1")
        #expect(try await client.call("CONFIG", "GET", "client-output-buffer-limit") == limits)
        #expect(try await client.call("CONFIG", "GET", "notify-keyspace-events") == events)
        await client.close()
        return run
    }

    @Test func everyFigureAgainstItsHandCount() async throws {
        try await ServerFixture.withServer { server async throws in
            // Bursts of 8, 16, 32, 64 and 128 messages of 1,024 bytes against a 100 KB limit.
            // Redis counts a subscriber's output in 16 KB blocks (20 KB as allocated) after a
            // first buffer of up to 16 KB, so a burst of B bytes counts between B - 16 KB and
            // B + 20 KB: 64 messages (about 69 KB) stay under 100 KB, 128 (about 138 KB) pass it.
            let options =
                "--subscribers 3 --messages 120 --offline 30 --payload 1024 --buffer-limit 100 --first-burst 8 --bursts 5 --keys 40 --ttl 50ms"
            let run = try await run(options, on: server)

            #expect(try run.number("fan_out.publish_receivers") == 360)
            #expect(try run.number("fan_out.delivered") == 360)
            #expect(try run.number("fan_out.missing") == 0)
            #expect(try run.number("fan_out.duplicates") == 0)
            #expect(try run.number("fan_out.out_of_order") == 0)
            for subscriber in 0..<3 { #expect(try run.number("fan_out.per_subscriber[\(subscriber)].received") == 120) }

            // The unsafe variant: exactly the messages published while away are lost.
            let after = try run.number("reconnect.disconnected_after")
            #expect(after >= 1 && after <= 45)
            #expect(try run.number("reconnect.published_while_away") == 30)
            #expect(try run.number("reconnect.publish_receivers_while_away") == 0)
            #expect(try run.number("reconnect.pubsub_lost_while_away") == 30)
            #expect(try run.number("reconnect.pubsub.missing") == 30)
            #expect(try run.number("reconnect.pubsub.received") == 90)
            #expect(try run.number("reconnect.pubsub.duplicates") == 0)
            #expect(try run.number("reconnect.stream.duplicates") == 0)
            // Its fix: the stream reader resumes where it stopped and loses none.
            #expect(try run.number("reconnect.stream.missing") == 0)
            #expect(try run.number("reconnect.stream.received") == 120)
            #expect(try run.number("reconnect.stream_resumed_after") == after)
            #expect(try run.number("reconnect.stream_caught_up") == 30)

            // The slow subscriber: cut by a burst, never by one that fits; everything from
            // that burst on is lost, and the stream loses nothing.
            #expect(try run.number("slow_subscriber.cut_in_burst") == 5)
            for burst in 1...5 {
                let messages = Double(8 << (burst - 1))
                #expect(try run.number("slow_subscriber.bursts[\(burst - 1)].delivered") == (burst < 5 ? messages : 0), "burst \(burst)")
                #expect(try run.number("slow_subscriber.bursts[\(burst - 1)].subscribers_after") == (burst < 5 ? 1 : 0))
            }
            #expect(try run.number("slow_subscriber.published") == 248)
            #expect(try run.number("slow_subscriber.pubsub.received") == 120)
            #expect(try run.number("slow_subscriber.pubsub.missing") == 128)
            #expect(try run.number("slow_subscriber.published_before_cut") == 120)
            #expect(try run.number("slow_subscriber.published_after_cut") == 128)
            #expect(try run.number("slow_subscriber.stream.missing") == 0)
            #expect(try run.number("slow_subscriber.stream.received") == 248)

            #expect(try run.number("expiry_feed.keys_set") == 40)
            #expect(try run.number("expiry_feed.expired_events") == 40)
            #expect(try run.number("expiry_feed.missing") == 0)
            #expect(try run.number("expiry_feed.duplicates") == 0)
            #expect(try run.number("expiry_feed.remaining") == 0)
            #expect(try run.number("expiry_feed.ttl_min_ms") == 25)

            #expect(run.words.contains("lost 30 of the 30 messages published while it was away (PUBLISH found 0 receivers for them)"))
            #expect(run.words.contains("caught up on 30 entries and lost none of 120"))

            // Counts fixed by the seed: a second run reports them identically.
            let again = try await self.run(options, on: server)
            #expect(again.stableJSON == run.stableJSON)
        }
    }

    @Test func aLimitNoBurstReachesCutsNobody() async throws {
        try await ServerFixture.withServer { server async throws in
            let run = try await run("--quick --payload 64 --buffer-limit 1024 --first-burst 4 --bursts 3", on: server)
            #expect(try run.number("slow_subscriber.pubsub.missing") == 0)
            #expect(try run.number("slow_subscriber.pubsub.received") == 28)
            #expect(run.report.map { (try? ReportPath("slow_subscriber.cut_in_burst").resolve(in: $0))?.number == nil } == true)
            #expect(run.words.contains("No burst (the largest 16 messages, 1 KiB) passed client-output-buffer-limit pubsub 1 MiB"))
        }
    }

    @Test func optionsThatCannotWorkAreRefused() throws {
        let entry = try #require(LabCatalog.named("pubsub"))
        #expect(entry.problem(["--messages", "10", "--offline", "10"])?.contains("fewer than --messages 10") == true)
        #expect(entry.problem(["--subscribers", "65"])?.contains("from 1 to 64") == true)
        #expect(entry.problem(["--first-burst", "10000", "--bursts", "16"])?.contains("at most 256 MB") == true)
        #expect(entry.problem(["--buffer-limit", "8"])?.contains("from 16 to 65536 KB") == true)
        let lab = try PubSubSpec.lab(from: try PubSubOptions.parse([]), quick: true)
        #expect(lab.messages == 200 && lab.offline == 40 && lab.expiringKeys == 50)
    }
}
