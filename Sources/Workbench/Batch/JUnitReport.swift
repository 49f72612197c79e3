/// JUnit XML for CI systems: one test case per assertion (and per failing line), grouped
/// by script file.
public struct JUnitReport: Sendable {
    public struct Case: Sendable {
        var location: SourceLocation
        var text: String
        var failure: String?
        var elapsed: Duration
    }

    public var cases: [Case] = []

    public init() {}

    public mutating func add(_ more: [Case]) {
        cases += more
    }

    public var xml: String {
        var files: [String] = []
        for item in cases where !files.contains(item.location.file) { files.append(item.location.file) }
        let failures = cases.filter { $0.failure != nil }.count
        var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        text += "<testsuites name=\"rwb\" tests=\"\(cases.count)\" failures=\"\(failures)\">\n"
        for file in files {
            let inFile = cases.filter { $0.location.file == file }
            let fileFailures = inFile.filter { $0.failure != nil }.count
            text += "  <testsuite name=\"\(escape(file))\" tests=\"\(inFile.count)\" failures=\"\(fileFailures)\">\n"
            for item in inFile {
                let seconds = ReplyPrinter.seconds(item.elapsed)
                text +=
                    "    <testcase classname=\"\(escape(file))\" name=\"\(escape("line \(item.location.line): \(item.text)"))\" time=\"\(seconds)\""
                if let failure = item.failure {
                    text +=
                        ">\n      <failure message=\"\(escape(failure))\">\(escape(item.location.description)): \(escape(failure))</failure>\n    </testcase>\n"
                } else {
                    text += "/>\n"
                }
            }
            text += "  </testsuite>\n"
        }
        return text + "</testsuites>\n"
    }

    private func escape(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case _ where scalar.value < 0x20 && scalar != "\n" && scalar != "\t": result += "?"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
