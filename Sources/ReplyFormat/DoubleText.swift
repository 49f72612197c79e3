#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A double as redis-server 7.0 sends it and redis-cli prints it: `inf`, `-inf`, `nan`,
/// otherwise C's `%.17g` (`1.5`, `3`, `1.1000000000000001`, `1e+20`).
///
/// redis-cli prints the text it received; we only have the value, so we reproduce the
/// server's formatting. (Redis 7.2 and later send the shortest round-trip form instead, so
/// `1.1` there prints as `1.1` in redis-cli and as `1.1000000000000001` here.)
public enum DoubleText {
    public static func text(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        var buffer = [CChar](repeating: 0, count: 40)
        let count = withVaList([value]) { args in
            buffer.withUnsafeMutableBufferPointer { vsnprintf($0.baseAddress, $0.count, "%.17g", args) }
        }
        guard count > 0 else { return "\(value)" }
        return String(decoding: buffer.prefix(Int(count)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func append(_ value: Double, to out: inout [UInt8]) {
        out.append(contentsOf: text(value).utf8)
    }
}
