import RESP
import RedisCommands

/// Formats replies exactly as redis-cli 7.0 prints them, plus a clean JSON mode.
///
/// ```swift
/// let formatter = ReplyFormatter(mode: .tty)
/// let bytes = formatter.format(reply, command: ["LRANGE", "l", "0", "-1"])
/// // 1) "a"\n2) "b"\n
/// ```
///
/// `format(_:command:)` returns the bytes to write for one reply, including the trailing
/// newline exactly as redis-cli writes it (write them as they are: output is binary-safe).
/// `formatPush(_:)` does the same for an out-of-band RESP3 push (client-side caching
/// invalidations print as `-> invalidate: 'k1', 'k2'` on a terminal, as in redis-cli).
///
/// The modes (verified byte for byte against redis-cli 7.0.15):
/// - `.tty` (`TTYFormat.swift`): `(integer) 1`, `(nil)`, `(error) ERR …`, `(double) 1.5`,
///   `(true)`, strings quoted with C escapes and `\xHH` for every byte outside 0x20…0x7e,
///   `1) …` lists with the index right-aligned, `1# k => v` maps, `1~ …` sets.
/// - `.raw` (`RawFormat.swift`): bytes as they are, one element per line, map entries as
///   `key value`, nil and empty aggregates as an empty line, errors as `ERR …` followed by
///   an empty line.
/// - `.csv` (`CSVFormat.swift`): redis-cli's `--csv`.
/// - `.json` (`JSONFormat.swift`): like redis-cli's `--json` where that is valid JSON, and
///   valid JSON where it is not (errors, binary, inf/nan, map keys).
///
/// Commands whose reply is a text report (INFO, CLIENT LIST/INFO, MEMORY DOCTOR, LATENCY
/// DOCTOR, CLUSTER NODES, … see `CommandFacts.printsRawOnTerminal`) print in raw form, with no newline
/// added, in tty, raw and csv modes alike, as redis-cli does. JSON mode ignores this.
///
/// Where redis-cli 7.0 fails we print something sensible: big numbers (it exits with
/// "Unknown reply type: 13") print as `(big number) 123…` on a terminal and as their digits
/// elsewhere; attribute replies (it reports a protocol error) print as the value they
/// decorate: the attributes themselves are metadata and are not shown in any mode.
/// Doubles print as redis-server 7.0 sends them (`%.17g`, `inf`, `-inf`, `nan`), since
/// redis-cli prints a double's text as received.
public struct ReplyFormatter: Sendable {
    public var mode: OutputMode
    /// Between the elements of an aggregate in raw mode (redis-cli `-d`, default `\n`).
    public var rawElementDelimiter: [UInt8]
    /// After each reply in raw mode (redis-cli `-D`, default `\n`).
    public var rawReplyDelimiter: [UInt8]

    public init(
        mode: OutputMode,
        rawElementDelimiter: [UInt8] = [UInt8(ascii: "\n")],
        rawReplyDelimiter: [UInt8] = [UInt8(ascii: "\n")]
    ) {
        self.mode = mode
        self.rawElementDelimiter = rawElementDelimiter
        self.rawReplyDelimiter = rawReplyDelimiter
    }

    /// The bytes redis-cli would print for `reply`, the answer to `command`.
    ///
    /// `command` only matters for the commands redis-cli prints raw on a terminal; pass nil
    /// when it is unknown.
    public func format(_ reply: RESPValue, command: RedisCommand? = nil) -> [UInt8] {
        var out: [UInt8] = []
        if !mode.isJSON, let command, CommandFacts.printsRawOnTerminal(command) {
            RawFormat.append(reply, delimiter: rawElementDelimiter, to: &out)
            return out
        }
        switch mode {
        case .tty:
            TTYFormat.append(reply, prefix: [], to: &out)
        case .raw:
            RawFormat.append(reply, delimiter: rawElementDelimiter, to: &out)
            out.append(contentsOf: rawReplyDelimiter)
        case .csv:
            CSVFormat.append(reply, to: &out)
            out.append(UInt8(ascii: "\n"))
        case .json, .quotedJSON:
            JSONFormat.append(reply, quoted: mode == .quotedJSON, to: &out)
            out.append(UInt8(ascii: "\n"))
        }
        return out
    }

    /// The bytes redis-cli prints for a push that arrives outside any reply (RESP3 `>`):
    /// on a terminal an invalidation message reads `-> invalidate: 'k1', 'k2'`; anything
    /// else prints as `format(_:)` prints it.
    public func formatPush(_ push: RESPValue) -> [UInt8] {
        if mode == .tty, let keys = PushFormat.invalidatedKeys(push) {
            return PushFormat.invalidateLine(keys)
        }
        return format(push)
    }
}
