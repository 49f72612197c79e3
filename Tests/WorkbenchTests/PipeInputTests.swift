import Testing
import Workbench

/// `--pipe`'s input framing, without a server: where each command ends, and the exact byte
/// where malformed input goes wrong.
@Suite struct PipeInputTests {
    private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func aRespCommandIsPassedOnWhole() throws {
        let input = bytes("*2\r\n$3\r\nGET\r\n$1\r\nk\r\n*1\r\n$4\r\nPING\r\n")
        #expect(try PipeInput.next(in: input, from: 0, atEnd: true) == .resp(0..<20))
        #expect(try PipeInput.next(in: input, from: 20, atEnd: true) == .resp(20..<34))
        #expect(try PipeInput.next(in: input, from: 34, atEnd: true) == .needMore)
    }

    @Test func aCommandCutShortWaitsUnlessTheInputHasEnded() throws {
        let whole = bytes("*2\r\n$3\r\nGET\r\n$1\r\nk\r\n")
        for cut in 1..<whole.count {
            let part = Array(whole[..<cut])
            #expect(try PipeInput.next(in: part, from: 0, atEnd: false) == .needMore, "cut at \(cut)")
            #expect(throws: PipeInput.Malformed.self) { try PipeInput.next(in: part, from: 0, atEnd: true) }
        }
    }

    @Test func inlineLinesAreSplitAsTheShellSplitsThem() throws {
        let input = bytes("SET k \"two words\"\r\n\nPING\n")
        #expect(
            try PipeInput.next(in: input, from: 0, atEnd: false) == .inline([bytes("SET"), bytes("k"), bytes("two words")], length: 19))
        #expect(try PipeInput.next(in: input, from: 19, atEnd: false) == .skip(1))
        #expect(try PipeInput.next(in: input, from: 20, atEnd: false) == .inline([bytes("PING")], length: 5))
        #expect(try PipeInput.next(in: bytes("PING"), from: 0, atEnd: false) == .needMore)
        #expect(try PipeInput.next(in: bytes("PING"), from: 0, atEnd: true) == .inline([bytes("PING")], length: 4))
        #expect(try PipeInput.next(in: bytes("*0\r\n"), from: 0, atEnd: true) == .skip(4))
    }

    @Test func malformedInputNamesItsByte() {
        let cases: [(String, Int, String)] = [
            ("*2\r\n$3\r\nGET\r\n:1\r\n", 13, "argument 2 of 2 should be a bulk string ('$'), found ':'"),
            ("*1\r\n$x\r\n", 5, "the bulk length should be digits then CRLF"),
            ("*1\r\n$3\r\nGETX\r\n", 11, "argument 1 of 1 is longer than its length, 3"),
            ("*-1\r\n", 1, "the argument count should be digits then CRLF"),
            ("*99999999999999999999\r\n", 1, "the argument count should be digits then CRLF"),
            ("*1\r\n$999999999999\r\n", 4, "a bulk length of 999999999999 (proto-max-bulk-len is 536870912 by default)"),
            ("SET k \"open\n", 0, "an inline command that does not split"),
        ]
        for (text, offset, reason) in cases {
            do {
                _ = try PipeInput.next(in: bytes(text), from: 0, atEnd: true)
                Issue.record("\(text.debugDescription) was accepted")
            } catch {
                #expect(error.offset == offset, "\(text.debugDescription)")
                #expect(error.reason.hasPrefix(reason), "\(text.debugDescription): \(error.reason)")
            }
        }
    }
}
