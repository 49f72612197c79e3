import RESP
import RedisClient

/// A subscriber against `client-output-buffer-limit pubsub LIMIT 0 0`, fed bursts that
/// double in size. Each burst is one MULTI … EXEC: Redis writes to no client until EXEC
/// ends, so the subscriber falls behind by the whole burst whatever its speed, and the burst
/// that passes the limit cuts it at the same place on every run. The same messages go to a
/// stream, read with XREAD from the last ID, which no burst cuts.
struct SlowSubscriberRun {
    let limitBytes: Int
    let payloadBytes: Int
    let firstBurst: Int
    let bursts: Int
    let context: LabContext

    func run() async throws -> SlowSubscriberResult {
        let config = try context.configGuard()
        try await config.set("client-output-buffer-limit", "pubsub \(limitBytes) 0 0")
        let channel = context.keys.key("slow")
        let reader = StreamReader(stream: context.keys.key("slow", "stream"))
        let subscriber = try await Subscriber.subscribe(channel, context: context)
        let readerConnection: any LabConnection
        do {
            readerConnection = try await context.connect()
        } catch {
            await subscriber.connection.close()
            throw error
        }
        defer {
            Task {
                await subscriber.connection.close()
                await readerConnection.close()
            }
        }
        var published = 0
        var ranges: [ClosedRange<Int>] = []
        var subscribersAfter: [Int] = []
        var cutInBurst: Int?
        for index in 0..<bursts {
            let size = firstBurst << index
            let range = (published + 1)...(published + size)
            try await sendBurst(range, channel: channel, stream: reader.stream)
            published = range.upperBound
            ranges.append(range)
            let listening = try await subscriberCount(channel, on: context.redis)
            subscribersAfter.append(listening)
            if listening == 0, cutInBurst == nil { cutInBurst = index + 1 }
            // A subscriber still there is drained before the next burst, so each burst
            // starts from an empty output buffer.
            if listening > 0 { _ = try await waitUntil(context.clock) { subscriber.tally.last >= published } }
            try await reader.catchUp(on: readerConnection)
        }
        let tally = subscriber.tally
        let burstResults = ranges.enumerated().map { index, range in
            Burst(
                burst: index + 1, messages: range.count, bytes: range.count * payloadBytes,
                delivered: range.count - tally.missing(in: range), subscribersAfter: subscribersAfter[index])
        }
        let beforeCut = cutInBurst.map { ranges[$0 - 1].lowerBound - 1 } ?? published
        try await config.restore()
        return SlowSubscriberResult(
            limitBytes: limitBytes, payloadBytes: payloadBytes, bursts: burstResults, cutInBurst: cutInBurst,
            publishedBeforeCut: beforeCut, published: published, pubsub: tally.count(published: published),
            publishedAfterCut: published - beforeCut, stream: reader.tally.count(published: published))
    }

    /// MULTI, PUBLISH and XADD for each message, EXEC, in one write.
    private func sendBurst(_ range: ClosedRange<Int>, channel: String, stream: String) async throws {
        var commands = [RedisCommand(["MULTI"])]
        for sequence in range {
            let payload = SubscriberTally.payload(sequence, bytes: payloadBytes)
            commands.append(RedisCommand(["PUBLISH", channel, payload]))
            commands.append(RedisCommand(["XADD", stream, "*", "m", payload]))
        }
        commands.append(RedisCommand(["EXEC"]))
        let replies = try await context.redis.pipeline(commands)
        guard let exec = replies.last, exec.errorMessage == nil, let results = exec.elements, results.count == range.count * 2 else {
            throw LabError("a burst's EXEC answered \(replies.last.map { "\($0)" } ?? "nothing")")
        }
        if let error = results.lazy.compactMap(\.errorMessage).first { throw LabError("a burst's command failed: \(error)") }
    }
}
