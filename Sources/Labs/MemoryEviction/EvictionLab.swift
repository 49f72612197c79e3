import RESP
import RedisClient

/// Redis's eviction policies on one seeded workload (GET, and SET on a miss, with Zipf
/// popularity that shifts halfway), with maxmemory sized to hold a share of the keys; and
/// beside them exact LRU, exact LFU, random and Belady's optimal replaying the identical
/// requests with the same capacity in keys. Changes maxmemory and the policy only where it
/// may (a throwaway server, or `--allow-config`), and puts every setting back.
public struct EvictionLab: Lab {
    public static let name = "eviction"
    public static let summary = "maxmemory policies against exact LRU, LFU, random and Belady's optimal, paced for Redis's clock"
    public static let needs = LabNeeds(changesConfig: true)

    public static let policies = [
        "noeviction", "allkeys-lru", "allkeys-lfu", "allkeys-random", "volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl",
    ]

    public var policies: [String]
    /// Distinct keys the workload asks for.
    public var keys: Int
    /// The share of them that fits in maxmemory.
    public var capacity: Double
    public var requests: Int
    public var zipf: Double
    /// Halfway, popularity moves to other keys: this share of the ranks is reassigned.
    public var shift: Double
    /// The share of keys written with a TTL (what volatile-* policies may evict).
    public var ttlShare: Double
    /// Requests a second: Redis's LRU clock ticks once a second.
    public var rate: Double
    public var valueSize: Int
    /// `maxmemory-samples=1,3,5,10` or `lfu-log-factor=…`: the setting and its values.
    public var sweep: EvictionSweep?

    public init(
        policies: [String], keys: Int, capacity: Double, requests: Int, zipf: Double, shift: Double, ttlShare: Double, rate: Double,
        valueSize: Int, sweep: EvictionSweep?
    ) {
        self.policies = policies
        self.keys = keys
        self.capacity = capacity
        self.requests = requests
        self.zipf = zipf
        self.shift = shift
        self.ttlShare = ttlShare
        self.rate = rate
        self.valueSize = valueSize
        self.sweep = sweep
    }

    public func run(_ context: LabContext) async throws -> EvictionReport {
        let settings = try context.configGuard()
        var report = EvictionReport(keys: keys, requests: requests, rate: rate)
        // The client's connection is open before memory is measured: its buffers count in
        // used_memory, and maxmemory must leave room for them.
        let client = try await context.connect()
        defer { Task { await client.close() } }
        do {
            try await context.refuseIfOthersKeysCouldBeEvicted()
            let sequence = workload(seed: context.seed)
            let targetKeys = max(1, Int((Double(keys) * capacity).rounded()))
            report.maxmemory = try await sizeMaxmemory(context, settings: settings, capacityKeys: targetKeys, report: &report)
            // What fits is counted, not computed: client buffers and tables take their share.
            let capacityKeys = try await measureCapacity(context, settings: settings, on: client)
            report.capacityKeys = capacityKeys
            let references = CacheSimulator.all(sequence.keys, keys: keys, capacity: capacityKeys, seed: context.seed)
            report.reference = EvictionReference(references, requests: requests)
            for (index, policy) in policies.enumerated() {
                try Task.checkCancellation()
                try await settings.set("maxmemory-policy", policy)
                context.progress.update(phase: policy, done: index, total: policies.count)
                report.results.append(try await measure(policy, sequence: sequence, on: client, context: context))
            }
            if let sweep {
                report.sweep = try await runSweep(
                    sweep, sequence: sequence, settings: settings, on: client, context: context, references: references)
            }
            try await settings.restore()
        } catch {
            // Whatever stopped the run, the server's settings go back first.
            do {
                try await settings.restore()
            } catch let restoreFailure {
                throw LabStopped(partial: report, reason: LabError("\(error); and \(restoreFailure)"))
            }
            throw LabStopped(partial: report, reason: error)
        }
        return report
    }

    /// maxmemory for `capacityKeys` keys: what the keys cost each, measured by loading them
    /// all, on top of what the server uses empty. A maxmemory already set is kept.
    private func sizeMaxmemory(_ context: LabContext, settings: ConfigGuard, capacityKeys: Int, report: inout EvictionReport) async throws
        -> Int64
    {
        let existing = Int64(try await settings.value("maxmemory")) ?? 0
        let baseline = try await usedMemory(context.redis)
        let value = String(repeating: "v", count: valueSize)
        // Short pipelines: a long one grows the connection's query buffer, which stays
        // allocated for a while and would count as the keys' memory.
        for chunk in stride(from: 0, to: keys, by: 20) {
            let replies = try await context.redis.pipeline(
                (chunk..<min(chunk + 20, keys)).map { RedisCommand("SET", key($0, context), value) })
            // A refused write (READONLY on a replica, an ACL, a full server) is the reason to
            // say, not a cost of zero bytes a key.
            if let refusal = replies.lazy.compactMap(\.errorMessage).first { throw RedisServerError(refusal) }
        }
        let loaded = try await usedMemory(context.redis)
        try await context.keys.removeAll(using: context.redis)
        report.bytesPerKey = Int((loaded - baseline) / Int64(keys))
        if existing > 0 {
            report.maxmemoryWasSet = true
            return existing
        }
        let maxmemory = baseline + Int64(capacityKeys) * Int64(report.bytesPerKey)
        try await settings.set("maxmemory", String(maxmemory))
        return maxmemory
    }

    /// Keys Redis holds when full, counted as the runs will see it: under noeviction, one
    /// SET at a time on the client's connection until the first OOM, then DBSIZE.
    private func measureCapacity(_ context: LabContext, settings: ConfigGuard, on client: any LabConnection) async throws -> Int {
        try await settings.set("maxmemory-policy", "noeviction")
        let value = String(repeating: "v", count: valueSize)
        for id in 0..<keys {
            if id % 1000 == 0 { try Task.checkCancellation() }
            if let refusal = try await client.send(RedisCommand("SET", key(id, context), value)).errorMessage {
                // Full is what this loop looks for; any other refusal is the reason to say.
                guard refusal.hasPrefix("OOM") else { throw RedisServerError(refusal) }
                break
            }
        }
        let held = Int(try await context.redis.call("DBSIZE").int ?? 0)
        try await context.keys.removeAll(using: context.redis)
        guard held > 0 else {
            throw LabError(
                "maxmemory \(try await settings.value("maxmemory")) holds no key of \(valueSize) bytes: raise --capacity or lower --value-size"
            )
        }
        return held
    }

    /// The requests: Zipf ranks mapped to keys through a seeded permutation, a share of
    /// ranks moved to other keys halfway; which keys carry a TTL, and how long (from 10 to 60
    /// minutes, so that volatile-ttl has an order to follow; none runs out during a run).
    func workload(seed: UInt64) -> (keys: [Int], ttl: [Int: Int]) {
        var generator = SeededGenerator(seed: seed).split(0xEE)
        let zipf = Zipf(count: keys, exponent: zipf)
        var permutation = Array(0..<keys)
        for index in permutation.indices.reversed() where index > 0 { permutation.swapAt(index, generator.index(below: index + 1)) }
        var shifted = permutation
        let moved = Int(Double(keys) * shift)
        for index in 0..<moved where moved > 1 { shifted.swapAt(index, generator.index(below: keys)) }
        let sequence = (0..<requests).map { index in (index < requests / 2 ? permutation : shifted)[zipf.next(using: &generator) - 1] }
        var ttl: [Int: Int] = [:]
        for id in 0..<keys where generator.chance(ttlShare) { ttl[id] = 600 + generator.index(below: 3001) }
        return (sequence, ttl)
    }

    func key(_ id: Int, _ context: LabContext) -> String {
        context.keys.key("k", String(id))
    }

    /// One policy: an empty cache, the requests paced at `rate`.
    private func measure(_ policy: String, sequence: (keys: [Int], ttl: [Int: Int]), on redis: any LabConnection, context: LabContext)
        async throws -> EvictionResult
    {
        try await context.keys.removeAll(using: context.redis)
        let before = try await KeyspaceCounters.read(from: context.redis)
        let value = Array(String(repeating: "v", count: valueSize).utf8)
        let start = context.clock.now
        var hits = 0
        var oom = 0
        for (index, id) in sequence.keys.enumerated() {
            if index % 100 == 0 {
                try Task.checkCancellation()
                // Paced: request `index` is due at index / rate seconds.
                let wait = start + .microseconds(Int64(Double(index) / rate * 1_000_000)) - context.clock.now
                if wait > .zero { try await context.clock.sleep(for: wait) }
            }
            let name = Array(key(id, context).utf8)
            if case .bulkString = try await redis.send(RedisCommand(bytes: [Array("GET".utf8), name])) {
                hits += 1
                continue
            }
            var set = [Array("SET".utf8), name, value]
            if let seconds = sequence.ttl[id] { set += [Array("EX".utf8), Array(String(seconds).utf8)] }
            let reply = try await redis.send(RedisCommand(bytes: set))
            if let message = reply.errorMessage {
                guard message.hasPrefix("OOM") else { throw RedisServerError(message) }
                oom += 1
            }
        }
        let elapsed = context.clock.now - start
        let (after, held) = try await evictedAndHeld(context)
        return EvictionResult(
            policy: policy, hitRatio: Rounding.ratio(hits, requests), hits: hits, evictedKeys: Int((after - before).evicted),
            oomErrors: oom,
            usedMemory: try await usedMemory(context.redis), keysHeld: held, seconds: (elapsed.seconds * 10).rounded() / 10)
    }

    /// INFO's counters and DBSIZE as of one instant. When evicting for a command runs out of
    /// time (a loaded machine), Redis 7 goes on evicting from a timer after the command: read
    /// separately, an eviction could fall between the two, and written − evicted − refused
    /// would no longer equal the keys held. So INFO, DBSIZE and INFO again go in one pipeline
    /// until no eviction fell between them. (A transaction would be one read, but a full
    /// noeviction server refuses to queue even INFO.)
    private func evictedAndHeld(_ context: LabContext) async throws -> (counters: KeyspaceCounters, keys: Int) {
        for _ in 0..<100 {
            let replies = try await context.redis.pipeline([
                RedisCommand("INFO", "stats"), RedisCommand("DBSIZE"), RedisCommand("INFO", "stats"),
            ])
            guard replies.count == 3, let first = replies[0].string, let keys = replies[1].int, let second = replies[2].string else {
                throw LabError("INFO stats, DBSIZE, INFO stats answered \(replies)")
            }
            let after = KeyspaceCounters(ServerInfo(second))
            if KeyspaceCounters(ServerInfo(first)).evicted == after.evicted { return (after, Int(keys)) }
            try await context.clock.sleep(for: .milliseconds(10))
        }
        throw LabError("Redis went on evicting keys for a second after the run: the keys it holds cannot be counted")
    }

    private func runSweep(
        _ sweep: EvictionSweep, sequence: (keys: [Int], ttl: [Int: Int]), settings: ConfigGuard, on client: any LabConnection,
        context: LabContext,
        references: CacheSimulator.Results
    ) async throws -> SweepResult {
        let policy = sweep.parameter == "lfu-log-factor" ? "allkeys-lfu" : "allkeys-lru"
        try await settings.set("maxmemory-policy", policy)
        var points: [SweepPoint] = []
        for value in sweep.values {
            try Task.checkCancellation()
            try await settings.set(sweep.parameter, value)
            let result = try await measure(policy, sequence: sequence, on: client, context: context)
            points.append(SweepPoint(value: value, hitRatio: result.hitRatio))
        }
        let reference = policy == "allkeys-lfu" ? references.exactLFU : references.exactLRU
        return SweepResult(parameter: sweep.parameter, policy: policy, points: points, exactHitRatio: Rounding.ratio(reference, requests))
    }

    private func usedMemory(_ redis: some RedisCommandSender) async throws -> Int64 {
        try await ServerInfo.fetch(["memory"], from: redis).int("used_memory") ?? 0
    }

}

/// `--sweep NAME=V1,V2,…`.
public struct EvictionSweep: Codable, Sendable {
    public var parameter: String
    public var values: [String]

    public init(parameter: String, values: [String]) {
        self.parameter = parameter
        self.values = values
    }
}
