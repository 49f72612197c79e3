/// A lab report as a tree: what `--json` prints, what `.expect lab.PATH` reads, what tests
/// compare. Objects keep their fields in order (the order the report declares them), so the
/// same report always prints the same bytes.
public indirect enum ReportValue: Sendable, Equatable {
    case object([Field])
    case array([ReportValue])
    case string(String)
    case int(Int64)
    case double(Double)
    case bool(Bool)
    case null

    public struct Field: Sendable, Equatable {
        public var name: String
        public var value: ReportValue

        public init(_ name: String, _ value: ReportValue) {
            self.name = name
            self.value = value
        }
    }

    /// The field called `name`, for an object.
    public subscript(name: String) -> ReportValue? {
        guard case .object(let fields) = self else { return nil }
        return fields.first { $0.name == name }?.value
    }

    /// The value as a number, for comparisons (booleans are not numbers).
    public var number: Double? {
        switch self {
        case .int(let value): return Double(value)
        case .double(let value): return value
        default: return nil
        }
    }

    /// The value as `.expect` and messages show it: strings bare, numbers as JSON writes them.
    public var text: String {
        if case .string(let value) = self { return value }
        return json()
    }

    /// JSON: compact on one line, or indented by two spaces.
    public func json(pretty: Bool = false) -> String {
        var out = ""
        write(to: &out, pretty: pretty, indent: 0)
        return out
    }

    private func write(to out: inout String, pretty: Bool, indent: Int) {
        let newline = pretty ? "\n" : ""
        let pad = pretty ? String(repeating: "  ", count: indent + 1) : ""
        let closePad = pretty ? String(repeating: "  ", count: indent) : ""
        switch self {
        case .object(let fields):
            guard !fields.isEmpty else {
                out += "{}"
                return
            }
            out += "{" + newline
            for (index, field) in fields.enumerated() {
                out += pad + Self.quoted(field.name) + (pretty ? ": " : ":")
                field.value.write(to: &out, pretty: pretty, indent: indent + 1)
                out += (index + 1 < fields.count ? "," : "") + newline
            }
            out += closePad + "}"
        case .array(let items):
            guard !items.isEmpty else {
                out += "[]"
                return
            }
            // Arrays of plain values stay on one line even when pretty: they read better.
            let flat = !items.contains {
                if case .object = $0 { return true }
                if case .array = $0 { return true }
                return false
            }
            if flat || !pretty {
                out += "[" + items.map { $0.json() }.joined(separator: pretty ? ", " : ",") + "]"
                return
            }
            out += "[" + newline
            for (index, item) in items.enumerated() {
                out += pad
                item.write(to: &out, pretty: pretty, indent: indent + 1)
                out += (index + 1 < items.count ? "," : "") + newline
            }
            out += closePad + "]"
        case .string(let value): out += Self.quoted(value)
        case .int(let value): out += String(value)
        case .double(let value): out += Self.number(value)
        case .bool(let value): out += value ? "true" : "false"
        case .null: out += "null"
        }
    }

    /// Doubles as JSON numbers: shortest round-trip digits, integers without `.0`, and the
    /// values JSON cannot hold as null.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
