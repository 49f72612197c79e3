#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// How far a student got in each lesson, kept between runs in one file of the user's data
/// directory (mode 0600): `RWB_LESSONS_FILE`, else `$XDG_DATA_HOME/rwb/lessons`, else
/// `~/.local/share/rwb/lessons`. One line a fact, tab-separated and escaped as the
/// history file is: `NAME<TAB>step<TAB>3`, `NAME<TAB>passed<TAB>0 1 2`, `NAME<TAB>done`,
/// `NAME<TAB>record<TAB>hits<TAB>42`. Never a command or a password: only step numbers and
/// the values `.record` keeps.
public struct LessonProgress: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var step = 0
        public var passed: Set<Int> = []
        public var done = false
        public var records: [String: String] = [:]

        public init() {}
    }

    public var lessons: [String: Entry] = [:]

    public init() {}

    public subscript(name: String) -> Entry {
        get { lessons[name] ?? Entry() }
        set { lessons[name] = newValue }
    }

    /// `done`, `step 3 of 7`, or `not started`, for `rwb learn`'s list.
    public func status(of lesson: Lesson) -> String {
        guard let entry = lessons[lesson.name] else { return "not started" }
        if entry.done { return "done" }
        return "in progress: step \(min(entry.step, lesson.steps.count - 1) + 1) of \(lesson.steps.count)"
    }

    // MARK: - The file

    public static func path(environment: [String: String]) -> String? {
        if let path = environment["RWB_LESSONS_FILE"], !path.isEmpty { return path }
        if let data = environment["XDG_DATA_HOME"], data.hasPrefix("/") { return data + "/rwb/lessons" }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return home + "/.local/share/rwb/lessons"
    }

    /// The progress in `text`; lines it does not understand are skipped (a newer rwb's).
    static func parse(_ text: String) -> LessonProgress {
        var progress = LessonProgress()
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map { HistoryFile.unescape(String($0)) }
            guard fields.count >= 2, LessonParser.isValidName(fields[0]) else { continue }
            var entry = progress[fields[0]]
            switch (fields[1], fields.count) {
            case ("step", 3): entry.step = max(0, min(Int(fields[2]) ?? 0, 10_000))
            case ("passed", 3): entry.passed = Set(fields[2].split(separator: " ").compactMap { Int($0) }.filter { $0 >= 0 && $0 < 10_000 })
            case ("done", 2): entry.done = true
            case ("record", 4): entry.records[fields[2]] = fields[3]
            default: continue
            }
            progress[fields[0]] = entry
        }
        return progress
    }

    var text: String {
        var lines: [String] = []
        for name in lessons.keys.sorted() {
            guard let entry = lessons[name] else { continue }
            lines.append("\(name)\tstep\t\(entry.step)")
            lines.append("\(name)\tpassed\t\(entry.passed.sorted().map(String.init).joined(separator: " "))")
            if entry.done { lines.append("\(name)\tdone") }
            for (key, value) in entry.records.sorted(by: { $0.key < $1.key }) {
                lines.append("\(name)\trecord\t\(Self.field(key))\t\(Self.field(value))")
            }
        }
        return lines.map { $0 + "\n" }.joined()
    }

    private static func field(_ text: String) -> String {
        HistoryFile.escape(text).replacingAll("\t", with: " ")
    }

    /// Reads the file; a missing one is no progress.
    public static func load(from path: String) -> LessonProgress {
        guard let bytes = POSIX.readFile(path, limit: 1 << 20) else { return LessonProgress() }
        return parse(String(decoding: bytes, as: UTF8.self))
    }

    /// Writes the file whole: a temporary file of mode 0600 beside it, then renamed over it,
    /// so a crash leaves the old progress or the new one.
    public func save(to path: String) throws {
        if let slash = path.lastIndex(of: "/"), slash != path.startIndex {
            try Self.makeDirectories(String(path[..<slash]))
        }
        let temporary = "\(path).\(getpid()).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw POSIX.Failure(description: "cannot write \(temporary): \(POSIX.errorText())") }
        FileDescriptorSink(descriptor: fd).write(Array(text.utf8))
        fchmod(fd, 0o600)
        close(fd)
        guard rename(temporary, path) == 0 else {
            let reason = POSIX.errorText()
            unlink(temporary)
            throw POSIX.Failure(description: "cannot write \(path): \(reason)")
        }
    }

    /// `mkdir -p` with mode 0700: the data directory is the user's alone.
    private static func makeDirectories(_ directory: String) throws {
        var built = directory.hasPrefix("/") ? "" : "."
        for part in directory.split(separator: "/") {
            built += "/" + part
            if mkdir(built, 0o700) != 0 && errno != EEXIST {
                throw POSIX.Failure(description: "cannot create \(built): \(POSIX.errorText())")
            }
        }
    }
}
