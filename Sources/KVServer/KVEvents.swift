import HTTPTypes
import Hummingbird
import NIOCore
import RESP
import RedisClient
import RedisREST
import Synchronization

/// SUBSCRIBE, PSUBSCRIBE and MONITOR as server-sent events: `GET /subscribe/news/sport`
/// opens a connection of its own to Redis, subscribes, and writes each message as an event
/// (`data: message,news,hello`), confirmations included, until the HTTP client goes away.
/// A comment line every `heartbeat` keeps proxies from closing an idle stream and lets a
/// departed client be noticed (its write fails) when no message comes.
final class KVEvents: Sendable {
    let options: ConnectionOptions
    let clock: any WorkClock
    let heartbeat: Duration
    /// The streams open now, ended together when the endpoint stops (an idle stream would
    /// otherwise hold a graceful stop for its whole grace).
    private let open = Mutex<(next: Int, sinks: [Int: AsyncStream<Event>.Continuation])>((0, [:]))

    init(options: ConnectionOptions, clock: any WorkClock, heartbeat: Duration) {
        self.options = options
        self.clock = clock
        self.heartbeat = heartbeat
    }

    /// Ends every stream: each one's response finishes and its connection to Redis closes.
    func endAll() {
        let sinks = open.withLock { state in
            defer { state.sinks = [:] }
            return Array(state.sinks.values)
        }
        for sink in sinks { sink.finish() }
    }

    private enum Event: Sendable {
        case message(RESPValue)
        case heartbeat
    }

    struct Stream: Sendable {
        var command: RedisCommand

        /// The stream a path asks for, or nil when the path is a command of another kind.
        init?(path: String) {
            let segments = path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true)
            guard let first = segments.first else { return nil }
            let name = String(decoding: first, as: UTF8.self).uppercased()
            guard name == "SUBSCRIBE" || name == "PSUBSCRIBE" || name == "MONITOR" else { return nil }
            var arguments = [Array(name.utf8)]
            for segment in segments.dropFirst() {
                guard let decoded = try? PercentDecoding.decode(segment, plusIsSpace: false) else { return nil }
                arguments.append(decoded)
            }
            command = RedisCommand(bytes: arguments)
        }
    }

    func respond(_ stream: Stream, access: KVAccess, stats: KVStats) async -> Response {
        let name = stream.command.name
        if name != "MONITOR" && stream.command.arguments.count < 2 {
            stats.refused()
            return KVAnswer.refusal(.badRequest, "name a channel: /\(name.lowercased())/CHANNEL[/CHANNEL…]")
        }
        if name == "MONITOR", case .readOnly = access {
            stats.refused()
            return KVAnswer.refusal(.forbidden, "NOPERM MONITOR shows every command: it needs the full token")
        }
        let (events, sink) = AsyncStream.makeStream(of: Event.self, bufferingPolicy: .bufferingNewest(10_000))
        var dedicated = options
        dedicated.clientName = "rwb-kv-serve-events"
        let connection: RedisConnection
        let first: RESPValue
        do {
            connection = try await RedisConnection.connect(dedicated) { sink.yield(.message($0)) }
            first = try await connection.send(stream.command)
        } catch {
            return KVAnswer.refusal(.serviceUnavailable, "\(error)")
        }
        if let message = first.errorMessage {
            await connection.close()
            return KVAnswer.refusal(.badRequest, message)
        }
        stats.commands(1)
        let id = open.withLock { state in
            state.next += 1
            state.sinks[state.next] = sink
            return state.next
        }
        connection.onClose { sink.finish() }
        let beat = Task { [clock, heartbeat] in
            while (try? await clock.sleep(for: heartbeat)) != nil { sink.yield(.heartbeat) }
        }
        let body = ResponseBody { writer in
            defer {
                _ = self.open.withLock { $0.sinks.removeValue(forKey: id) }
                beat.cancel()
                Task { await connection.close() }
            }
            try await writer.write(ByteBuffer(bytes: Self.event(first)))
            for await event in events {
                switch event {
                case .message(let message): try await writer.write(ByteBuffer(bytes: Self.event(message)))
                case .heartbeat: try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                }
            }
            try await writer.finish(nil)
        }
        return Response(
            status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"], body: body)
    }

    /// One event: the message's parts joined by commas (`message,news,hello`), a part with
    /// line breaks split over `data:` lines as the format requires (a reader joins them with
    /// a line break again).
    static func event(_ message: RESPValue) -> [UInt8] {
        var text: [UInt8] = []
        let parts = message.elements ?? [message]
        for (index, part) in parts.enumerated() {
            if index > 0 { text.append(UInt8(ascii: ",")) }
            switch part {
            case .bulkString(let bytes): text.append(contentsOf: bytes)
            case .simpleString(let line): text.append(contentsOf: line.utf8)
            case .integer(let number): text.append(contentsOf: String(number).utf8)
            default: text.append(contentsOf: (part.string ?? "").utf8)
            }
        }
        var out: [UInt8] = []
        for line in text.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            out.append(contentsOf: "data: ".utf8)
            out.append(contentsOf: line.filter { $0 != UInt8(ascii: "\r") })
            out.append(UInt8(ascii: "\n"))
        }
        out.append(UInt8(ascii: "\n"))
        return out
    }
}
