import ArgumentParser
import Labs

/// `rwb lab sessions` options.
public struct SessionsOptions: ParsableArguments {
    @Option(help: "Touch variants: multi (MULTI HSET + PEXPIRE), expire (PEXPIRE alone), lua, comma-separated, or all.")
    var touches = "all"

    @Option(parsing: .unconditional, help: "App servers sharing the sessions, each a real connection per variant (default 4, --quick 3).")
    var servers: Int?

    @Option(parsing: .unconditional, help: "Users, one session each (default 40, --quick 24).")
    var users: Int?

    @Option(parsing: .unconditional, help: "Rounds of requests; 3/5 of the TTL passes between two (default 16, --quick 8).")
    var rounds: Int?

    @Option(
        parsing: .unconditional, help: "The sessions' sliding TTL, set with PEXPIRE at login and every touch (default 1s, --quick 500ms).")
    var ttl: DurationArgument?

    public init() {}

    public func validate() throws {
        _ = try touchList()
        try OptionBounds.check("--servers", servers, 1...64)
        try OptionBounds.check("--users", users, 1...10_000)
        try OptionBounds.check("--rounds", rounds, 1...1_000)
        // Below 200 ms the 2/5 of the TTL left for a round's requests is too short to keep
        // the rounds' ages on their sides of the TTL.
        try OptionBounds.check("--ttl", ttl, 0.2...60)
        if let ttl { _ = try Self.milliseconds(ttl) }
    }

    func touchList() throws -> [SessionTouch] {
        try NameList.parse("--touches", touches, choices: SessionTouch.allCases, name: \.rawValue)
    }

    /// Whole milliseconds: the TTL goes to Redis in PEXPIRE.
    static func milliseconds(_ value: DurationArgument) throws -> Int {
        let ms = (value.seconds * 1000).rounded()
        guard abs(value.seconds * 1000 - ms) < 1e-6 else { throw ValidationError("--ttl \(value): whole milliseconds") }
        return Int(ms)
    }
}

/// `rwb lab sessions`: options to configuration, report to text.
public enum SessionsSpec: LabSpec {
    public static func lab(from options: SessionsOptions, quick: Bool) throws -> SessionsLab {
        let ttl = try options.ttl.map(SessionsOptions.milliseconds) ?? (quick ? 500 : 1000)
        return SessionsLab(
            touches: try options.touchList(), servers: options.servers ?? (quick ? 3 : 4), users: options.users ?? (quick ? 24 : 40),
            rounds: options.rounds ?? (quick ? 8 : 16), ttlMs: ttl)
    }

    public static func render(_ report: SessionsReport, style: TextStyle) -> String {
        var text =
            "\(Format.count(report.users, "user")) on \(Format.count(report.servers, "app server")), \(report.rounds) rounds "
            + "\(report.roundMs) ms apart; sessions are hashes with a sliding TTL of \(report.ttlMs) ms (PEXPIRE at login and "
            + "every touch). Each request reads its session (HGETALL) and touches it; a slow one touches it a round later.\n\n"
        var table = TextTable([
            "touch", "cmds/touch", "touches", "expired in use", "zombies made", "zombie reads", "logins", "rounds off model",
        ])
        for result in report.touches {
            table.add([
                result.touch.rawValue, Format.number(result.commandsPerTouch), Format.grouped(result.touches),
                Format.grouped(result.expiredInUse), Format.grouped(result.zombiesCreated), Format.grouped(result.zombieReads),
                Format.grouped(result.logins), "\(result.roundsOffModel) of \(result.alive.count)",
            ])
        }
        table.add([
            // Touches sent, as the variants count them: those that found the session and those
            // that raced its expiry.
            "model", "", Format.grouped(report.model.touches + report.model.expiredInUse), Format.grouped(report.model.expiredInUse), "0",
            "0",
            Format.grouped(report.model.logins), "",
        ])
        text += table.render(style: style)
        text += "\nLive sessions at the start of each round (zombies in brackets):\n"
        var rows = TextTable(["", "rounds"], alignments: [.left, .left])
        rows.add(["model", report.model.alive.map(String.init).joined(separator: " ")])
        for result in report.touches {
            let cells = zip(result.alive, result.zombiesAlive).map { $1 > 0 ? "\($0)[\($1)]" : String($0) }
            rows.add([result.touch.rawValue, cells.joined(separator: " ")])
        }
        text += rows.render(style: style)
        let memory = report.memory
        text +=
            "\nMemory (MEMORY USAGE … SAMPLES 0, each of \(Format.count(memory.sessions, "session"))): hash (\(memory.hashEncoding)) "
            + "\(Format.grouped(memory.hashBytes)) bytes, \(Format.number(memory.hashBytesPerSession)) a session; JSON string "
            + "\(Format.grouped(memory.jsonBytes)) bytes, \(Format.number(memory.jsonBytesPerSession)) a session "
            + "(\(Format.grouped(memory.jsonPayloadBytes)) bytes of JSON).\n"
        text +=
            "expired in use: touches that found the session gone after the request had read it; zombies: sessions a touch "
            + "recreated without a user_id; zombie reads: requests served from one.\n"
        text += Format.whatThisShows(SessionsExplanation.sentences(report), style: style)
        return text
    }
}
