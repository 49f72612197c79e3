import Labs
import ReplyFormat

/// Minimal JSON writing for the workbench's own reports (replies go through ReplyFormat).
enum JSONText {
    /// `text` as a JSON string literal, escaped as lab reports escape theirs.
    static func string(_ text: String) -> String {
        ReportValue.string(text).json()
    }
}

/// One line of `rwb run --json`.
enum JSONLine {
    static func encode(location: SourceLocation, command: String, result: LineResult) -> String {
        var fields = [
            "\"file\":\(JSONText.string(location.file))",
            "\"line\":\(location.line)",
            "\"command\":\(JSONText.string(command))",
        ]
        if let reply = result.reply {
            var bytes = ReplyFormatter(mode: .json).format(reply)
            if bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
            fields.append("\"reply\":" + String(decoding: bytes, as: UTF8.self))
        } else {
            fields.append("\"reply\":null")
        }
        fields.append("\"ok\":\(result.ok)")
        fields.append("\"ms\":\(Double(result.elapsed.microseconds) / 1000)")
        if let failure = result.failure { fields.append("\"error\":\(JSONText.string(failure.message))") }
        return "{" + fields.joined(separator: ",") + "}"
    }
}
