import RESP

/// How redis-cli's options reshape the words of a one-shot command before it is sent:
/// `--quoted-input`, `--eval`'s comma rule and `-X`'s tag. Pure, so each rule is tested
/// without a server; the caller reads files and stdin.
public enum CommandArguments {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        /// 2 for bad usage, 1 otherwise (redis-cli's exit for a tag that matches nothing).
        public var status: Int32
    }

    /// `--quoted-input`: each word read as one argument of redis-cli's quoting rules
    /// (`"a\x00b"` is three bytes), so binary arguments can be typed on a shell line.
    public static func unquoted(_ words: [[UInt8]]) throws(Failure) -> [[UInt8]] {
        try words.map { word throws(Failure) -> [UInt8] in
            let parts: [[UInt8]]
            do {
                parts = try CommandLineSplitter.split(bytes: word)
            } catch {
                throw Failure(description: "Invalid quoted string: \(String(decoding: word, as: UTF8.self)) (\(error))", status: 2)
            }
            guard parts.count == 1 else {
                throw Failure(
                    description: "Invalid quoted string: \(String(decoding: word, as: UTF8.self)) (one quoted argument per word)", status: 2
                )
            }
            return parts[0]
        }
    }

    /// `--eval FILE k1 k2 , a1 a2`: EVAL, the script, the number of keys, the keys, the
    /// arguments. The first word that is exactly `,` ends the keys and is dropped; any later
    /// `,` is an argument, as in redis-cli.
    public static func eval(script: [UInt8], words: [[UInt8]]) -> [[UInt8]] {
        let comma = words.firstIndex(of: [UInt8(ascii: ",")])
        let keys = comma.map { Array(words[..<$0]) } ?? words
        let arguments = comma.map { Array(words[($0 + 1)...]) } ?? []
        return [Array("EVAL".utf8), script, Array(String(keys.count).utf8)] + keys + arguments
    }

    /// `-X TAG`: the first word equal to the tag becomes standard input's bytes.
    public static func replacingTag(_ tag: String, in words: [[UInt8]], with input: () throws -> [UInt8]) throws -> [[UInt8]] {
        guard let index = words.firstIndex(of: Array(tag.utf8)) else {
            throw Failure(description: "Using -X option but stdin tag not match.", status: 1)
        }
        var replaced = words
        replaced[index] = try input()
        return replaced
    }
}
