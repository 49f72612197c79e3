import RESP
import RedisClient
import Synchronization

/// The tutorial's `cacheUserProfile(userId, profile)`: `await redis.hset(key, profile);
/// await redis.expire(key, 3600)`, two round trips, against three ways of sending the same
/// two writes: a pipeline, MULTI/EXEC pipelined, and a Lua script. Each variant writes
/// `writes` profiles whole (round trips and commands counted, then every key's TTL read),
/// and `writes` more with the client's connection cut after the server has run HSET and
/// before EXPIRE arrives (where the variant leaves such a point), then reads each key's TTL.
struct ProfileWrites: Sendable {
    let lab: HashProfilesLab
    let people: [UserProfile]
    let context: LabContext

    /// HSET then EXPIRE in one script: the server runs it whole or not at all.
    static let luaSource = """
        redis.call('HSET', KEYS[1], unpack(ARGV, 2))
        return redis.call('EXPIRE', KEYS[1], ARGV[1])
        """

    func run() async throws -> ProfileWrite {
        let lua = LuaScript(Self.luaSource)
        try await lua.load(on: context.redis)
        var results: [ProfileWriteVariant] = []
        for variant in ProfileWriteMethod.allCases {
            try Task.checkCancellation()
            results.append(try await measure(variant, lua: lua))
        }
        return ProfileWrite(writes: lab.profileWrites, ttlSeconds: lab.ttlSeconds, variants: results)
    }

    func key(_ variant: ProfileWriteMethod, _ phase: String, _ id: Int) -> String {
        context.keys.key("pw", variant.rawValue, phase, String(id))
    }

    private func hset(_ key: String, _ profile: UserProfile) -> RedisCommand {
        RedisCommand(["HSET", key] + profile.fields.flatMap { [$0.0, $0.1] })
    }

    private func expire(_ key: String) -> RedisCommand { RedisCommand("EXPIRE", key, String(lab.ttlSeconds)) }

    private func measure(_ variant: ProfileWriteMethod, lua: LuaScript) async throws -> ProfileWriteVariant {
        let count = lab.profileWrites
        let profiles = (0..<count).map { people[$0 % people.count] }
        // Whole writes on one connection, each exchange (a command or a pipeline written, then
        // its replies awaited) counted by the wrapper.
        let connection = try await context.connect()
        let counted = RoundTripCounter(connection)
        let commandsBefore = context.commands.total
        do {
            for (index, profile) in profiles.enumerated() {
                try await write(variant, key(variant, "whole", index), profile, lua: lua, on: counted)
            }
        } catch {
            await connection.close()
            throw error
        }
        let commands = context.commands.total - commandsBefore
        await connection.close()
        let whole = try await ttls((0..<count).map { key(variant, "whole", $0) })

        // The crash: a fresh connection per profile, closed between HSET and EXPIRE.
        for (index, profile) in profiles.enumerated() {
            try Task.checkCancellation()
            let doomed = try await context.connect()
            do {
                try await writeCut(variant, key(variant, "crash", index), profile, lua: lua, on: doomed)
            } catch {
                await doomed.close()
                throw error
            }
            await doomed.close()
        }
        // Every command before a cut was answered, so the server had run it when the
        // connection closed; a transaction left open is dropped with its connection.
        let crashed = try await ttls((0..<count).map { key(variant, "crash", $0) })
        try await remove((0..<count).flatMap { [key(variant, "whole", $0), key(variant, "crash", $0)] })
        return ProfileWriteVariant(
            method: variant, roundTripsPerWrite: Rounding.ratio(counted.roundTrips, count),
            commandsPerWrite: Rounding.ratio(commands, count),
            keysWithoutTTL: whole.withoutTTL, keysMissing: whole.missing, keysAfterCrash: count - crashed.missing,
            keysWithoutTTLAfterCrash: crashed.withoutTTL)
    }

    /// One profile written the variant's way, each await a round trip.
    private func write(_ variant: ProfileWriteMethod, _ key: String, _ profile: UserProfile, lua: LuaScript, on sender: RoundTripCounter)
        async throws
    {
        switch variant {
        case .twoRoundTrips:
            try await sender.call(hset(key, profile))
            try await sender.call(expire(key))
        case .pipeline:
            try Self.check(try await sender.pipeline([hset(key, profile), expire(key)]))
        case .multiExec:
            let replies = try await sender.pipeline([RedisCommand("MULTI"), hset(key, profile), expire(key), RedisCommand("EXEC")])
            try Self.check(replies)
            guard let exec = replies.last, case .array = exec else {
                throw LabError("EXEC answered \(replies.last.map { "\($0)" } ?? "nothing")")
            }
        case .lua:
            _ = try await lua.call(keys: [key], arguments: [String(lab.ttlSeconds)] + profile.fields.flatMap { [$0.0, $0.1] }, on: sender)
        }
    }

    /// The same write with the connection cut after the server has run what comes before
    /// EXPIRE: the tutorial's HSET; the first command of a pipeline whose one write was torn
    /// there; MULTI and the queued HSET of a transaction; for Lua, the one EVALSHA (a script
    /// has no point between its commands, so the cut comes after it).
    private func writeCut(
        _ variant: ProfileWriteMethod, _ key: String, _ profile: UserProfile, lua: LuaScript, on connection: any LabConnection
    ) async throws {
        switch variant {
        case .twoRoundTrips, .pipeline:
            try await connection.call(hset(key, profile))
        case .multiExec:
            try Self.check(try await connection.pipeline([RedisCommand("MULTI"), hset(key, profile)]))
        case .lua:
            _ = try await lua.call(
                keys: [key], arguments: [String(lab.ttlSeconds)] + profile.fields.flatMap { [$0.0, $0.1] }, on: connection)
        }
    }

    private static func check(_ replies: [RESPValue]) throws {
        if let message = replies.lazy.compactMap(\.errorMessage).first { throw RedisServerError(message) }
    }

    /// TTL of each key, as the server answers: -1 a key without a TTL, -2 no key.
    private func ttls(_ keys: [String]) async throws -> (withoutTTL: Int, missing: Int) {
        var withoutTTL = 0
        var missing = 0
        for start in stride(from: 0, to: keys.count, by: 500) {
            let replies = try await context.redis.pipeline(keys[start..<min(start + 500, keys.count)].map { RedisCommand("TTL", $0) })
            for reply in replies {
                switch reply {
                case .integer(-1): withoutTTL += 1
                case .integer(-2): missing += 1
                case .integer: break
                default: throw LabError("TTL answered \(reply)")
                }
            }
        }
        return (withoutTTL, missing)
    }

    private func remove(_ keys: [String]) async throws {
        for start in stride(from: 0, to: keys.count, by: 500) {
            _ = try await context.redis.pipeline(keys[start..<min(start + 500, keys.count)].map { RedisCommand("UNLINK", $0) })
        }
    }
}

/// A sender that counts its round trips: each command sent and awaited, and each pipeline
/// written and awaited, is one.
final class RoundTripCounter: RedisCommandSender {
    let inner: any LabConnection
    private let count = Atomic<Int>(0)

    init(_ inner: any LabConnection) { self.inner = inner }

    var roundTrips: Int { count.load(ordering: .relaxed) }

    func send(_ command: RedisCommand) async throws -> RESPValue {
        count.wrappingAdd(1, ordering: .relaxed)
        return try await inner.send(command)
    }

    func pipeline(_ commands: [RedisCommand]) async throws -> [RESPValue] {
        count.wrappingAdd(1, ordering: .relaxed)
        return try await inner.pipeline(commands)
    }
}
