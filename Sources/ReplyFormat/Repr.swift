/// redis's `sdscatrepr`: a double-quoted string in which `\n \r \t \a \b \\ \"` are escaped
/// and every other byte outside printable ASCII (0x20…0x7e; UTF-8 bytes included) is
/// written `\xhh` in lowercase hex. TTY and CSV strings use it.
public enum Repr {
    public static func append(_ bytes: some Sequence<UInt8>, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\\"), UInt8(ascii: "\""):
                out.append(UInt8(ascii: "\\"))
                out.append(byte)
            case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x07: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "a")])
            case 0x08: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x20...0x7E: out.append(byte)
            default:
                out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "x"), hexDigit(byte >> 4), hexDigit(byte & 0x0F)])
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// The quoted form without its outer quotes.
    static func inner(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        append(bytes, to: &out)
        return Array(out.dropFirst().dropLast())
    }

    static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }
}
