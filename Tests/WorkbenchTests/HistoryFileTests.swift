import Foundation
import Testing

@testable import Workbench

private func temporaryDirectory() throws -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("rwb-history-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url.path
}

private func mode(_ path: String) throws -> Int {
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    return (attributes[.posixPermissions] as! NSNumber).intValue & 0o777
}

private func contents(_ path: String) throws -> String {
    try String(contentsOfFile: path, encoding: .utf8)
}

@Suite struct HistoryFileTests {
    @Test func pathResolution() {
        #expect(HistoryFile.resolvePath(environment: ["HOME": "/home/a"]) == "/home/a/.rwb_history")
        #expect(HistoryFile.resolvePath(environment: ["HOME": "/home/a/"]) == "/home/a/.rwb_history")
        #expect(HistoryFile.resolvePath(environment: ["HOME": "/home/a", "RWB_HISTFILE": "/tmp/h"]) == "/tmp/h")
        #expect(HistoryFile.resolvePath(environment: ["HOME": "/home/a", "RWB_HISTFILE": "~/h"]) == "/home/a/h")
        #expect(HistoryFile.resolvePath(environment: ["HOME": "/home/a", "RWB_HISTFILE": "/dev/null"]) == nil)
        #expect(HistoryFile.resolvePath(environment: ["HOME": "/home/a", "RWB_HISTFILE": ""]) == nil)
        #expect(HistoryFile.resolvePath(environment: [:]) == nil)
        #expect(HistoryFile.resolvePath(environment: ["HOME": ""]) == nil)
        #expect(HistoryFile.resolvePath(environment: ["RWB_HISTFILE": "relative/h"]) == "relative/h")
    }

    @Test func disabledHistoryDoesNothing() throws {
        for file in [HistoryFile(path: nil), HistoryFile(path: "/dev/null"), HistoryFile(path: "")] {
            #expect(!file.isEnabled)
            try file.append("GET k")
            #expect(file.load() == [])
        }
        #expect(!HistoryFile(environment: ["HOME": "/x", "RWB_HISTFILE": "/dev/null"]).isEnabled)
    }

    @Test func newFileIsCreatedWithMode0600() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/hist"
        let file = HistoryFile(path: path)
        try file.append("GET k")
        #expect(try mode(path) == 0o600)
        #expect(try contents(path) == "GET k\n")
    }

    @Test func existingLooseModeIsNarrowedTo0600() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/hist"
        #expect(FileManager.default.createFile(atPath: path, contents: Data("OLD\n".utf8)))
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        #expect(try mode(path) == 0o644)
        try HistoryFile(path: path).append("NEW")
        #expect(try mode(path) == 0o600)
        #expect(try contents(path) == "OLD\nNEW\n")
    }

    @Test func appendsImmediatelyLineByLine() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/hist"
        let file = HistoryFile(path: path)
        try file.append("SET a 1")
        #expect(try contents(path) == "SET a 1\n")
        // A second handle (another session) appends to the same file.
        try HistoryFile(path: path).append("GET a")
        try file.append("DEL a")
        #expect(try contents(path) == "SET a 1\nGET a\nDEL a\n")
        #expect(file.load() == ["SET a 1", "GET a", "DEL a"])
    }

    @Test func multiLineEntriesAreEscapedAndRestored() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/hist"
        let file = HistoryFile(path: path)
        let lua = "EVAL \"local x = 1\nreturn x\" 0"
        let backslashes = #"SET k "a\nb\\c\" x\"#
        try file.append(lua)
        try file.append(backslashes)
        try file.append("CR\r\nhere")
        #expect(
            try contents(path) == #"EVAL "local x = 1\nreturn x" 0"# + "\n" + #"SET k "a\\nb\\\\c\\" x\\"# + "\n" + #"CR\r\nhere"# + "\n")
        #expect(file.load() == [lua, backslashes, "CR\r\nhere"])
    }

    @Test func escapeRoundTrips() {
        for line in ["", "plain", "a\nb", #"\n"#, #"\\"#, "\\", "é\r\n☃", #"x\"#] {
            #expect(HistoryFile.unescape(HistoryFile.escape(line)) == line)
            #expect(!HistoryFile.escape(line).contains("\n"))
        }
        // Hand-edited or foreign lines: unknown escapes stay as they are.
        #expect(HistoryFile.unescape(#"a\qb\"#) == #"a\qb\"#)
    }

    @Test func loadKeepsTheMostRecentEntries() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/hist"
        let file = HistoryFile(path: path, maxEntries: 3)
        for i in 1...5 { try file.append("GET \(i)") }
        #expect(file.load() == ["GET 3", "GET 4", "GET 5"])
        #expect(HistoryFile(path: path).load().count == 5)
        #expect(HistoryFile(path: path, maxEntries: 0).load() == [])
    }

    @Test func missingFileLoadsAsEmpty() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(HistoryFile(path: dir + "/none").load() == [])
    }

    @Test func unwritableLocationThrowsWithAReadableMessage() {
        let file = HistoryFile(path: "/nonexistent-dir-rwb/hist")
        #expect {
            try file.append("GET k")
        } throws: { error in
            guard let error = error as? HistoryFileError else { return false }
            return error.operation == .open && error.description.contains("/nonexistent-dir-rwb/hist")
        }
    }

    @Test func compactKeepsTheTailWith0600() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/hist"
        let file = HistoryFile(path: path, maxEntries: 2)
        for i in 1...4 { try file.append("GET \(i)") }
        #expect(try file.compact() == false)  // not more than 2 × 2 entries
        try file.append("GET 5\nmore")
        #expect(try file.compact() == true)
        #expect(try mode(path) == 0o600)
        #expect(HistoryFile(path: path).load() == ["GET 4", "GET 5\nmore"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["hist"])
    }
}
