/// How the workload reaches Redis.
public enum ServerlessMode: String, Codable, Sendable, CaseIterable {
    /// The tutorial's ioredis code: each `await` one command on one TCP connection.
    case resp
    /// The same code on @vercel/kv: each `await` one HTTP request (`POST /`).
    case rest
    /// The limiter's INCR and EXPIRE … NX and the GET in one `POST /pipeline`; the SET after a
    /// miss in a second request.
    case pipeline
    /// The same three as one transaction, `POST /multi-exec`.
    case multiExec = "multi-exec"
}
