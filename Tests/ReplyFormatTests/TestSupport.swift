import Foundation
import RESP
import ReplyFormat

/// UTF-8 bytes of a string literal.
func b(_ text: String) -> [UInt8] { Array(text.utf8) }

/// One command as redis-cli 7.0.15 showed it: the server's reply bytes and redis-cli's output
/// in each mode (see RedisCliFixtures.swift).
struct CliFixture: Sendable, CustomStringConvertible {
    var name: String
    var command: [String]
    var resp: [UInt8]
    var tty: [UInt8]
    var raw: [UInt8]
    var csv: [UInt8]
    var json: [UInt8]?

    var description: String { name }

    var reply: RESPValue {
        get throws {
            var decoder = RESPDecoder()
            guard let (value, used) = try decoder.decode(resp), used == resp.count else {
                throw FixtureError.incomplete(name)
            }
            return value
        }
    }
}

enum FixtureError: Error { case incomplete(String) }

/// Formats `value` in `mode` and returns the text (bytes decoded leniently, for readable diffs).
func text(_ value: RESPValue, _ mode: OutputMode, command: RedisCommand? = nil) -> String {
    String(decoding: ReplyFormatter(mode: mode).format(value, command: command), as: UTF8.self)
}

/// Parses one JSON document (fragments allowed), or throws.
func parseJSON(_ bytes: [UInt8]) throws -> Any {
    try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
}

extension RESPValue {
    static func str(_ text: String) -> RESPValue { .bulk(Array(text.utf8)) }
}
