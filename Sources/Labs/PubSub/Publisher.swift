import RESP
import RedisClient

/// PUBLISHes the messages of `range` (payloads numbered), and XADDs each to `stream` too
/// when there is one, pipelined 100 messages at a time; returns the sum of PUBLISH's
/// replies, the receivers the server found.
func publish(_ range: ClosedRange<Int>, channel: String, stream: String? = nil, on redis: some LabConnection) async throws -> Int {
    var receivers = 0
    for start in stride(from: range.lowerBound, through: range.upperBound, by: 100) {
        let batch = (start...min(range.upperBound, start + 99)).flatMap { sequence in
            let payload = SubscriberTally.payload(sequence)
            let publish = RedisCommand(["PUBLISH", channel, payload])
            return stream.map { [publish, RedisCommand(["XADD", $0, "*", "m", payload])] } ?? [publish]
        }
        for (command, reply) in zip(batch, try await redis.pipeline(batch)) {
            if let error = reply.errorMessage { throw LabError("the publisher's \(command.name) failed: \(error)") }
            if command.name == "PUBLISH" { receivers += Int(reply.int ?? 0) }
        }
    }
    return receivers
}
