import RawStructuredFieldValues

/// The response headers for a decision: `RateLimit-Policy` and `RateLimit` as the IETF
/// httpapi draft (-08 and later) defines them, as Structured Field lists of one item with
/// parameters; the legacy `X-RateLimit-*` (Reset in seconds from now, as most libraries send
/// it; GitHub sends an epoch); and `Retry-After` on a 429.
public enum RateLimitHeaders {
    public static let policyName = "default"

    public static func fields(for decision: RateDecision, policy: RatePolicy) throws -> [HeaderField] {
        let windowSeconds = max(1, (policy.windowMs + 999) / 1000)
        let resetSeconds = (decision.resetAfterMs + 999) / 1000
        var serializer = StructuredFieldValueSerializer()
        let policyItem = Item(
            bareItem: .string(policyName), parameters: ["q": .integer(Int64(policy.limit)), "w": .integer(windowSeconds)])
        var state: OrderedMap<String, RFC9651BareItem> = ["r": .integer(Int64(decision.remaining))]
        // `t`: seconds until more quota; when nothing is left, no earlier than Retry-After.
        state["t"] = .integer(decision.allowed ? resetSeconds : max(resetSeconds, retrySeconds(decision)))
        let stateItem = Item(bareItem: .string(policyName), parameters: state)
        var fields = [
            HeaderField(
                name: "RateLimit-Policy", value: String(decoding: try serializer.writeListFieldValue([.item(policyItem)]), as: UTF8.self)),
            HeaderField(name: "RateLimit", value: String(decoding: try serializer.writeListFieldValue([.item(stateItem)]), as: UTF8.self)),
            HeaderField(name: "X-RateLimit-Limit", value: String(policy.limit)),
            HeaderField(name: "X-RateLimit-Remaining", value: String(decision.remaining)),
            HeaderField(name: "X-RateLimit-Reset", value: String(resetSeconds)),
        ]
        if !decision.allowed { fields.append(HeaderField(name: "Retry-After", value: String(retrySeconds(decision)))) }
        return fields
    }

    /// Retry-After: whole seconds, rounded up, at least 1.
    public static func retrySeconds(_ decision: RateDecision) -> Int64 {
        max(1, (decision.retryAfterMs + 999) / 1000)
    }
}
