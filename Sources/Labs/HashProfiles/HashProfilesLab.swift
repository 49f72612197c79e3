import Foundation
import RESP
import RedisClient

/// User profiles (the tutorial's name, email, plan, lastActive) stored four ways: what each
/// costs in memory, on the wire and in client time; where the listpack encoding stops; and
/// which ways of updating one field lose updates under concurrency.
public struct HashProfilesLab: Lab {
    public static let name = "hash-profiles"
    public static let summary =
        "profiles as hashes, JSON, key per field and buckets: memory, the listpack cliff, lost updates, HSET+EXPIRE's crash window"

    public var profiles: Int
    public var layouts: [ProfileLayout]
    /// Profiles MEMORY USAGE is asked about per layout.
    public var sample: Int
    /// Reads and updates timed per layout.
    public var timedOperations: Int
    public var clients: Int
    public var updatesPerClient: Int
    public var ttlSeconds: Int
    /// Profiles each `cacheUserProfile` variant writes whole, and as many again cut between
    /// HSET and EXPIRE.
    public var profileWrites: Int

    public init(
        profiles: Int, layouts: [ProfileLayout], sample: Int, timedOperations: Int, clients: Int, updatesPerClient: Int, ttlSeconds: Int,
        profileWrites: Int = 50
    ) {
        self.profiles = profiles
        self.layouts = layouts
        self.sample = sample
        self.timedOperations = timedOperations
        self.clients = clients
        self.updatesPerClient = updatesPerClient
        self.ttlSeconds = ttlSeconds
        self.profileWrites = profileWrites
    }

    public func run(_ context: LabContext) async throws -> HashProfilesReport {
        let thresholds = try await Self.thresholds(context.redis)
        var report = HashProfilesReport(profiles: profiles, sampled: min(sample, profiles), thresholds: thresholds)
        let people = UserProfile.generate(count: profiles, seed: context.seed)
        let store = ProfileStore(keys: context.keys, thresholds: thresholds)
        do {
            for (index, layout) in layouts.enumerated() {
                try Task.checkCancellation()
                context.progress.update(phase: "layouts", done: index, total: layouts.count + 3)
                let measure = LayoutMeasurement(lab: self, layout: layout, store: store, people: people, context: context)
                report.layouts.append(try await measure.run())
            }
            context.progress.update(phase: "cliff", done: layouts.count, total: layouts.count + 3)
            report.cliff = try await EncodingCliffProbe(store: store, thresholds: thresholds, context: context).run()
            try Task.checkCancellation()
            context.progress.update(phase: "updates", done: layouts.count + 1, total: layouts.count + 3)
            report.lostUpdates = try await ConcurrentUpdates(lab: self, store: store, person: people[0], context: context).run()
            try Task.checkCancellation()
            context.progress.update(phase: "profile writes", done: layouts.count + 2, total: layouts.count + 3)
            report.profileWrite = try await ProfileWrites(lab: self, people: people, context: context).run()
        } catch {
            throw LabStopped(partial: report, reason: error)
        }
        return report
    }

    static func thresholds(_ redis: some RedisCommandSender) async throws -> ListpackThresholds {
        func config(_ name: String) async throws -> Int {
            let reply = try await redis.call("CONFIG", "GET", name)
            // RESP2 answers [name, value]; RESP3 a map.
            let value: RESPValue? = reply.elements.flatMap { $0.count == 2 ? $0[1] : nil } ?? reply.mapEntries?.first?.1
            guard let number = value?.string.flatMap({ Int($0) }) else { throw LabError("CONFIG GET \(name) answered \(reply)") }
            return number
        }
        return ListpackThresholds(
            entries: try await config("hash-max-listpack-entries"), value: try await config("hash-max-listpack-value"))
    }
}

/// One seeded profile with the tutorial's fields, and a login counter for the update race.
struct UserProfile: Codable, Sendable, Equatable {
    var id: Int
    var name: String
    var email: String
    var plan: String
    var lastActive: Int
    var logins: Int

    static let surnames = ["Okafor", "Lindqvist", "Moreau", "Tanaka", "Silva", "Novak", "Haddad", "Kowalski", "Nguyen", "Murphy"]
    static let plans = ["free", "pro", "team"]

    static func generate(count: Int, seed: UInt64) -> [UserProfile] {
        var generator = SeededGenerator(seed: seed).split(0x9F)
        return (1...max(count, 1)).map { id in
            let surname = surnames[generator.index(below: surnames.count)]
            return UserProfile(
                id: id, name: "User\(id) \(surname)", email: "user\(id)@example.com", plan: plans[generator.index(below: plans.count)],
                lastActive: 1_700_000_000 + generator.index(below: 30_000_000), logins: 0)
        }
    }

    /// The four fields a hash or a key per field stores.
    var fields: [(String, String)] {
        [("name", name), ("email", email), ("plan", plan), ("lastActive", String(lastActive))]
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        // Sorted keys: the same profile is always the same bytes, so MEMORY USAGE repeats.
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    func json() throws -> [UInt8] { Array(try Self.encoder.encode(self)) }

    static func decode(_ bytes: [UInt8]) throws -> UserProfile { try JSONDecoder().decode(UserProfile.self, from: Data(bytes)) }
}

/// Where each layout keeps a profile, and the commands that write and read it.
struct ProfileStore: Sendable {
    let keys: KeySpace
    let thresholds: ListpackThresholds

    /// Profiles per bucket: as many as keep the bucket's fields within the listpack limit
    /// (four fields a profile).
    var perBucket: Int { max(1, thresholds.entries / 4) }

    func key(_ layout: ProfileLayout, _ id: Int) -> String {
        switch layout {
        case .hash: return keys.key("h", String(id))
        case .json: return keys.key("j", String(id))
        case .fields: return keys.key("f", tag: String(id))
        case .bucketed: return keys.key("b", String((id - 1) / perBucket))
        }
    }

    /// Every key a profile lives in (the bucket is shared with others).
    func keys(_ layout: ProfileLayout, _ id: Int) -> [String] {
        layout == .fields ? ["name", "email", "plan", "lastActive"].map { key(.fields, id) + ":" + $0 } : [key(layout, id)]
    }

    /// A bucket's field names are short: `ID:n`, `ID:e`, `ID:p`, `ID:a`.
    static func bucketField(_ id: Int, _ field: String) -> String {
        "\(id):\(field == "lastActive" ? "a" : String(field.prefix(1)))"
    }

    func write(_ profile: UserProfile, _ layout: ProfileLayout) throws -> [RedisCommand] {
        switch layout {
        case .hash:
            return [RedisCommand(["HSET", key(.hash, profile.id)] + profile.fields.flatMap { [$0.0, $0.1] })]
        case .json:
            return [RedisCommand(bytes: [Array("SET".utf8), Array(key(.json, profile.id).utf8), try profile.json()])]
        case .fields:
            return profile.fields.map { RedisCommand("SET", key(.fields, profile.id) + ":" + $0.0, $0.1) }
        case .bucketed:
            return [
                RedisCommand(["HSET", key(.bucketed, profile.id)] + profile.fields.flatMap { [Self.bucketField(profile.id, $0.0), $0.1] })
            ]
        }
    }

    func readEmail(_ layout: ProfileLayout, _ id: Int) -> RedisCommand {
        switch layout {
        case .hash: return RedisCommand("HGET", key(.hash, id), "email")
        case .json: return RedisCommand("GET", key(.json, id))
        case .fields: return RedisCommand("GET", key(.fields, id) + ":email")
        case .bucketed: return RedisCommand("HGET", key(.bucketed, id), Self.bucketField(id, "email"))
        }
    }

    /// Sets the plan; JSON is a read, a decode, an encode and a write.
    func updatePlan(_ layout: ProfileLayout, _ id: Int, to plan: String, on connection: some RedisCommandSender) async throws -> Int {
        let command: RedisCommand
        switch layout {
        case .hash: command = RedisCommand("HSET", key(.hash, id), "plan", plan)
        case .fields: command = RedisCommand("SET", key(.fields, id) + ":plan", plan)
        case .bucketed: command = RedisCommand("HSET", key(.bucketed, id), Self.bucketField(id, "plan"), plan)
        case .json:
            let get = RedisCommand("GET", key(.json, id))
            let reply = try await connection.call(get)
            guard case .bulkString(let bytes) = reply else { throw LabError("profile \(id) is missing") }
            var profile = try UserProfile.decode(bytes.array)
            profile.plan = plan
            let set = RedisCommand(bytes: [Array("SET".utf8), Array(key(.json, id).utf8), try profile.json()])
            let stored = try await connection.call(set)
            return RESPSize.of(get) + RESPSize.of(reply) + RESPSize.of(set) + RESPSize.of(stored)
        }
        let reply = try await connection.call(command)
        return RESPSize.of(command) + RESPSize.of(reply)
    }
}

/// Bytes on the wire: a command as the client encodes it, a reply as the server sends it.
enum RESPSize {
    static func of(_ command: RedisCommand) -> Int { RESPEncoder.encode(command).count }
    static func of(_ reply: RESPValue) -> Int { RESPEncoder.encode(reply).count }
}

extension RESPValue {
    /// A RESP3 map's entries.
    var mapEntries: [(RESPValue, RESPValue)]? {
        if case .map(let pairs) = self { return pairs.map { ($0.key, $0.value) } }
        return nil
    }
}
