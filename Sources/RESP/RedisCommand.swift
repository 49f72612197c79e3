/// One command as the client sends it: a name and arguments, each a binary-safe string.
public struct RedisCommand: Sendable, Hashable, ExpressibleByArrayLiteral, CustomStringConvertible {
    public var arguments: [[UInt8]]

    public init(bytes arguments: [[UInt8]]) {
        self.arguments = arguments
    }

    public init(_ arguments: [String]) {
        self.arguments = arguments.map { Array($0.utf8) }
    }

    public init(_ arguments: String...) {
        self.init(arguments)
    }

    public init(arrayLiteral elements: String...) {
        self.init(elements)
    }

    /// The command name in upper case (`GET`), or "" for an empty command.
    public var name: String {
        arguments.first.map { String(decoding: $0, as: UTF8.self).uppercased() } ?? ""
    }

    /// The argument at `index` as text (lossy for binary), or nil past the end.
    public func argument(_ index: Int) -> String? {
        index < arguments.count ? String(decoding: arguments[index], as: UTF8.self) : nil
    }

    public var description: String {
        arguments.map { String(decoding: $0, as: UTF8.self) }.joined(separator: " ")
    }
}
