/// Where a line came from: a script file and line number, or the interactive prompt.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int

    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    public static let prompt = SourceLocation(file: "<prompt>", line: 0)

    public var description: String { "\(file):\(line)" }
}
