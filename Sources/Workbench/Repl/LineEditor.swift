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
    /// Show redis-cli's grey argument hints after the cursor (off on dumb terminals).
    nonisolated(unsafe) static var hintsEnabled = false
    /// Width of the hint on screen now, which readline does not know about, and the
    /// column it starts at.
    nonisolated(unsafe) private static var hintWidth = 0
    nonisolated(unsafe) private static var hintColumn = 0
    nonisolated(unsafe) private static var promptWidth = 0

    static func setUp() {
        rwb_rl_set_readline_name(strdup("rwb"))
        rwb_rl_set_catch_signals(0)  // Ctrl-C is ours (see Repl), not readline's
        rwb_rl_set_basic_word_break(strdup(" \t\n\"'"))
        rwb_rl_set_completion(attemptCompletion)
        if hintsEnabled { rwb_rl_set_redisplay(redisplayWithHint) }
        // Bracketed paste would wrap pasted text in escape codes that transcripts then show.
        rl_variable_bind("enable-bracketed-paste", "off")
    }

    /// Shows `prompt` and starts collecting a line.
    static func begin(prompt: String) {
        finished = nil
        promptWidth = prompt.count
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
        let saved =
            rl_copy_text(0, rwb_rl_end()).map { text in
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
        clearAcceptedHint()
        guard let line else {
            finished = .some(nil)
            return
        }
        finished = .some(String(cString: line))
        free(line)
    }

    /// readline's redisplay, then the hint for the line in grey, the cursor left before it.
    private static let redisplayWithHint: @convention(c) () -> Void = {
        let out = FileDescriptorSink.standardOutput
        if hintWidth > 0 {
            // Erase the old hint: it starts where the text ends, which may be right of the cursor.
            let tail = Int(rwb_rl_end() - rwb_rl_point())
            out.write("\u{1b}7" + (tail > 0 ? "\u{1b}[\(tail)C" : "") + "\u{1b}[K\u{1b}8")
            hintWidth = 0
        }
        rl_redisplay()
        guard rwb_rl_point() == rwb_rl_end(), let buffer = rwb_rl_line_buffer() else { return }
        let line = String(cString: buffer)
        guard !line.hasPrefix("."), var hint = CommandTable.hint(line: line), !hint.trimmingCharacters(in: " ").isEmpty else { return }
        // A hint must not wrap: the cursor could not come back across the line break.
        var rows: Int32 = 0
        var columns: Int32 = 0
        rl_get_screen_size(&rows, &columns)
        let room = Int(columns) - promptWidth - line.count - 1
        guard room > 0 else { return }
        if hint.count > room { hint = String(hint.prefix(room)) }
        out.write("\u{1b}[90m" + hint + "\u{1b}[0m\u{1b}[\(hint.count)D")
        hintWidth = hint.count
        hintColumn = promptWidth + line.count
    }

    /// After Enter the cursor is on the next line: erase the hint left on the line above.
    private static func clearAcceptedHint() {
        guard hintWidth > 0 else { return }
        hintWidth = 0
        let right = hintColumn > 0 ? "\u{1b}[\(hintColumn)C" : ""
        FileDescriptorSink.standardOutput.write("\u{1b}[A\r" + right + "\u{1b}[K\u{1b}[B\r")
    }

    private static let attemptCompletion:
        @convention(c) (UnsafePointer<CChar>?, Int32, Int32) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = { text, _, _ in
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
