import Testing

@testable import Labs

/// The sessions model against schedules counted by hand, and the seeded schedule's shape.
@Suite struct SessionModelTests {
    @Test func aSessionLivesOneRoundPastItsLastTouch() {
        // User 0: logs in, is touched, idles a round (expires), comes back (logs in again).
        // User 1: logs in, slow request (reads the live session), its touch a round later
        // finds it expired, then logs in again and logs out.
        let schedule = SessionSchedule(intents: [
            [.request, .request],
            [.request, .slowRequest],
            [.idle, .finishSlow],
            [.request, .request],
            [.request, .logout],
        ])
        let model = SessionModel(schedule)
        // Start of round: 0 | 2 (both made in round 0) | 1 (user 1 untouched in round 1
        // expired) + user 0 touched in 1 = 1 | 0 (user 0 idle in 2) | 2 (both logged in in 3).
        #expect(model.alive == [0, 2, 1, 0, 2])
        #expect(model.logins == 4)
        #expect(model.touches == 2)
        #expect(model.expiredInUse == 1)
        #expect(model.idleExpiries == 1)
        #expect(model.logouts == 1)
    }

    @Test func aSlowRequestThatFindsNoSessionLogsInAndItsTouchFindsOne() {
        let model = SessionModel(SessionSchedule(intents: [[.slowRequest], [.finishSlow], [.idle]]))
        #expect(model.alive == [0, 1, 1])
        #expect(model.logins == 1)
        #expect(model.touches == 1)
        #expect(model.expiredInUse == 0)
    }

    @Test func theSeededScheduleRepeatsAndFinishesEverySlowRequest() {
        let one = SessionSchedule(users: 30, rounds: 20, generator: SeededGenerator(seed: 7))
        #expect(one == SessionSchedule(users: 30, rounds: 20, generator: SeededGenerator(seed: 7)))
        #expect(one != SessionSchedule(users: 30, rounds: 20, generator: SeededGenerator(seed: 8)))
        for (round, row) in one.intents.enumerated().dropLast() {
            for (user, intent) in row.enumerated() where intent == .slowRequest {
                #expect(one.intents[round + 1][user] == .finishSlow)
            }
        }
        #expect(one.intents.joined().contains(.slowRequest))
        #expect(SessionModel(one).expiredInUse > 0)
    }
}
