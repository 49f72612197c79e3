/// What the hash-profiles lab measured: the same profiles stored four ways, the listpack
/// encoding cliff, and how many concurrent updates each update method lost.
public struct HashProfilesReport: LabReport {
    public var profiles: Int
    /// Profiles MEMORY USAGE was asked about, per layout.
    public var sampled: Int
    public var thresholds: ListpackThresholds
    public var layouts: [ProfileLayoutResult] = []
    public var cliff: EncodingCliff?
    public var lostUpdates: LostUpdates?
    /// The tutorial's `cacheUserProfile` (HSET, then EXPIRE) against one-round-trip ways.
    public var profileWrite: ProfileWrite?

    /// Times and races vary; so do used_memory (the allocator) and the TTL overhead (the
    /// expires table's size depends on what the server held before).
    public var timingDependent: [String] {
        [
            "layouts.*.used_memory_per_profile", "layouts.*.ttl_overhead_bytes", "layouts.*.read_field_us", "layouts.*.update_field_us",
            "lost_updates.json_rmw.lost", "lost_updates.json_rmw.final_value", "lost_updates.watch_multi.retries",
            "lost_updates.watch_multi.commands",
        ]
    }
}

/// The server's limits for listpack-encoded hashes, read with CONFIG GET.
public struct ListpackThresholds: Encodable, Sendable {
    /// `hash-max-listpack-entries`: more fields than this converts to a hashtable.
    public var entries: Int
    /// `hash-max-listpack-value`: a field or value longer than this converts.
    public var value: Int
}

public enum ProfileLayout: String, CaseIterable, Codable, Sendable {
    /// One hash per profile: HSET profile:ID name … email … plan … lastActive ….
    case hash
    /// One JSON string per profile: SET profile:ID '{"name":…}'.
    case json
    /// One string key per field: SET profile:ID:email ….
    case fields
    /// Many profiles packed into small hashes that stay listpack-encoded (the bucket trick).
    case bucketed
}

public struct ProfileLayoutResult: Encodable, Sendable {
    public var layout: ProfileLayout
    /// OBJECT ENCODING of a profile's key (a bucket for `bucketed`).
    public var encoding: String
    public var keysPerProfile: Double
    /// MEMORY USAGE (SAMPLES 0) per profile, over the sampled profiles.
    public var bytesPerProfile: Int
    /// INFO used_memory growth while loading, per profile (allocator overhead included).
    public var usedMemoryPerProfile: Int
    /// What an EXPIRE on every key of the layout adds to the expires table (MEMORY STATS),
    /// per profile.
    public var ttlOverheadBytes: Double
    /// RESP bytes, request and reply, to read one field (HGET vs GET of the whole JSON).
    public var readFieldWireBytes: Int
    /// RESP bytes to change one field (JSON: GET and SET of the whole value).
    public var updateFieldWireBytes: Int
    /// Client time to read one field, median, microseconds (JSON decoding included).
    public var readFieldUs: Double
    /// Client time to change one field, median, microseconds.
    public var updateFieldUs: Double
    /// `bucketed`: profiles written per bucket, counted (profiles over the distinct bucket
    /// keys they were written to; the last bucket may hold fewer).
    public var profilesPerBucket: Double? = nil
}

/// Bytes per profile on each side of the listpack limits.
public struct EncodingCliff: Encodable, Sendable {
    public var valueAtLimit: CliffSide
    public var valueOverLimit: CliffSide
    public var entriesAtLimit: CliffSide
    public var entriesOverLimit: CliffSide
}

public struct CliffSide: Encodable, Sendable {
    /// The longest value (bytes), or the number of fields, of the profile.
    public var size: Int
    public var encoding: String
    public var bytes: Int
}

/// Concurrent updates of one profile's counter: `clients` real connections each adding 1,
/// `updatesPerClient` times.
public struct LostUpdates: Encodable, Sendable {
    public var clients: Int
    public var updatesPerClient: Int
    public var jsonRmw: UpdateMethodResult
    public var hincrby: UpdateMethodResult
    public var watchMulti: UpdateMethodResult
    public var lua: UpdateMethodResult
}

public struct UpdateMethodResult: Encodable, Sendable {
    /// clients × updates − the counter's final value.
    public var lost: Int
    /// WATCH/MULTI: transactions that EXEC refused and were run again.
    public var retries: Int
    public var finalValue: Int
    public var commands: Int
}

/// The tutorial's `cacheUserProfile`: `await redis.hset(key, profile); await
/// redis.expire(key, 3600)`, beside a pipeline, MULTI/EXEC and a Lua script.
public struct ProfileWrite: Encodable, Sendable {
    /// Profiles each variant wrote whole, and as many again with the connection cut.
    public var writes: Int
    public var ttlSeconds: Int
    public var variants: [ProfileWriteVariant]

    public subscript(_ method: ProfileWriteMethod) -> ProfileWriteVariant? { variants.first { $0.method == method } }
}

public enum ProfileWriteMethod: String, CaseIterable, Codable, Sendable {
    /// The tutorial's: HSET awaited, then EXPIRE awaited.
    case twoRoundTrips = "two-round-trips"
    /// HSET and EXPIRE written together, replies read together: one round trip, no atomicity.
    case pipeline
    /// MULTI, HSET, EXPIRE, EXEC written together: one round trip, all or nothing.
    case multiExec = "multi-exec"
    /// HSET and EXPIRE inside one script: one command, all or nothing.
    case lua
}

public struct ProfileWriteVariant: Encodable, Sendable {
    public var method: ProfileWriteMethod
    /// Exchanges (a command or a pipeline written, then its replies awaited) per profile,
    /// counted by the connection wrapper.
    public var roundTripsPerWrite: Double
    /// Commands per profile, from the command log.
    public var commandsPerWrite: Double
    /// Of the profiles written whole: keys whose TTL read -1 (none expected) and keys absent.
    public var keysWithoutTTL: Int
    public var keysMissing: Int
    /// Of the profiles whose connection was cut between HSET and EXPIRE: keys that exist,
    /// and keys whose TTL read -1, which never expire.
    public var keysAfterCrash: Int
    public var keysWithoutTTLAfterCrash: Int
}
