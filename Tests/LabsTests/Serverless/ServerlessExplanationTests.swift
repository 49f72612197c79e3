import Testing

@testable import Labs
@testable import Workbench

/// "What this shows" follows the serverless lab's numbers, both ways.
@Suite struct ServerlessExplanationTests {
    private func report(mismatches: Int = 0, restP50: Double = 0.4, wasted: Int = 10) -> ServerlessReport {
        var report = ServerlessReport(
            requests: 100, users: 10, limit: 9, valueBytes: 200, modelAllowed: 90, modelDenied: 10, modelHits: 80, modelDatabaseQueries: 10)
        func mode(_ mode: ServerlessMode, trips: Int, sent: Int, received: Int, p50: Double, wasted: Int = 0) -> ServerlessModeResult {
            var result = ServerlessModeResult(mode: mode)
            result.roundTrips = trips
            result.commands = trips
            result.bytesSent = sent
            result.bytesReceived = received
            result.latency.p50 = p50
            result.wastedReads = wasted
            return result
        }
        report.modes = [
            mode(.resp, trips: 210, sent: 10_000, received: 20_000, p50: 0.1),
            mode(.rest, trips: 210, sent: 60_000, received: 45_000, p50: restP50),
            mode(.pipeline, trips: 110, sent: 40_000, received: 30_000, p50: 0.3, wasted: wasted),
            mode(.multiExec, trips: 110, sent: 41_000, received: 30_000, p50: 0.3, wasted: wasted),
        ]
        report.modes[1].modelMismatches = mismatches
        return report
    }

    private func text(_ report: ServerlessReport) -> String { ServerlessExplanation.sentences(report).joined(separator: " ") }

    @Test func sentencesFollowTheCounts() {
        let plain = text(report())
        #expect(plain.contains("Every mode met what the model says: 90 allowed, 10 denied, 10 database queries."))
        #expect(plain.contains("1,050 bytes per user request against 300, 3.5× as many."))
        #expect(plain.contains("took 0.4 ms against 0.1 ms over RESP, 4.0× as long, on loopback"))
        #expect(plain.contains("/pipeline needed 1.1 round trips per user request against 2.1 (47.6% fewer)"))
        #expect(plain.contains("read the profile for 10 denied requests too"))
        #expect(plain.contains("/multi-exec made the same round trips as /pipeline"))
    }

    @Test func sentencesChangeWhenTheCountsDo() {
        let other = text(report(mismatches: 3, restP50: 0.1, wasted: 0))
        #expect(other.contains("rest (3 requests) met something other than the model"))
        #expect(!other.contains("Every mode met"))
        #expect(other.contains("about as long as over RESP"))
        #expect(!other.contains("read the profile for"))
    }
}
