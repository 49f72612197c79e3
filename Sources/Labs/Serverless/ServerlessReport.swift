/// What each mode cost for the same user requests.
public struct ServerlessReport: LabReport {
    public var requests: Int
    public var users: Int
    public var limit: Int
    public var valueBytes: Int
    /// What every mode must have met, from the in-process model.
    public var modelAllowed: Int
    public var modelDenied: Int
    public var modelHits: Int
    public var modelDatabaseQueries: Int
    public var modes: [ServerlessModeResult] = []

    public var timingDependent: [String] {
        ["modes.*.latency", "modes.*.total_ms"]
    }

    public func mode(_ mode: ServerlessMode) -> ServerlessModeResult? {
        modes.first { $0.mode == mode }
    }
}

/// One mode's counts: what it sent (commands, round trips, bytes) and what it met.
public struct ServerlessModeResult: Encodable, Sendable {
    public var mode: ServerlessMode
    /// Commands the client asked for (the endpoint adds MULTI and EXEC for a transaction).
    public var commands: Int = 0
    /// Network round trips the client waited for: commands over RESP, HTTP requests over REST.
    public var roundTrips: Int = 0
    /// Bytes the client wrote and read: RESP as encoded on the socket, HTTP requests and
    /// responses with their headers, counted on the socket.
    public var bytesSent: Int = 0
    public var bytesReceived: Int = 0
    public var allowed: Int = 0
    public var denied: Int = 0
    public var hits: Int = 0
    public var databaseQueries: Int = 0
    /// Profiles read for requests the limiter then denied: a batch sends its GET before it
    /// knows the limiter's answer.
    public var wastedReads: Int = 0
    /// Requests where this mode met something else than the model (allowed, hit).
    public var modelMismatches: Int = 0
    /// Per user request, from its first command to its last reply.
    public var latency = LatencySummary(p50: 0, p90: 0, p99: 0, p999: 0, max: 0)
    public var totalMs: Double = 0
}
