import Testing

@testable import Workbench

#if canImport(Glibc)
import Glibc
#endif

/// The progress file: what it keeps, what it skips, and its permissions.
struct LessonProgressTests {
    @Test func progressSurvivesARoundTripAndSkipsWhatItDoesNotKnow() {
        var progress = LessonProgress()
        var entry = LessonProgress.Entry()
        entry.step = 3
        entry.passed = [0, 1, 2]
        entry.records = ["hits": "42", "odd": "tab\there\nnewline \\ slash"]
        progress["strings"] = entry
        var done = LessonProgress.Entry()
        done.done = true
        progress["hashes"] = done
        let text = progress.text
        // A tab would split the line's fields: it is kept as a space.
        progress["strings"].records["odd"] = "tab here\nnewline \\ slash"
        #expect(LessonProgress.parse(text) == progress)
        let noisy = "garbage\nstrings\tstep\t-5\nBAD NAME\tstep\t1\nstrings\tfuture-field\tx\n" + "hashes\tstep\t99999999\n"
        let parsed = LessonProgress.parse(noisy)
        #expect(parsed["strings"].step == 0)
        #expect(parsed["hashes"].step == 10_000)
        #expect(parsed.lessons.count == 2)
    }

    @Test func theFileIsTheUsersAlone() throws {
        let directory = try POSIX.makeTemporaryDirectory(prefix: "rwb-progress")
        defer { POSIX.removeDirectory(directory) }
        let path = directory + "/data/rwb/lessons"
        var progress = LessonProgress()
        progress["strings"].step = 2
        try progress.save(to: path)
        var info = stat()
        #expect(stat(path, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)
        #expect(stat(directory + "/data/rwb", &info) == 0)
        #expect(info.st_mode & 0o777 == 0o700)
        #expect(LessonProgress.load(from: path) == progress)
        #expect(LessonProgress.load(from: directory + "/missing") == LessonProgress())
    }

    @Test func thePathFollowsTheUsersDataDirectory() {
        #expect(LessonProgress.path(environment: ["HOME": "/home/a"]) == "/home/a/.local/share/rwb/lessons")
        #expect(LessonProgress.path(environment: ["HOME": "/home/a", "XDG_DATA_HOME": "/x"]) == "/x/rwb/lessons")
        #expect(LessonProgress.path(environment: ["HOME": "/home/a", "XDG_DATA_HOME": "relative"]) == "/home/a/.local/share/rwb/lessons")
        #expect(LessonProgress.path(environment: ["RWB_LESSONS_FILE": "/t/p"]) == "/t/p")
        #expect(LessonProgress.path(environment: [:]) == nil)
    }
}
