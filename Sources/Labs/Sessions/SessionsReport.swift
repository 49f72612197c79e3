/// What the sessions lab counted: the model's answer, each touch variant's sessions as the
/// server held them round by round, and the memory of a session as a hash and as JSON.
public struct SessionsReport: LabReport {
    public var servers: Int
    public var users: Int
    public var rounds: Int
    public var ttlMs: Int
    /// The sleep between rounds: 3/5 of the TTL.
    public var roundMs: Int
    public var model: SessionModelResult
    public var touches: [SessionTouchResult] = []
    public var memory = SessionMemory()

    /// Every count follows from the seed and the replies; the two-sided margins of the
    /// rounds (2/5 of the TTL for processing) keep them so unless a round's requests take
    /// that long, which `late_rounds` counts. Only times vary.
    public var timingDependent: [String] { ["elapsed_ms", "late_rounds"] }
    public var elapsedMs = 0
    /// Pairs of consecutive rounds from whose first request to whose last a TTL or more
    /// passed: there a session touched in both could expire between its touches, by the
    /// machine's slowness rather than the schedule, and the model need not hold.
    public var lateRounds = 0
}

/// The model's answer (`SessionModel`), as the report carries it.
public struct SessionModelResult: Encodable, Sendable, Equatable {
    public var alive: [Int]
    public var logins: Int
    public var touches: Int
    public var expiredInUse: Int
    public var idleExpiries: Int
    public var logouts: Int

    init(_ model: SessionModel) {
        alive = model.alive
        logins = model.logins
        touches = model.touches
        expiredInUse = model.expiredInUse
        idleExpiries = model.idleExpiries
        logouts = model.logouts
    }
}

/// One touch variant's run, every figure from the server's replies.
public struct SessionTouchResult: Encodable, Sendable {
    public var touch: SessionTouch
    /// Session keys on the server at the start of each round (EXISTS).
    public var alive: [Int] = []
    /// Of those, keys without a user_id: sessions a touch recreated after they expired.
    public var zombiesAlive: [Int] = []
    /// Rounds whose live sessions differ from the model's answer.
    public var roundsOffModel = 0
    public var reads = 0
    public var logins = 0
    public var touches = 0
    /// Touches that found the session expired after the request had read it.
    public var expiredInUse = 0
    /// Touches that created a key that was not there (multi's HSET answered 1).
    public var zombiesCreated = 0
    /// Reads that returned a session without a user_id, which the app served as a session.
    public var zombieReads = 0
    public var logouts = 0
    /// Commands the touches sent, counted in the touches' own command log.
    public var touchCommands = 0
    public var commandsPerTouch = 0.0
}
