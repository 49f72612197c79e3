/// The correct answer, computed from the schedule alone, without a server: which sessions
/// are alive at the start of each round and what the app should meet, under the rule that
/// a session lives until one full round passes without a touch.
public struct SessionModel: Sendable, Equatable {
    /// Sessions alive at the start of each round (before its requests).
    public private(set) var alive: [Int] = []
    /// Reads that found no session and logged the user in.
    public private(set) var logins = 0
    /// Reads that found the session, then touched it at once.
    public private(set) var touches = 0
    /// Slow requests that read a live session and whose touch, a round later, found it
    /// expired.
    public private(set) var expiredInUse = 0
    /// Sessions that expired because their user was idle for a round.
    public private(set) var idleExpiries = 0
    /// Logouts that deleted a live session.
    public private(set) var logouts = 0

    public init(_ schedule: SessionSchedule) {
        guard let users = schedule.intents.first?.count else { return }
        // The round of each live session's last touch; nil when there is none.
        var lastTouch = [Int?](repeating: nil, count: users)
        for (round, row) in schedule.intents.enumerated() {
            for user in 0..<users {
                if let touched = lastTouch[user], touched < round - 1 {
                    lastTouch[user] = nil
                    // A slow request's own session expires under it: counted there instead.
                    if row[user] != .finishSlow { idleExpiries += 1 }
                }
            }
            alive.append(lastTouch.compactMap { $0 }.count)
            for (user, intent) in row.enumerated() {
                switch intent {
                case .idle:
                    break
                case .request:
                    if lastTouch[user] == nil { logins += 1 } else { touches += 1 }
                    lastTouch[user] = round
                case .slowRequest:
                    // A read that finds nothing logs in instead, and then the next round's
                    // finishing touch meets a live session.
                    if lastTouch[user] == nil {
                        logins += 1
                        lastTouch[user] = round
                    }
                case .finishSlow:
                    if lastTouch[user] == nil {
                        expiredInUse += 1
                    } else {
                        touches += 1
                        lastTouch[user] = round
                    }
                case .logout:
                    if lastTouch[user] != nil { logouts += 1 }
                    lastTouch[user] = nil
                }
            }
        }
    }
}
