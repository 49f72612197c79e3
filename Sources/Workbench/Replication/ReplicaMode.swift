import RESP
import RedisClient
import ReplyFormat

/// `rwb --replica`: the replication stream as redis-cli shows it. rwb syncs as a replica
/// (`REPLCONF capa eof`, `REPLCONF rdb-filter-only ""` as redis-cli 7.0 sends it, which has
/// the master stream the snapshot from memory rather than write it to its disk, then
/// `SYNC`), discards the snapshot, then prints each command the
/// master propagates as a CSV line (`"SELECT","0"`, `"set","k","v"`, the master's
/// `"PING"`s), with redis-cli's lines on stderr. Until Ctrl-C (exit 0) or until the master
/// is lost (one line, exit 1).
public struct ReplicaMode: Sendable {
    public init() {}

    /// How often to acknowledge after a diskless sync: the master puts such a replica
    /// online at its first `REPLCONF ACK`. (redis-cli sends one, a second after the
    /// transfer, and so may send it before the master is ready for it; rwb keeps sending.)
    static let ackInterval = Duration.seconds(1)

    public func run(options: ConnectionOptions, output: OutputSink, errors: OutputSink) async -> Int32 {
        guard BlockingConnection.supports(options) else {
            errors.line("Error: --replica over TLS is not built yet: follow the master over a plain or Unix-socket connection")
            return 2
        }
        do {
            let (link, _) = try await ReplicationLink.open(options, replconf: [("capa", "eof"), ("rdb-filter-only", "")], errors: errors)
            try await link.run { try Self.follow(link, output: output, errors: errors) }
            return 0
        } catch is ReplicationLink.Stopped {
            return 0
        } catch let error as RESPDecodingError {
            errors.line("--replica: the replication stream is not RESP: \(error)")
            return 1
        } catch {
            errors.line("\(error)")
            return 1
        }
    }

    /// Reads the stream until stopped (throws `Stopped`) or lost (throws `Failure`). Blocks.
    static func follow(_ link: ReplicationLink, output: OutputSink, errors: OutputSink) throws {
        let payload = try link.sync()
        switch payload {
        case .length(let length): errors.line("SYNC with master, discarding \(length) bytes of bulk transfer...")
        case .endMark: errors.line("SYNC with master, discarding bytes of bulk transfer until EOF marker...")
        }
        let length = try link.readPayload(payload) { _ in }
        let diskless = payload.isDiskless
        errors.line(
            diskless ? "SYNC done after \(length) bytes. Logging commands from master." : "SYNC done. Logging commands from master.")
        let formatter = ReplyFormatter(mode: .csv)
        var decoder = RESPDecoder()
        var nextAck = ContinuousClock.now
        while true {
            var used = 0
            while let (value, consumed) = try decoder.decode(link.pending, from: used) {
                output.write(formatter.format(value))
                used += consumed
            }
            link.consume(used)
            if diskless && ContinuousClock.now >= nextAck {
                try link.write(Array("*3\r\n$8\r\nREPLCONF\r\n$3\r\nACK\r\n$1\r\n0\r\n".utf8))
                nextAck = ContinuousClock.now + ackInterval
            }
            do {
                try link.readMore(until: diskless ? nextAck : nil)
            } catch let failure as ReplicationLink.Failure {
                throw ReplicationLink.Failure(description: "--replica: lost the master: \(failure.description)")
            }
        }
    }
}
