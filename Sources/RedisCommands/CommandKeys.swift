import RESP

/// Which arguments of a command are keys, found from the catalog's key specifications as
/// the server finds them (`getKeysUsingKeySpecs` in redis 7's db.c), so that the client can
/// route a command to the node that owns its keys and refuse a CROSSSLOT command before
/// sending it. A command the catalog does not know, or with no keys, has none.
public enum CommandKeys {
    /// The indices of the key arguments (0 is the command name), in spec order, each once.
    public static func positions(in command: RedisCommand) -> [Int] {
        guard let entry = CommandFacts.entry(command) else { return [] }
        // The two commands whose specifications say "unknown" or "incomplete", where the
        // server parses the arguments with a procedure of its own (sortGetKeys, migrateGetKeys).
        switch entry.name {
        case "SORT", "SORT_RO": return sortPositions(command.arguments)
        case "MIGRATE": return migratePositions(command.arguments)
        default: return positions(of: entry.keySpecs, in: command.arguments, variadic: entry.arity < 0)
        }
    }

    /// The key arguments themselves.
    public static func keys(in command: RedisCommand) -> [[UInt8]] {
        positions(in: command).map { command.arguments[$0] }
    }

    static func positions(of specs: [KeySpec], in arguments: [[UInt8]], variadic: Bool) -> [Int] {
        let count = arguments.count
        var found: [Int] = []
        for spec in specs {
            guard var first = beginning(of: spec.begin, in: arguments) else { continue }
            let last: Int
            let step: Int
            switch spec.find {
            case .range(let lastKey, let keyStep, let limit):
                if lastKey >= 0 {
                    last = first + lastKey
                } else if limit == 0 {
                    last = count + lastKey
                } else {
                    last = first + ((count - first) / limit + lastKey)
                }
                step = keyStep
            case .keyNumber(let index, let firstKey, let keyStep):
                guard first + index < count, let number = Int(String(decoding: arguments[first + index], as: UTF8.self)),
                    number >= 0
                else { continue }
                first += firstKey
                last = first + number - 1
                step = keyStep
            case .unknown:
                continue
            }
            guard step > 0 else { continue }
            var index = first
            while index <= last {
                // Too few arguments: the server answers with an arity or syntax error, so
                // the command has no keys to route by (it goes wherever keyless ones go).
                if index >= count || index < 1 {
                    if variadic {
                        index += step
                        continue
                    }
                    return []
                }
                if !found.contains(index) { found.append(index) }
                index += step
            }
        }
        return found
    }

    /// `SORT key [BY p] [LIMIT o c] [GET p …] [ASC|DESC] [ALPHA] [STORE dest]`: the key and
    /// the last STORE destination (BY and GET patterns are not keys).
    private static func sortPositions(_ arguments: [[UInt8]]) -> [Int] {
        guard arguments.count > 1 else { return [] }
        var found = [1]
        var store: Int?
        var index = 2
        while index < arguments.count {
            switch String(decoding: arguments[index], as: UTF8.self).uppercased() {
            case "LIMIT": index += 2
            case "BY", "GET": index += 1
            case "STORE" where index + 1 < arguments.count:
                store = index + 1
                index += 1
            default: break
            }
            index += 1
        }
        if let store { found.append(store) }
        return found
    }

    /// `MIGRATE host port key|"" db timeout [COPY] [REPLACE] [AUTH pw | AUTH2 user pw] [KEYS k…]`.
    private static func migratePositions(_ arguments: [[UInt8]]) -> [Int] {
        guard arguments.count > 5 else { return [] }
        var index = 6
        while index < arguments.count {
            switch String(decoding: arguments[index], as: UTF8.self).uppercased() {
            case "AUTH": index += 1
            case "AUTH2": index += 2
            case "KEYS":
                // KEYS with a key in the third place is an error the server reports.
                guard arguments[3].isEmpty else { return [] }
                return Array((index + 1)..<arguments.count)
            default: break
            }
            index += 1
        }
        return [3]
    }

    private static func beginning(of begin: KeySpec.BeginSearch, in arguments: [[UInt8]]) -> Int? {
        switch begin {
        case .index(let index):
            return index
        case .keyword(let keyword, let startFrom):
            let count = arguments.count
            let wanted = Array(keyword.uppercased().utf8)
            // As the server: the search stops before the last argument going forwards and
            // before argument 1 going backwards (a keyword needs a key after it).
            let indices: StrideTo<Int> =
                startFrom > 0 ? stride(from: startFrom, to: count - 1, by: 1) : stride(from: count + startFrom, to: 1, by: -1)
            for index in indices where index >= 1 && index < count {
                if arguments[index].count == wanted.count && arguments[index].map(asciiUpper) == wanted { return index + 1 }
            }
            return nil
        case .unknown:
            return nil
        }
    }

    private static func asciiUpper(_ byte: UInt8) -> UInt8 {
        byte >= 0x61 && byte <= 0x7A ? byte - 0x20 : byte
    }
}
