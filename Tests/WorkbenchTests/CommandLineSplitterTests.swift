import Testing

@testable import Workbench

private func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }
private func split(_ line: String) throws(CommandLineError) -> [[UInt8]] {
    try CommandLineSplitter.split(line)
}

@Suite struct CommandLineSplitterTests {
    @Test func plainWordsSplitOnAnyWhitespace() throws {
        #expect(try split("SET foo bar") == [bytes("SET"), bytes("foo"), bytes("bar")])
        #expect(try split("  GET\tkey   ") == [bytes("GET"), bytes("key")])
        #expect(try split("a\r\nb") == [bytes("a"), bytes("b")])
    }

    @Test func emptyAndBlankLinesHaveNoArguments() throws {
        #expect(try split("") == [])
        #expect(try split("   \t  ") == [])
    }

    @Test func emptyQuotedStringsAreOneEmptyArgument() throws {
        #expect(try split("SET k \"\"") == [bytes("SET"), bytes("k"), []])
        #expect(try split("''") == [[]])
        #expect(try split("\"\" ''") == [[], []])
    }

    @Test func doubleQuotesKeepSpacesAndTranslateEscapes() throws {
        #expect(try split("\"a b\"") == [bytes("a b")])
        #expect(try split(#""\n\r\t\b\a\\\"""#) == [[0x0A, 0x0D, 0x09, 0x08, 0x07, 0x5C, 0x22]])
        #expect(try split(#""\x41\x42""#) == [bytes("AB")])
        #expect(try split(#""\xff\x00""#) == [[0xFF, 0x00]])
        #expect(try split(#""\xAf""#) == [[0xAF]])
    }

    @Test func invalidHexEscapesFallBackToTheLetter() throws {
        // As in sdssplitargs: "\x" not followed by two hex digits is "x".
        #expect(try split(#""\xZZ""#) == [bytes("xZZ")])
        #expect(try split(#""\x4""#) == [bytes("x4")])
        #expect(try split(#""\q""#) == [bytes("q")])
    }

    @Test func singleQuotesAreLiteralExceptEscapedQuote() throws {
        #expect(try split(#"'it\'s'"#) == [bytes("it's")])
        #expect(try split(#"'a\nb'"#) == [bytes(#"a\nb"#)])
        #expect(try split(#"'\x41'"#) == [bytes(#"\x41"#)])
    }

    @Test func backslashesOutsideQuotesAreLiteral() throws {
        #expect(try split(#"a\nb \x41"#) == [bytes(#"a\nb"#), bytes(#"\x41"#)])
    }

    @Test func quoteMayOpenInsideAWord() throws {
        #expect(try split(#"a"b c""#) == [bytes("ab c")])
    }

    @Test func closingQuoteMustBeFollowedBySpace() {
        #expect(throws: CommandLineError(kind: .textAfterClosingQuote, column: 6)) { try split(#""a b"c"#) }
        #expect(throws: CommandLineError(kind: .textAfterClosingQuote, column: 4)) { try split(#"'a'b"#) }
        #expect(throws: CommandLineError(kind: .textAfterClosingQuote, column: 4)) { try split(#""a"'b'"#) }
    }

    @Test func closingQuoteFollowedByVerticalTabIsFine() throws {
        // isspace() includes \v and \f after a closing quote.
        #expect(try split("\"a\"\u{0B}b") == [bytes("a"), bytes("b")])
    }

    @Test func verticalTabInsideAnUnquotedWordIsKept() throws {
        #expect(try split("a\u{0B}b") == [[0x61, 0x0B, 0x62]])
    }

    @Test func unbalancedQuotesReportTheOpeningColumn() {
        #expect(throws: CommandLineError(kind: .unbalancedQuotes, column: 7)) { try split(#"SET k "abc"#) }
        #expect(throws: CommandLineError(kind: .unbalancedQuotes, column: 1)) { try split("'abc") }
        // An escaped closing quote does not close.
        #expect(throws: CommandLineError(kind: .unbalancedQuotes, column: 1)) { try split(#""abc\""#) }
        #expect(throws: CommandLineError(kind: .unbalancedQuotes, column: 1)) { try split(#""\"#) }
    }

    @Test func columnsCountCharactersNotBytes() {
        #expect(throws: CommandLineError(kind: .unbalancedQuotes, column: 5)) { try split("été \"x") }
    }

    @Test func errorMessagesNameTheColumn() {
        #expect(
            CommandLineError(kind: .unbalancedQuotes, column: 7).message
                == "unbalanced quotes at column 7 (the quote opened there is never closed)")
        #expect(
            CommandLineError(kind: .textAfterClosingQuote, column: 6).description
                == "text right after a closing quote at column 6 (put a space after the quote)")
    }

    @Test func nulEndsTheLineAsInC() throws {
        #expect(try split("a b\u{0}c d") == [bytes("a"), bytes("b")])
    }

    @Test func utf8TextPassesThrough() throws {
        #expect(try split("SET clé \"naïve ☃\"") == [bytes("SET"), bytes("clé"), bytes("naïve ☃")])
    }

    @Test func splitStringsDecodesLossily() throws {
        #expect(try CommandLineSplitter.splitStrings(#"GET "\xff""#) == ["GET", "\u{FFFD}"])
    }

    @Test(arguments: [
        [UInt8](), bytes("plain"), bytes("a b"), bytes("it's"), bytes(#"back\slash"#), bytes("\"q\""),
        [0x00, 0xFF, 0x0A, 0x0D, 0x09, 0x07, 0x08, 0x7F], bytes("naïve"), bytes("'"),
    ])
    func quotedRoundTrips(argument: [UInt8]) throws {
        #expect(try split(CommandLineSplitter.quoted(argument)) == [argument])
    }

    @Test func quotedMatchesRedisCLIRepr() {
        #expect(CommandLineSplitter.quoted(bytes("foo")) == "foo")
        #expect(CommandLineSplitter.quoted(bytes("a b")) == #""a b""#)
        #expect(CommandLineSplitter.quoted([0x61, 0x0A, 0xFF]) == #""a\n\xff""#)
        #expect(CommandLineSplitter.quoted([]) == #""""#)
    }

    @Test func matchesRedisCLIOnRecordedCases() {
        var mismatches: [String] = []
        for (line, expected) in redisCLISplitCases {
            let actual = try? split(line)
            if actual != expected { mismatches.append(line.debugDescription) }
        }
        #expect(mismatches.isEmpty, "differs from redis-cli on \(mismatches)")
        #expect(redisCLISplitCases.count > 300)
    }
}

@Suite struct LineAccumulatorTests {
    @Test func ordinaryLinesAreCompleteAtOnce() {
        var acc = LineAccumulator()
        #expect(acc.add("GET k") == "GET k")
        #expect(!acc.isContinuing)
    }

    @Test func trailingBackslashContinuesAndKeepsTheNewline() {
        var acc = LineAccumulator()
        #expect(acc.add(#"EVAL "local x = 1\"#) == nil)
        #expect(acc.isContinuing)
        #expect(acc.add(#"return x\"#) == nil)
        #expect(acc.add(#"" 0"#) == "EVAL \"local x = 1\nreturn x\n\" 0")
        #expect(!acc.isContinuing)
    }

    @Test func joinedLuaSplitsIntoOneScriptArgument() throws {
        var acc = LineAccumulator()
        _ = acc.add(#"EVAL "-- comment\"#)
        let joined = acc.add(#"return 1" 0"#)
        let line = try #require(joined)
        #expect(try CommandLineSplitter.splitStrings(line) == ["EVAL", "-- comment\nreturn 1", "0"])
    }

    @Test func escapedBackslashDoesNotContinue() {
        var acc = LineAccumulator()
        #expect(acc.add(#"SET k "a\\"#) == #"SET k "a\\"#)
        #expect(acc.add(#"x \\\"#) == nil)
    }

    @Test func backslashFollowedBySpaceDoesNotContinue() {
        var acc = LineAccumulator()
        #expect(acc.add(#"SET k v\ "#) == #"SET k v\ "#)
    }

    @Test func unbalancedQuotesDoNotContinue() {
        var acc = LineAccumulator()
        #expect(acc.add(#"SET k "abc"#) == #"SET k "abc"#)
    }

    @Test func finishFlushesAPendingLine() {
        var acc = LineAccumulator()
        #expect(acc.finish() == nil)
        _ = acc.add(#"PING\"#)
        #expect(acc.finish() == "PING")
        #expect(!acc.isContinuing)
    }

    @Test func resetDropsThePendingLine() {
        var acc = LineAccumulator()
        _ = acc.add(#"SET k \"#)
        acc.reset()
        #expect(acc.add("GET k") == "GET k")
    }
}
