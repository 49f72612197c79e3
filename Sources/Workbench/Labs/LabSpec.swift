import ArgumentParser
import Labs

/// How the workbench offers one lab: its options (one parser, whether the lab is started
/// with `rwb lab NAME`, `.lab NAME` in the REPL or the same line in a script), how they
/// become the lab's configuration, and how its report reads as text. Every lab has one, in
/// `Labs/<Lab>/`, listed in `LabCatalog`.
public protocol LabSpec: SendableMetatype {
    associatedtype Options: ParsableArguments
    associatedtype Runs: Lab
    /// The lab to run for these options; `quick` asks for a run of a few seconds. Throws
    /// `ValidationError` for options that do not make sense together.
    static func lab(from options: Options, quick: Bool) throws -> Runs
    /// The report's body as text: tables, charts and "What this shows", built from its
    /// numbers. The runner adds the header and the notes around it.
    static func render(_ report: Runs.Report, style: TextStyle) -> String
    /// True when `render` gives a data file (CSV) rather than a report for people: it is
    /// written without the header, the notes and the command listing around it.
    static func isDataFile(_ report: Runs.Report) -> Bool
}

extension LabSpec {
    static var name: String { Runs.name }

    public static func isDataFile(_ report: Runs.Report) -> Bool { false }
}

/// Options every lab takes.
public struct LabCommonOptions: ParsableArguments {
    @Option(name: .customLong("seed"), help: "Seed of every random choice (default: the session's, 1 unless .seed or run --seed set it).")
    var seed: UInt64?

    @Flag(name: .customLong("json"), help: "Print the report as one JSON document.")
    var json = false

    @Flag(name: .customLong("quick"), help: "A small run of a few seconds (CI, classrooms).")
    var quick = false

    @Flag(name: .customLong("keep"), help: "Leave the lab's keys in Redis for inspection.")
    var keep = false

    @Flag(name: .customLong("show-commands"), help: "Print the first Redis commands of each kind the lab sent.")
    var showCommands = false

    @Flag(name: .customLong("local"), help: "Run against a throwaway local redis-server.")
    var local = false

    @Flag(name: .customLong("allow-config"), help: "Let a lab change the configuration of a server rwb did not start (it is restored).")
    var allowConfig = false

    public init() {}
}

/// The whole command line of one lab: the common options and the lab's own.
public struct LabArguments<Spec: LabSpec>: ParsableArguments {
    @OptionGroup public var common: LabCommonOptions
    @OptionGroup public var options: Spec.Options

    public init() {}

    /// What to run: the lab's configuration and the common settings, as plain values.
    func plan() throws -> LabPlan<Spec.Runs> {
        // Honoured or refused, never ignored: a lab that writes no keys of its own (or removes
        // them itself, as `ratelimit serve` does) has none to keep. Refused here, so that a
        // script's checker refuses the line before anything runs.
        if common.keep && !Spec.Runs.needs.writesKeys {
            throw ValidationError("lab \(Spec.name) leaves no keys of its own to keep: --keep does not apply")
        }
        return LabPlan(
            lab: try Spec.lab(from: options, quick: common.quick), seed: common.seed, json: common.json, quick: common.quick,
            keep: common.keep, showCommands: common.showCommands, local: common.local, allowConfig: common.allowConfig)
    }
}

/// A lab ready to run, with the options every lab takes.
struct LabPlan<Runs: Lab>: Sendable {
    var lab: Runs
    var seed: UInt64?
    var json: Bool
    var quick: Bool
    var keep: Bool
    var showCommands: Bool
    var local: Bool
    var allowConfig: Bool
}
