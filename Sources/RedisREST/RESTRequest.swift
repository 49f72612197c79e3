import RESP

/// What a request asks the endpoint to run, read from its body or its path: one command
/// (`POST /` with `["SET","k","v"]`, or `GET /set/k/v?EX=60`) or a batch (`/pipeline`,
/// `/multi-exec`, with `[["SET","k","v"],["GET","k"]]`).
///
/// Arguments may be strings or numbers (a number is passed as written: `60`, `1.5`);
/// anything else is refused with its position, because there is no one right text for a
/// boolean, a null or a nested value.
public enum RESTRequest {
    public struct Refusal: Error, Equatable, CustomStringConvertible {
        public var message: String
        public init(_ message: String) { self.message = message }
        public var description: String { message }
    }

    /// A command from a JSON body: an array of strings and numbers.
    public static func command(body: some Collection<UInt8>) throws(Refusal) -> RedisCommand {
        try command(from: parse(body), position: nil)
    }

    /// The commands of a `/pipeline` or `/multi-exec` body: an array of commands.
    public static func batch(body: some Collection<UInt8>, limit: Int) throws(Refusal) -> [RedisCommand] {
        guard case .array(let elements) = try parse(body) else {
            throw Refusal("a batch must be a JSON array of commands, like [[\"SET\",\"k\",\"v\"],[\"GET\",\"k\"]]")
        }
        guard !elements.isEmpty else { throw Refusal("empty batch: send at least one command") }
        guard elements.count <= limit else { throw Refusal("a batch holds at most \(limit) commands; this one has \(elements.count)") }
        var commands: [RedisCommand] = []
        commands.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            commands.append(try command(from: element, position: index + 1))
        }
        return commands
    }

    /// A command spelled in the path (`/set/k/v`), then a non-empty body as the next argument
    /// (`POST /set/k` with the value as the body), then the query's parameters as
    /// `NAME VALUE` (`?EX=60` is `EX 60`; a bare `?NX` is `NX`): `POST /set/k?EX=60` with body
    /// `v` is `SET k v EX 60`. `_token` is the credential, never an argument. `path` and
    /// `query` are still percent-encoded.
    public static func command(path: String, query: String, body: [UInt8]) throws(Refusal) -> RedisCommand {
        var arguments: [[UInt8]] = []
        for segment in path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true) {
            arguments.append(try PercentDecoding.decode(segment, plusIsSpace: false))
        }
        guard !arguments.isEmpty else { throw Refusal("empty command: name one in the path (/get/KEY) or POST a JSON array to /") }
        if !body.isEmpty { arguments.append(body) }
        for pair in query.utf8.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            let name = try PercentDecoding.decode(parts[0], plusIsSpace: true)
            if name == Array("_token".utf8) { continue }
            arguments.append(name)
            if parts.count > 1, !parts[1].isEmpty { arguments.append(try PercentDecoding.decode(parts[1], plusIsSpace: true)) }
        }
        return RedisCommand(bytes: arguments)
    }

    private static func parse(_ body: some Collection<UInt8>) throws(Refusal) -> JSONValue {
        guard !body.isEmpty else { throw Refusal("empty body: send a JSON array, like [\"GET\",\"k\"]") }
        do {
            return try JSONParser.parse(body)
        } catch {
            throw Refusal(error.description)
        }
    }

    private static func command(from value: JSONValue, position: Int?) throws(Refusal) -> RedisCommand {
        let which = position.map { "command \($0)" } ?? "the command"
        guard case .array(let elements) = value else {
            throw Refusal("\(which) must be a JSON array of strings, like [\"GET\",\"k\"], not \(value.kind)")
        }
        guard !elements.isEmpty else { throw Refusal("\(which) is empty: name a command, like [\"PING\"]") }
        var arguments: [[UInt8]] = []
        arguments.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            switch element {
            case .string(let bytes): arguments.append(bytes)
            case .number(let text): arguments.append(Array(text.utf8))
            default:
                throw Refusal("argument \(index + 1) of \(which) is \(element.kind): send strings and numbers only")
            }
        }
        guard !arguments[0].isEmpty else { throw Refusal("\(which) has an empty name") }
        return RedisCommand(bytes: arguments)
    }
}

/// `%XX` escapes of a URL's path or query, decoded to bytes (which need not be UTF-8: a
/// path-style argument may be any Redis string).
public enum PercentDecoding {
    public static func decode(_ text: some Collection<UInt8>, plusIsSpace: Bool) throws(RESTRequest.Refusal) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.count)
        var index = text.startIndex
        while index != text.endIndex {
            let byte = text[index]
            if byte == UInt8(ascii: "%") {
                let first = text.index(after: index)
                guard first != text.endIndex, text.index(after: first) != text.endIndex,
                    let high = text[first].hexDigitValue, let low = text[text.index(after: first)].hexDigitValue
                else { throw RESTRequest.Refusal("a '%' in the URL must be followed by two hex digits") }
                out.append(high << 4 | low)
                index = text.index(first, offsetBy: 2)
                continue
            }
            out.append(plusIsSpace && byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
            index = text.index(after: index)
        }
        return out
    }
}
