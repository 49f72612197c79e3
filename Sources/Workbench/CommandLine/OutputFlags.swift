import ArgumentParser
import ReplyFormat

/// How replies are printed: redis-cli's TTY/raw choice plus JSON and CSV.
public struct OutputFlags: ParsableArguments {
    public init() {}

    @Flag(name: .customLong("raw"), help: "Use raw formatting for replies (default when stdout is not a tty).")
    public var raw = false

    @Flag(name: .customLong("no-raw"), help: "Force formatted output even when stdout is not a tty.")
    public var noRaw = false

    @Flag(name: .customLong("json"), help: "Print each reply as one JSON document.")
    public var json = false

    @Flag(name: .customLong("csv"), help: "Output in CSV format.")
    public var csv = false

    @Flag(
        name: .customLong("quoted-json"),
        help: "Like --json, each string as redis-cli quotes it (\\xc3\\xa9 for é): ASCII-safe, binary included.")
    public var quotedJSON = false

    @Option(
        name: .customLong("show-pushes"),
        help: ArgumentHelp("Print RESP3 pushes (tracking invalidations…) as they arrive (default: yes on a terminal).", valueName: "yes|no")
    )
    public var showPushes: String?

    public func validate() throws {
        if [raw, noRaw, json, csv, quotedJSON].filter({ $0 }).count > 1 {
            throw ValidationError("choose one of --raw, --no-raw, --json, --quoted-json, --csv")
        }
        if let showPushes, Self.yesOrNo(showPushes) == nil { throw ValidationError("--show-pushes \(showPushes): yes or no") }
    }

    /// `--show-pushes`, or redis-cli's default: shown when stdout is a terminal.
    public func showsPushes(stdoutIsTerminal: Bool) -> Bool {
        showPushes.flatMap(Self.yesOrNo) ?? stdoutIsTerminal
    }

    /// redis-cli reads the first letter: `y…` or `n…`, any case.
    public static func yesOrNo(_ word: String) -> Bool? {
        switch word.lowercased().first {
        case "y": return true
        case "n": return false
        default: return nil
        }
    }

    public func mode(stdoutIsTerminal: Bool) -> OutputMode {
        if json { return .json }
        if quotedJSON { return .quotedJSON }
        if csv { return .csv }
        if raw { return .raw }
        if noRaw { return .tty }
        return Self.defaultMode(stdoutIsTerminal: stdoutIsTerminal)
    }

    /// Each flag and the mode it asks for, as `OneShotFastPath` reads them without the parser.
    static let modesByFlag: [String: OutputMode] = ["--raw": .raw, "--no-raw": .tty, "--json": .json, "--csv": .csv]

    /// The mode when no flag names one: redis-cli's choice.
    public static func defaultMode(stdoutIsTerminal: Bool) -> OutputMode {
        stdoutIsTerminal ? .tty : .raw
    }
}
