import RedisClient

/// `rwb --rdb FILE` and `rwb --functions-rdb FILE` (FILE `-`: standard output): a snapshot
/// of the server over the replication protocol, as redis-cli takes it (`REPLCONF capa eof`,
/// `REPLCONF rdb-only 1`, with `rdb-filter-only functions` for the functions alone, then
/// `SYNC`), with redis-cli's lines on stderr. Unlike redis-cli, the payload is verified
/// (`RDBVerifier`) before it is renamed into place: a transfer cut short, a damaged payload
/// or an error leaves no file, says why in one line and exits 1.
public struct RDBMode: Sendable {
    public enum Kind: Sendable {
        case snapshot
        case functions
    }

    public var kind: Kind
    public var path: String

    public init(kind: Kind, path: String) {
        self.kind = kind
        self.path = path
    }

    var flag: String { kind == .snapshot ? "--rdb" : "--functions-rdb" }

    public func run(options: ConnectionOptions, errors: OutputSink) async -> Int32 {
        guard BlockingConnection.supports(options) else {
            errors.line("Error: \(flag) over TLS is not built yet: take the snapshot over a plain or Unix-socket connection")
            return 2
        }
        let file: SnapshotFile
        do {
            file = try SnapshotFile.create(path)
        } catch {
            errors.line(error.description)
            return 1
        }
        var replconf = [("capa", "eof"), ("rdb-only", "1")]
        if kind == .functions { replconf.append(("rdb-filter-only", "functions")) }
        do {
            let (link, refused) = try await ReplicationLink.open(options, replconf: replconf, errors: errors)
            // Without the filter the whole dataset would come: not what was asked for.
            if refused.contains("rdb-filter-only") {
                file.discard()
                errors.line("Failed requesting functions only RDB from server, aborting")
                return 1
            }
            let outcome = try await link.run { try Self.transfer(link, to: file, errors: errors) }
            try file.commit()
            errors.line(outcome.summary)
            errors.line(outcome.verdict)
            return 0
        } catch is ReplicationLink.Stopped {
            file.discard()
            errors.line("\(flag): interrupted; \(file.isStandardOutput ? "the output is incomplete" : "no file written")")
            return 1
        } catch {
            file.discard()
            errors.line("\(error)")
            return 1
        }
    }

    struct Outcome: Sendable {
        var payload: ReplicationLink.Payload
        var length: Int
        var verification: RDBVerifier.Outcome
        var version: String

        /// redis-cli's last line.
        var summary: String {
            if case .endMark = payload { return "Transfer finished with success after \(length) bytes" }
            return "Transfer finished with success."
        }

        var verdict: String {
            switch verification {
            case .verified(let checksum):
                return "RDB verified: version \(version), EOF opcode, CRC64 \(RDBVerifier.hex(checksum)) over \(length - 8) bytes"
            case .checksumDisabled:
                return
                    "RDB not verified: its checksum is 0 (the server runs with rdbchecksum no); version \(version) and EOF opcode checked"
            }
        }
    }

    /// `SYNC` and the payload into `file`, verified on the way. Blocks.
    static func transfer(_ link: ReplicationLink, to file: SnapshotFile, errors: OutputSink) throws -> Outcome {
        let payload = try link.sync()
        switch payload {
        case .length(let length): errors.line("SYNC sent to master, writing \(length) bytes to '\(file.path)'")
        case .endMark: errors.line("SYNC sent to master, writing bytes of bulk transfer until EOF marker to '\(file.path)'")
        }
        var verifier = RDBVerifier()
        let length = try link.readPayload(payload) { bytes in
            verifier.consume(bytes)
            try file.write(bytes)
        }
        return Outcome(payload: payload, length: length, verification: try verifier.finish(), version: verifier.version ?? "")
    }
}
