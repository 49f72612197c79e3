import RESP
import RedisClient

/// One layout, measured: load every profile, count memory three ways (MEMORY USAGE of a
/// sample, INFO used_memory growth, the growth a TTL on every key adds), time reads and
/// updates of one field, count their bytes on the wire, then remove the layout's keys.
struct LayoutMeasurement: Sendable {
    let lab: HashProfilesLab
    let layout: ProfileLayout
    let store: ProfileStore
    let people: [UserProfile]
    let context: LabContext

    func run() async throws -> ProfileLayoutResult {
        let redis = context.redis
        try await context.keys.removeAll(using: redis)
        let before = try await Self.usedMemory(redis)
        var batch: [RedisCommand] = []
        for person in people {
            batch += try store.write(person, layout)
            if batch.count >= 1000 {
                try await Self.send(batch, on: redis)
                batch.removeAll()
            }
        }
        try await Self.send(batch, on: redis)
        let loaded = try await Self.usedMemory(redis)
        // Keys per profile as the server holds them, not as the naming function says.
        let held = try await context.keys.count(using: redis)

        let bytes = try await bytesPerProfile()
        let encoding = try await redis.call("OBJECT", "ENCODING", store.keys(layout, 1)[0]).string ?? "?"
        let timing = try await timeOperations()

        // A TTL on every key of the layout: the expires table grows by one entry a key.
        // MEMORY STATS counts that table exactly; used_memory would add the noise of client
        // buffers and the allocator.
        let allKeys = Set(people.flatMap { store.keys(layout, $0.id) }).sorted()
        let withoutTTL = try await settledExpiresOverhead()
        for chunk in stride(from: 0, to: allKeys.count, by: 1000) {
            try await Self.send(
                allKeys[chunk..<min(chunk + 1000, allKeys.count)].map { RedisCommand("EXPIRE", $0, String(lab.ttlSeconds)) }, on: redis)
        }
        let withTTL = try await settledExpiresOverhead()
        try await context.keys.removeAll(using: redis)

        let count = Int64(people.count)
        return ProfileLayoutResult(
            layout: layout, encoding: encoding, keysPerProfile: Rounding.rounded(Double(held) / Double(people.count), 4),
            bytesPerProfile: bytes,
            usedMemoryPerProfile: Int((loaded - before) / count),
            ttlOverheadBytes: ((withTTL - withoutTTL) / Double(count) * 10).rounded() / 10,
            readFieldWireBytes: timing.readWire, updateFieldWireBytes: timing.updateWire, readFieldUs: timing.readMedian,
            updateFieldUs: timing.updateMedian, profilesPerBucket: layout == .bucketed ? profilesPerKey(held) : nil)
    }

    /// Profiles over the keys they went into, to two decimals.
    private func profilesPerKey(_ keys: Int) -> Double {
        (Double(people.count) / Double(max(keys, 1)) * 100).rounded() / 100
    }

    /// MEMORY USAGE (every element counted: SAMPLES 0) per profile: over a seeded sample of
    /// profiles, or over every bucket for the bucketed layout (a bucket holds many).
    private func bytesPerProfile() async throws -> Int {
        func usage(_ key: String) async throws -> Int64 {
            try await context.redis.call("MEMORY", "USAGE", key, "SAMPLES", "0").int ?? 0
        }
        if layout == .bucketed {
            var total: Int64 = 0
            for bucket in Set(people.map { store.key(.bucketed, $0.id) }) { total += try await usage(bucket) }
            return Int(total / Int64(people.count))
        }
        var generator = context.generator(stream: 0x5A)
        var total: Int64 = 0
        let sampled = min(lab.sample, people.count)
        for _ in 0..<sampled {
            let id = people[generator.index(below: people.count)].id
            for key in store.keys(layout, id) { total += try await usage(key) }
        }
        return Int(total / Int64(max(sampled, 1)))
    }

    /// Reads of one field (JSON: the whole value, then decoded) and updates of one field,
    /// on a connection of their own, each timed; the median is reported.
    private func timeOperations() async throws -> (readWire: Int, updateWire: Int, readMedian: Double, updateMedian: Double) {
        let connection = try await context.connect()
        defer { Task { await connection.close() } }
        // On the connection's own event loop: the times are the round trip and the client's
        // work, not a thread hop.
        return try await withTaskExecutorPreference(connection.taskExecutor) { try await timeOperations(on: connection) }
    }

    private func timeOperations(on connection: any LabConnection) async throws -> (
        readWire: Int, updateWire: Int, readMedian: Double, updateMedian: Double
    ) {
        var generator = context.generator(stream: 0x7E)
        var reads = LatencyRecorder()
        var updates = LatencyRecorder()
        var readWire = 0
        var updateWire = 0
        for index in 0..<lab.timedOperations {
            try Task.checkCancellation()
            let id = people[generator.index(below: people.count)].id
            let command = store.readEmail(layout, id)
            let start = context.clock.now
            let reply = try await connection.call(command)
            let email: String?
            if layout == .json, case .bulkString(let bytes) = reply {
                email = try UserProfile.decode(bytes.array).email
            } else {
                email = reply.string
            }
            reads.record(context.clock.now - start)
            guard email == "user\(id)@example.com" else { throw LabError("profile \(id) read back \(email ?? "nothing")") }
            if index == 0 { readWire = RESPSize.of(command) + RESPSize.of(reply) }

            let plan = UserProfile.plans[generator.index(below: UserProfile.plans.count)]
            let updateStart = context.clock.now
            let wire = try await store.updatePlan(layout, id, to: plan, on: connection)
            updates.record(context.clock.now - updateStart)
            if index == 0 { updateWire = wire }
        }
        return (readWire, updateWire, Double(reads.microsecondsAtPercentile(50)), Double(updates.microsecondsAtPercentile(50)))
    }

    /// The expires tables' size once Redis has finished resizing them: a table being
    /// rehashed (incrementally, by serverCron) is counted twice until it is done.
    private func settledExpiresOverhead() async throws -> Double {
        var last = try await MemoryStats.fetchTotal(from: context.redis).expiresOverhead
        for _ in 0..<40 {
            try await context.clock.sleep(for: .milliseconds(100))
            let now = try await MemoryStats.fetchTotal(from: context.redis).expiresOverhead
            if now == last { return now }
            last = now
        }
        return last
    }

    static func usedMemory(_ redis: some LabConnection) async throws -> Int64 {
        guard let used = try await ServerInfo.fetchTotal(["memory"], from: redis).int("used_memory") else {
            throw LabError("INFO memory has no used_memory")
        }
        return used
    }

    static func send(_ commands: some Collection<RedisCommand>, on redis: some RedisCommandSender) async throws {
        guard !commands.isEmpty else { return }
        for reply in try await redis.pipeline(Array(commands)) {
            if let message = reply.errorMessage { throw RedisServerError(message) }
        }
    }
}

/// Profiles on each side of the listpack limits, with the limits read from the server: a
/// field exactly `hash-max-listpack-value` bytes long and one byte longer, exactly
/// `hash-max-listpack-entries` fields and one more.
struct EncodingCliffProbe: Sendable {
    let store: ProfileStore
    let thresholds: ListpackThresholds
    let context: LabContext

    func run() async throws -> EncodingCliff {
        let base = UserProfile.generate(count: 1, seed: context.seed)[0].fields
        func side(_ name: String, longest: Int, fields extra: Int) async throws -> CliffSide {
            let key = context.keys.key("cliff", name)
            var fields = base
            fields[0].1 = String(repeating: "n", count: longest)
            fields += (0..<max(0, extra)).map { ("x\($0)", "1") }
            try await context.redis.call(RedisCommand(["HSET", key] + fields.flatMap { [$0.0, $0.1] }))
            let encoding = try await context.redis.call("OBJECT", "ENCODING", key).string ?? "?"
            let bytes = try await context.redis.call("MEMORY", "USAGE", key, "SAMPLES", "0").int ?? 0
            try await context.redis.call("UNLINK", key)
            return CliffSide(size: extra > 0 ? fields.count : longest, encoding: encoding, bytes: Int(bytes))
        }
        let entries = thresholds.entries
        return EncodingCliff(
            valueAtLimit: try await side("value-at", longest: thresholds.value, fields: 0),
            valueOverLimit: try await side("value-over", longest: thresholds.value + 1, fields: 0),
            entriesAtLimit: try await side("entries-at", longest: 8, fields: entries - base.count),
            entriesOverLimit: try await side("entries-over", longest: 8, fields: entries - base.count + 1))
    }
}
