import CReadline

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// GNU readline through its callback interface, so the REPL's own poll loop stays in
/// charge: it can cancel a command on Ctrl-C, print a pushed message above the prompt, and
/// never block inside readline. Used only when stdin is a terminal.
///
/// Readline is a C library with global state and C callbacks that capture nothing, so
/// the state they need lives in statics touched only on the REPL's thread.
enum LineEditor {
    /// A line readline finished (nil: Ctrl-D on an empty line).
    nonisolated(unsafe) private static var finished: String??
    /// Candidates for TAB: given the whole line and the word being completed.
    nonisolated(unsafe) static var completer: ((String, String) -> [String])?
    nonisolated(unsafe) private static var matches: [String] = []
    nonisolated(unsafe) private static var matchIndex = 0

    static func setUp() {
        rwb_rl_set_readline_name(strdup("rwb"))
        rwb_rl_set_catch_signals(0)  // Ctrl-C is ours (see Repl), not readline's
        rwb_rl_set_basic_word_break(strdup(" \t\n\"'"))
        rwb_rl_set_completion(attemptCompletion)
        // Bracketed paste would wrap pasted text in escape codes that transcripts then show.
        rl_variable_bind("enable-bracketed-paste", "off")
    }

    /// Shows `prompt` and starts collecting a line.
    static func begin(prompt: String) {
        finished = nil
        rl_callback_handler_install(prompt, lineHandler)
    }

    /// Feeds readline the bytes waiting on stdin; returns a finished line when there is one.
    static func readAvailable() -> String?? {
        rl_callback_read_char()
        defer { finished = nil }
        return finished
    }

    /// Ctrl-C at the prompt: drop what was typed and start again at `prompt` (the session's,
    /// not a `... ` continuation's).
    static func abandonLine(thenPrompt prompt: String) {
        rl_free_line_state()
        rl_callback_sigcleanup()
        rl_replace_line("", 0)
        rl_crlf()
        rl_callback_handler_remove()
        begin(prompt: prompt)
    }

    /// Prints text above the line being edited, then redraws prompt and line.
    static func printAbove(_ write: () -> Void) {
        let point = rwb_rl_point()
        let saved = rl_copy_text(0, rwb_rl_end()).map { text in
            defer { free(text) }
            return String(cString: text)
        } ?? ""
        rl_replace_line("", 0)
        rl_redisplay()
        rl_save_prompt()
        // Move to the start of the (now empty) prompt line and clear it.
        FileDescriptorSink.standardOutput.write("\r\u{1b}[K")
        write()
        rl_restore_prompt()
        rl_replace_line(saved, 0)
        rwb_rl_set_point(point)
        rl_forced_update_display()
    }

    static func addHistory(_ line: String) {
        add_history(line)
    }

    private static let lineHandler: @convention(c) (UnsafeMutablePointer<CChar>?) -> Void = { line in
        // Removing the handler here, not after, stops readline from drawing a new prompt
        // before the command has even run.
        rl_callback_handler_remove()
        guard let line else {
            finished = .some(nil)
            return
        }
        finished = .some(String(cString: line))
        free(line)
    }

    private static let attemptCompletion: @convention(c) (UnsafePointer<CChar>?, Int32, Int32) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = { text, _, _ in
        rwb_rl_set_attempted_over(1)  // no file-name completion as a fallback
        let word = text.map { String(cString: $0) } ?? ""
        let line = rwb_rl_line_buffer().map { String(cString: $0) } ?? ""
        matches = completer?(String(line.utf8.prefix(Int(rwb_rl_point()))) ?? line, word) ?? []
        guard !matches.isEmpty else { return nil }
        return rl_completion_matches(text, matchGenerator)
    }

    private static let matchGenerator: @convention(c) (UnsafePointer<CChar>?, Int32) -> UnsafeMutablePointer<CChar>? = { _, state in
        if state == 0 { matchIndex = 0 }
        guard matchIndex < matches.count else { return nil }
        defer { matchIndex += 1 }
        return strdup(matches[matchIndex])
    }
}
