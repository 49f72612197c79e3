/// The lessons that ship in the binary, in the order a student takes them. Each is the
/// text of a lesson file (`Lessons/`), parsed once; a built-in lesson that does not parse
/// is a bug that `LessonParserTests` and `rwb learn` report rather than hide.
public enum LessonCatalog {
    static let texts: [(file: String, text: String)] = [
        ("strings.lesson", Lessons.strings),
        ("hashes.lesson", Lessons.hashes),
        ("cache-aside.lesson", Lessons.cacheAside),
        ("ratelimit.lesson", Lessons.rateLimit),
        ("memory.lesson", Lessons.memory),
        ("leaderboard.lesson", Lessons.leaderboard),
        ("lock.lesson", Lessons.lock),
        ("queue.lesson", Lessons.queue),
        ("sessions.lesson", Lessons.sessions),
        ("pubsub.lesson", Lessons.pubsub),
        ("client-cache.lesson", Lessons.clientCache),
        ("cluster.lesson", Lessons.cluster),
    ]

    private static let parsed: [(result: Result<Lesson, LessonProblem>, text: String)] = texts.map {
        (LessonParser.parse($0.text, file: $0.file), $0.text)
    }

    public static let lessons: [Lesson] = parsed.compactMap { try? $0.result.get() }

    /// Why a built-in lesson does not parse: empty unless a lesson file is broken.
    public static let problems: [String] = parsed.compactMap {
        if case .failure(let problem) = $0.result { return problem.description }
        return nil
    }

    public static func named(_ name: String) -> Lesson? {
        lessons.first { $0.name == name.lowercased() }
    }

    /// A lesson's text, for `rwb learn --export NAME` (a start for a teacher's own).
    public static func text(of name: String) -> String? {
        parsed.first { (try? $0.result.get())?.name == name.lowercased() }?.text
    }
}

/// The built-in lesson files, one per file in `Lessons/`.
enum Lessons {}
