/// Why a lab ended before its end: a signal asked it to, or something failed (a lost
/// server, an error reply). A lab with a partial report is shown marked partial, with this.
enum LabStop: Sendable, Equatable {
    case interrupted(Interruption)
    case failed(String)

    /// What the report's `stopped_because` says.
    var reason: String {
        switch self {
        case .interrupted: return "interrupted"
        case .failed(let message): return message
        }
    }

    /// The line's failure once the partial report (if any) is shown. A tool (`analyze`) is
    /// its own subcommand, not a lab, and says so: "analyze stopped: …".
    func failure(lab: String) -> LineResult.Failure {
        switch self {
        case .interrupted(let interruption): return .interrupted(interruption)
        case .failed(let message): return .connection("\(LabCatalog.tool(lab) == nil ? "lab \(lab)" : lab) stopped: \(message)")
        }
    }
}
