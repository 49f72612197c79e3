import Labs
import Testing

@testable import Workbench

/// `--stat`'s line, in redis-cli's columns, from an INFO text.
@Suite struct StatModeTests {
    @Test func bytesAreShownAsRedisCliShowsThem() {
        #expect(StatMode.humanBytes(0) == "0B")
        #expect(StatMode.humanBytes(1023) == "1023B")
        #expect(StatMode.humanBytes(1024) == "1.00K")
        #expect(StatMode.humanBytes(966_444) == "943.79K")
        #expect(StatMode.humanBytes(1_572_864) == "1.50M")
        #expect(StatMode.humanBytes(5 * 1024 * 1024 * 1024) == "5.00G")
        #expect(StatMode.humanBytes(-2048) == "-2.00K")
    }

    @Test func aLineHasRedisCliColumnsAndTheRequestsSinceTheLastLine() {
        let info = ServerInfo(
            """
            # Clients\r
            connected_clients:3\r
            blocked_clients:1\r
            # Memory\r
            used_memory:966444\r
            # Stats\r
            total_connections_received:12\r
            total_commands_processed:250\r
            # Persistence\r
            loading:0\r
            rdb_bgsave_in_progress:1\r
            aof_rewrite_in_progress:0\r
            # Keyspace\r
            db0:keys=7,expires=0,avg_ttl=0\r
            db3:keys=5,expires=1,avg_ttl=10\r

            """)
        #expect(
            StatMode.line(info, previousRequests: 240)
                == "12         943.79K  3       1       250 (+10)           12          SAVE")
        #expect(StatMode.line(info, previousRequests: nil).contains("250 (+0) "))
    }
}
