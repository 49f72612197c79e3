import Testing

@testable import Labs
@testable import Workbench

/// The sessions lab's "What this shows", fed reports with opposite numbers: each claim
/// appears only when the figures support it.
@Suite struct SessionsExplanationTests {
    /// A model with one slow request whose session expired under it, or none.
    private func model(raced: Bool) -> SessionModelResult {
        let intents: [[SessionIntent]] =
            raced ? [[.request], [.slowRequest], [.finishSlow]] : [[.request], [.request], [.request]]
        return SessionModelResult(SessionModel(SessionSchedule(intents: intents)))
    }

    private func result(_ touch: SessionTouch, off: Int = 0, expired: Int = 0, zombies: Int = 0, zombieReads: Int = 0) -> SessionTouchResult
    {
        var result = SessionTouchResult(touch: touch)
        result.alive = [0, 1, 1]
        result.roundsOffModel = off
        result.touches = 10
        result.expiredInUse = expired
        result.zombiesCreated = zombies
        result.zombieReads = zombieReads
        result.touchCommands = touch == .multi ? 40 : 10
        result.commandsPerTouch = touch == .multi ? 4 : 1
        return result
    }

    private func text(raced: Bool, _ touches: [SessionTouchResult], memory: SessionMemory = SessionMemory(), late: Int = 0) -> String {
        var report = SessionsReport(servers: 2, users: 1, rounds: 3, ttlMs: 500, roundMs: 300, model: model(raced: raced))
        report.touches = touches
        report.lateRounds = late
        report.memory = memory
        return SessionsExplanation.sentences(report).joined(separator: " ")
    }

    @Test func agreementWithTheModelIsNamedPerVariant() {
        let mixed = text(raced: true, [result(.multi, off: 2, expired: 1, zombies: 1), result(.lua, expired: 1)])
        #expect(mixed.contains("Live sessions at the start of each round: lua matched the model's answer in every round"))
        #expect(mixed.contains("differed from the model's for multi in 2 of 3 rounds"))
        let clean = text(raced: true, [result(.multi, expired: 1), result(.lua, expired: 1)])
        #expect(clean.contains("multi and lua matched the model's answer in every round."))
        #expect(!clean.contains("differed"))
        #expect(!clean.contains("slowness"))
        let late = text(raced: true, [result(.multi, expired: 1), result(.lua, off: 1, expired: 1)], late: 2)
        #expect(late.contains("2 pairs of consecutive rounds took a TTL or more from first request to last on this machine"))
    }

    @Test func theRaceAndTheZombiesOnlyWhenCounted() {
        let raced = text(raced: true, [result(.multi, off: 1, expired: 1, zombies: 1, zombieReads: 3), result(.expire, expired: 1)])
        #expect(
            raced.contains(
                "1 slow request read a live session and touched it after its TTL had run out: the touch answered 0 (session gone) for expire 1 time, creating nothing."
            ))
        #expect(raced.contains("multi's HSET recreated 1 expired session as a zombie holding only last_seen"))
        #expect(raced.contains("served 3 times as if someone were logged in"))
        let noZombie = text(raced: true, [result(.multi, expired: 1)])
        #expect(noZombie.contains("multi recreated no session here"))
        #expect(!noZombie.contains("zombie"))
        let calm = text(raced: false, [result(.multi), result(.lua)])
        #expect(calm.contains("No slow request's session expired under it here"))
        #expect(!calm.contains("recreated"))
        #expect(!calm.contains("answered 0"))
    }

    @Test func commandsPerTouchAreTheCountedOnes() {
        let counted = text(raced: false, [result(.multi), result(.lua)])
        #expect(counted.contains("Commands per touch, counted: multi 4 and lua 1"))
        var untouched = result(.lua)
        untouched.touches = 0
        #expect(!text(raced: false, [untouched]).contains("Commands per touch"))
    }

    @Test func memorySaysWhichIsSmaller() {
        var memory = SessionMemory()
        memory.sessions = 10
        memory.hashBytes = 1200
        memory.jsonBytes = 2000
        memory.hashBytesPerSession = 120
        memory.jsonBytesPerSession = 200
        memory.hashEncoding = "listpack"
        let smallerHash = text(raced: false, [], memory: memory)
        #expect(smallerHash.contains("A session took 120 bytes as a hash (listpack) and 200 as a JSON string: the hash is 40% smaller"))
        memory.hashBytesPerSession = 250
        let smallerJSON = text(raced: false, [], memory: memory)
        #expect(smallerJSON.contains("the JSON string is 20% smaller"))
        #expect(!smallerJSON.contains("the hash is"))
        #expect(!text(raced: false, []).contains("A session took"))
    }
}

/// `sessions eviction`'s sentences, both ways.
@Suite struct SessionsEvictionExplanationTests {
    private func result(_ policy: String, out: Int, evicted: Int, refused: Int) -> SessionsEvictionResult {
        var result = SessionsEvictionResult(policy: policy, maxmemory: 1_000_000)
        result.loggedOutByEviction = out
        result.evictedKeys = evicted
        result.cacheWritesRefused = refused
        return result
    }

    private func text(_ result: SessionsEvictionResult) -> String {
        SessionsEvictionExplanation.sentence(result, users: 50)
    }

    @Test func loggedOutUsersOnlyWhenCounted() {
        #expect(
            text(result("noeviction", out: 0, evicted: 0, refused: 7))
                == "noeviction logged nobody out but refused 7 cache writes with OOM.")
        #expect(text(result("allkeys-lru", out: 0, evicted: 30, refused: 0)) == "allkeys-lru logged nobody out and refused no write.")
        #expect(
            text(result("volatile-lru", out: 50, evicted: 50, refused: 3))
                == "volatile-lru logged out 50 users of 50 (100%): only sessions have a TTL here, so every key it evicted was a session, and still refused 3 cache writes."
        )
        #expect(
            text(result("allkeys-lru", out: 2, evicted: 40, refused: 0))
                == "allkeys-lru logged out 2 users of 50 (4%), among 40 keys evicted.")
        #expect(
            text(result("allkeys-lru", out: 1, evicted: 1, refused: 0))
                == "allkeys-lru logged out 1 user of 50 (2%): every key it evicted was a session.")
    }
}
