import Testing

@testable import Workbench

/// A redis-server that exits at start is reported by its own warning lines, whole.
@Suite struct ThrowawayServerReasonTests {
    @Test func theWarningLinesAreTheReason() {
        let log = """
            16437:M 04 Dec 2026 18:04:00.475 * monotonic clock: POSIX clock_gettime
            16437:M 04 Dec 2026 18:04:00.476 # Warning: Could not create server TCP listening socket *:38503: bind: Address already in use
            16437:M 04 Dec 2026 18:04:00.476 # Failed listening on port 38503 (TCP), aborting.
            """
        #expect(
            ThrowawayServer.reason(fromLog: log)
                == "Warning: Could not create server TCP listening socket *:38503: bind: Address already in use; Failed listening on port 38503 (TCP), aborting."
        )
    }

    @Test func withoutAWarningTheLastLineIsTheReason() {
        #expect(
            ThrowawayServer.reason(
                fromLog: "*** FATAL CONFIG FILE ERROR ***\n>>> 'port nope'\nBad directive or wrong number of arguments\n")
                == "Bad directive or wrong number of arguments")
        #expect(ThrowawayServer.reason(fromLog: "") == "(it wrote nothing)")
    }
}
