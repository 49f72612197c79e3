import Labs
import RESP

/// One workload of `rwb bench`, named as redis-benchmark names it (`-t set,get,…`).
public struct BenchTest: Sendable {
    public var name: String
    /// The command, with `__rand_int__` where a random number goes (as redis-benchmark).
    public var template: [String]

    public init(name: String, template: [String]) {
        self.name = name
        self.template = template
    }

    public static let standardNames = ["ping", "set", "get", "incr", "lpush", "rpop", "sadd", "hset", "zadd", "lrange_100", "mset"]

    /// The built-in test called `name`, with a `dataSize`-byte value.
    public static func named(_ name: String, dataSize: Int) -> BenchTest? {
        let value = String(repeating: "x", count: dataSize)
        switch name.lowercased() {
        case "ping", "ping_mbulk": return BenchTest(name: "PING", template: ["PING"])
        case "set": return BenchTest(name: "SET", template: ["SET", "key:__rand_int__", value])
        case "get": return BenchTest(name: "GET", template: ["GET", "key:__rand_int__"])
        case "incr": return BenchTest(name: "INCR", template: ["INCR", "counter:__rand_int__"])
        case "lpush": return BenchTest(name: "LPUSH", template: ["LPUSH", "mylist", value])
        case "rpop": return BenchTest(name: "RPOP", template: ["RPOP", "mylist"])
        case "sadd": return BenchTest(name: "SADD", template: ["SADD", "myset", "element:__rand_int__"])
        case "hset": return BenchTest(name: "HSET", template: ["HSET", "myhash", "element:__rand_int__", value])
        case "zadd": return BenchTest(name: "ZADD", template: ["ZADD", "myzset", "0", "element:__rand_int__"])
        case "lrange", "lrange_100": return BenchTest(name: "LRANGE_100 (first 100 elements)", template: ["LRANGE", "mylist", "0", "99"])
        case "mset":
            let pairs = (0..<10).flatMap { _ in ["key:__rand_int__", value] }
            return BenchTest(name: "MSET (10 keys)", template: ["MSET"] + pairs)
        default: return nil
        }
    }

    /// Builds commands from the template: `__rand_int__` becomes a 12-digit number below
    /// `keyspace` (when given), drawn from a seeded generator so runs repeat.
    struct CommandMaker {
        let arguments: [[UInt8]]
        let randomSlots: [Int]
        let keyspace: UInt64?
        var random: SeededGenerator

        init(_ test: BenchTest, keyspace: Int?, seed: UInt64) {
            arguments = test.template.map { Array($0.utf8) }
            randomSlots = keyspace == nil ? [] : arguments.indices.filter { test.template[$0].contains("__rand_int__") }
            self.keyspace = keyspace.map { UInt64(max($0, 1)) }
            random = SeededGenerator(seed: seed)
        }

        /// Without `-r` every request is the same command: built once, sent many times.
        mutating func next() -> RedisCommand {
            guard let keyspace, !randomSlots.isEmpty else { return RedisCommand(bytes: arguments) }
            var command = arguments
            for slot in randomSlots {
                command[slot] = Self.substitute(command[slot], number: random.next() % keyspace)
            }
            return RedisCommand(bytes: command)
        }

        static func substitute(_ argument: [UInt8], number: UInt64) -> [UInt8] {
            let marker = Array("__rand_int__".utf8)
            var digits = Array(String(number).utf8)
            digits = Array(repeating: UInt8(ascii: "0"), count: max(0, 12 - digits.count)) + digits
            var result: [UInt8] = []
            var index = 0
            while index < argument.count {
                if index + marker.count <= argument.count, Array(argument[index..<index + marker.count]) == marker {
                    result += digits
                    index += marker.count
                } else {
                    result.append(argument[index])
                    index += 1
                }
            }
            return result
        }
    }
}
