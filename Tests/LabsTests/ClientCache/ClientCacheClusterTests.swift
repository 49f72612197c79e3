import TestSupport
import Testing

@testable import Workbench

/// On a cluster the lab refuses to run, saying why, rather than track one master's keys and
/// miss the others' invalidations.
@Suite(.needsRedis) struct ClientCacheClusterTests {
    @Test func aClusterIsRefusedWithTheReason() async throws {
        try await ClusterFixture.withCluster { cluster in
            let run = await LabRun.run(".lab client-cache --quick", options: cluster.options)
            #expect(run.result.failure?.message.contains("CLIENT TRACKING is per node") == true, "\(run.errors)")
            #expect(run.report == nil)
        }
    }
}
