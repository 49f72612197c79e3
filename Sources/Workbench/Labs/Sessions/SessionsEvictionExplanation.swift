import Labs

/// "What this shows" for `sessions eviction`, from its numbers.
enum SessionsEvictionExplanation {
    static func sentences(_ report: SessionsEvictionReport) -> [String] {
        report.policies.map { sentence($0, users: report.users) }
    }

    static func sentence(_ result: SessionsEvictionResult, users: Int) -> String {
        let name = result.policy
        let refused = result.cacheWritesRefused
        if result.loggedOutByEviction == 0 {
            return refused > 0
                ? "\(name) logged nobody out but refused \(Format.count(refused, "cache write")) with OOM."
                : "\(name) logged nobody out and refused no write."
        }
        let share = Format.percent(Double(result.loggedOutByEviction) / Double(max(users, 1)))
        let evicted: String
        if result.evictedKeys != result.loggedOutByEviction {
            evicted = ", among \(Format.count(result.evictedKeys, "key")) evicted"
        } else if name.hasPrefix("volatile") {
            evicted = ": only sessions have a TTL here, so every key it evicted was a session"
        } else {
            evicted = ": every key it evicted was a session"
        }
        return
            "\(name) logged out \(Format.count(result.loggedOutByEviction, "user")) of \(Format.grouped(users)) (\(share))\(evicted)"
            + (refused > 0 ? ", and still refused \(Format.count(refused, "cache write"))." : ".")
    }
}
