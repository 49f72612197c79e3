/// A dotted path into a report, as `.expect lab.PATH OP VALUE` names a number:
/// `strategies.lock.backend_queries`, `layouts[layout=hash].bytes_per_profile`,
/// `results[0].allowed`. A segment on an array selects by index (`[2]`) or by a field's
/// value (`[layout=hash]`, or a bare `hash` matched against each row's first field).
public struct ReportPath: Sendable, CustomStringConvertible {
    enum Step: Sendable, Equatable {
        case field(String)
        case index(Int)
        case match(field: String, value: String)
    }

    let steps: [Step]
    public let description: String

    public struct Problem: Error, CustomStringConvertible {
        public var description: String
    }

    public init(_ text: String) throws(Problem) {
        description = text
        var steps: [Step] = []
        var rest = Substring(text)
        while !rest.isEmpty {
            if rest.hasPrefix("[") {
                guard let close = rest.firstIndex(of: "]") else { throw Problem(description: "unclosed '[' in \(text)") }
                let inside = rest[rest.index(after: rest.startIndex)..<close]
                if let equals = inside.firstIndex(of: "=") {
                    steps.append(.match(field: String(inside[..<equals]), value: String(inside[inside.index(after: equals)...])))
                } else if let index = Int(inside), index >= 0 {
                    steps.append(.index(index))
                } else {
                    throw Problem(description: "'[\(inside)]' in \(text): use [N] or [field=value]")
                }
                rest = rest[rest.index(after: close)...]
            } else {
                if rest.hasPrefix(".") { rest = rest.dropFirst() }
                let end = rest.firstIndex { $0 == "." || $0 == "[" } ?? rest.endIndex
                let name = rest[..<end]
                guard !name.isEmpty else { throw Problem(description: "empty segment in \(text)") }
                steps.append(.field(String(name)))
                rest = rest[end...]
            }
        }
        guard !steps.isEmpty else { throw Problem(description: "empty path") }
        self.steps = steps
    }

    /// The value at this path, or a problem that lists the paths that exist there.
    public func resolve(in root: ReportValue) throws(Problem) -> ReportValue {
        var current = root
        var walked = "lab"
        for step in steps {
            switch (step, current) {
            case (.field(let name), .object(let fields)):
                guard let field = fields.first(where: { $0.name == name }) else {
                    throw Problem(description: "no field \(walked).\(name); \(walked) has: \(fields.map(\.name).joined(separator: ", "))")
                }
                current = field.value
                walked += "." + name
            case (.field(let name), .array(let rows)):
                // A bare name on a list of rows picks the row whose first field is that name.
                guard let row = rows.first(where: { Self.firstFieldText($0) == name }) else {
                    let names = rows.compactMap(Self.firstFieldText)
                    throw Problem(description: "no row \(name) in \(walked); rows: \(names.joined(separator: ", "))")
                }
                current = row
                walked += "." + name
            case (.index(let index), .array(let rows)):
                guard index < rows.count else { throw Problem(description: "\(walked) has \(rows.count) rows; [\(index)] is past the end") }
                current = rows[index]
                walked += "[\(index)]"
            case (.match(let field, let value), .array(let rows)):
                guard let row = rows.first(where: { $0[field]?.text == value }) else {
                    let values = rows.compactMap { $0[field]?.text }
                    throw Problem(
                        description: "no row with \(field)=\(value) in \(walked); \(field) values: \(values.joined(separator: ", "))")
                }
                current = row
                walked += "[\(field)=\(value)]"
            default:
                throw Problem(
                    description:
                        "\(walked) is \(Self.kind(of: current)), so \(description) does not exist; paths: \(Self.paths(in: root).prefix(40).joined(separator: ", "))"
                )
            }
        }
        return current
    }

    private static func firstFieldText(_ row: ReportValue) -> String? {
        guard case .object(let fields) = row, let first = fields.first, case .string(let text) = first.value else { return nil }
        return text
    }

    private static func kind(of value: ReportValue) -> String {
        switch value {
        case .object: return "an object"
        case .array: return "a list"
        default: return "a value (\(value.text))"
        }
    }

    /// Every path to a plain value, for messages.
    public static func paths(in value: ReportValue, prefix: String = "lab") -> [String] {
        switch value {
        case .object(let fields): return fields.flatMap { paths(in: $0.value, prefix: prefix + "." + $0.name) }
        case .array(let rows): return rows.enumerated().flatMap { paths(in: $0.element, prefix: prefix + "[\($0.offset)]") }
        default: return [prefix]
        }
    }
}

/// `OP VALUE` of `.expect lab.PATH OP VALUE`: `== != < <= > >=`, and `~= X ±T` (within T).
public struct ReportComparison: Sendable, CustomStringConvertible {
    public enum Operator: String, Sendable, CaseIterable {
        case equal = "=="
        case notEqual = "!="
        case less = "<"
        case lessOrEqual = "<="
        case greater = ">"
        case greaterOrEqual = ">="
        case near = "~="
    }

    public let op: Operator
    public let expected: String
    public let tolerance: Double?

    /// From the words after the path: `["==", "1"]`, `["~=", "0.9", "±0.05"]`.
    public init(words: [String]) throws(ReportPath.Problem) {
        guard words.count >= 2, let op = Operator(rawValue: words[0]) else {
            throw ReportPath.Problem(
                description: "expected OP VALUE after the path, OP one of \(Operator.allCases.map(\.rawValue).joined(separator: " "))")
        }
        self.op = op
        expected = words[1]
        if op == .near {
            guard words.count == 3 else { throw ReportPath.Problem(description: "~= needs a tolerance: ~= 0.9 ±0.05") }
            let text =
                words[2].hasPrefix("±")
                ? String(words[2].dropFirst()) : (words[2].hasPrefix("+-") ? String(words[2].dropFirst(2)) : words[2])
            guard let tolerance = Double(text), tolerance >= 0 else {
                throw ReportPath.Problem(description: "tolerance '\(words[2])' is not ±NUMBER")
            }
            self.tolerance = tolerance
        } else {
            guard words.count == 2 else {
                throw ReportPath.Problem(description: "one value after \(op.rawValue), got \(words.dropFirst().joined(separator: " "))")
            }
            tolerance = nil
        }
        if op != .equal && op != .notEqual && Double(expected) == nil {
            throw ReportPath.Problem(description: "\(op.rawValue) compares numbers; '\(expected)' is not one")
        }
    }

    public var description: String { "\(op.rawValue) \(expected)\(tolerance.map { " ±\(ReportValue.number($0))" } ?? "")" }

    /// Whether `actual` satisfies the comparison.
    public func holds(for actual: ReportValue) -> Bool {
        if let number = actual.number, let wanted = Double(expected) {
            switch op {
            case .equal: return number == wanted
            case .notEqual: return number != wanted
            case .less: return number < wanted
            case .lessOrEqual: return number <= wanted
            case .greater: return number > wanted
            case .greaterOrEqual: return number >= wanted
            case .near: return abs(number - wanted) <= (tolerance ?? 0)
            }
        }
        switch op {
        case .equal: return actual.text == expected
        case .notEqual: return actual.text != expected
        default: return false
        }
    }
}
