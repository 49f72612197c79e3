/// What `.trace` and `--verbose` show of an HTTP exchange: the request line, the headers,
/// the body, then the status line, headers and body of the response, one text line each.
///
/// The `Authorization` header is always shown as `Bearer ****`: a trace is something people
/// paste into tickets. Bodies are shown as `WireText` shows RESP (CR and LF visible, other
/// bytes outside printable ASCII as `\xHH`), cut after 4096 bytes; a JSON body keeps its
/// backslashes as they are, since JSON has already escaped its line breaks.
enum RESTTrace {
    static func lines(_ request: RESTExchange.Request) -> [String] {
        var lines = ["\(request.method) \(request.target) HTTP/1.1"]
        for header in request.headers {
            let value = header.name.lowercased() == "authorization" ? "Bearer ****" : header.value
            lines.append("\(header.name): \(value)")
        }
        if !request.body.isEmpty { lines += ["", escaped(request.body, json: true)] }
        return lines
    }

    static func lines(_ response: RESTExchange.Response, token: String?) -> [String] {
        var lines = ["HTTP/1.1 \(response.status) \(response.reason)"]
        for header in response.headers {
            lines.append(RESTExchange.scrubbed("\(header.name): \(header.value)", token: token))
        }
        if !response.body.isEmpty {
            let json = response.body.first == UInt8(ascii: "{")
            lines += ["", RESTExchange.scrubbed(escaped(response.body, json: json), token: token)]
        }
        return lines
    }

    static func escaped(_ bytes: [UInt8], json: Bool, limit: Int = 4096) -> String {
        var text = ""
        for byte in bytes.prefix(limit) {
            switch byte {
            case UInt8(ascii: "\r"): text += "\\r"
            case UInt8(ascii: "\n"): text += "\\n"
            case UInt8(ascii: "\\") where !json: text += "\\\\"
            case 0x20...0x7E: text.unicodeScalars.append(Unicode.Scalar(byte))
            default: text += "\\x" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16)
            }
        }
        if bytes.count > limit { text += "… (\(bytes.count - limit) more bytes)" }
        return text
    }
}
