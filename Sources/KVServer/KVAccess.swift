import HTTPTypes
import RedisREST

/// Who is asking: the full token, the read-only one, or nobody (401). The token comes as
/// `Authorization: Bearer T` or as the `_token` query parameter, as Upstash takes it.
/// Compared in time that does not depend on where the first difference is.
enum KVAccess: Sendable {
    case full
    case readOnly

    static func of(_ headers: HTTPFields, query: Substring, settings: KVEndpointSettings) -> KVAccess? {
        guard let offered = bearer(headers) ?? queryToken(query) else { return nil }
        if matches(offered, settings.token) { return .full }
        if let readOnly = settings.readOnlyToken, matches(offered, readOnly) { return .readOnly }
        return nil
    }

    private static func bearer(_ headers: HTTPFields) -> [UInt8]? {
        guard let value = headers[.authorization] else { return nil }
        let bytes = Array(value.utf8)
        let scheme = Array("bearer ".utf8)
        guard bytes.count > scheme.count, zip(bytes, scheme).allSatisfy({ $0 | 0x20 == $1 | 0x20 }) else { return nil }
        return Array(bytes[scheme.count...])
    }

    private static func queryToken(_ query: Substring) -> [UInt8]? {
        for pair in query.split(separator: "&") where pair.hasPrefix("_token=") {
            return try? PercentDecoding.decode(pair.dropFirst("_token=".count).utf8, plusIsSpace: true)
        }
        return nil
    }

    static func matches(_ offered: [UInt8], _ token: String) -> Bool {
        let expected = Array(token.utf8)
        var difference = UInt8(offered.count == expected.count ? 0 : 1)
        for index in 0..<expected.count {
            difference |= expected[index] ^ (index < offered.count ? offered[index] : 0)
        }
        return difference == 0
    }
}
