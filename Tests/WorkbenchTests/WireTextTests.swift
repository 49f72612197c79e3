import RESP
import Testing

@testable import Workbench

@Suite struct WireTextTests {
    @Test func bytesAreShownWithCRLFAndBinaryVisible() {
        #expect(WireText.escaped(Array("+OK\r\n".utf8)) == "+OK\\r\\n")
        #expect(WireText.escaped([0x24, 0x31, 0x0d, 0x0a, 0xff, 0x0d, 0x0a]) == "$1\\r\\n\\xff\\r\\n")
        #expect(WireText.escaped(Array(repeating: 0x61, count: 10), limit: 4) == "aaaa… (6 more bytes)")
    }

    @Test func commandsCarryingPasswordsAreNeverTraced() {
        for secret: RedisCommand in [
            ["AUTH", "pw"], ["auth", "user", "pw"], ["HELLO", "3", "AUTH", "default", "pw"],
            ["CONFIG", "SET", "requirepass", "pw"], ["ACL", "SETUSER", "bob", ">pw"],
        ] {
            let traced = WireText.traced(RESPEncoder.encode(secret), sent: true)
            #expect(traced.hasPrefix("("), "\(secret)")
            #expect(!traced.contains("pw"), "\(secret)")
        }
        // A pipeline with one secret hides the whole write.
        let pipeline = RESPEncoder.encode(["PING"]) + RESPEncoder.encode(["AUTH", "pw"])
        #expect(!WireText.traced(pipeline, sent: true).contains("pw"))
        #expect(WireText.traced(RESPEncoder.encode(["GET", "k"]), sent: true) == "*2\\r\\n$3\\r\\nGET\\r\\n$1\\r\\nk\\r\\n")
    }
}
