/// A lab cannot go on, for a reason a person can act on ("cannot open the database at …").
public struct LabError: Error, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
