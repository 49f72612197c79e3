/// The two ways a fill lock fails to keep a stampede to one query, counted by every client
/// of one strategy run. Both need a holder slower than the lock's TTL (a slow query, or a
/// process that did not get the CPU), so they are usually zero, and the report says so
/// when they are not instead of leaving a student with queries no expiry explains.
final class LockEvents: Sendable {
    /// Releases that found the lock gone or someone else's: the holder outlived its lock.
    /// Each is also one key Redis expired (counted in INFO's expired_keys).
    let expiredWhileHeld = Counter()
    /// Waiters that stopped waiting after the lock's TTL and queried the database themselves.
    let waitsGivenUp = Counter()
    /// SWR: background refreshes started by the reader that won the refresh lock (each one
    /// database query), so the report can say how many clients refreshed instead of one.
    let refreshesStarted = Counter()
}
