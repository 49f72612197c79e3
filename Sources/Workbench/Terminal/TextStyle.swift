#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// How text output may look: its width, and whether Unicode blocks may be drawn (a
/// terminal) or only plain ASCII (a pipe, a file, a CI log).
public struct TextStyle: Sendable {
    public var width: Int
    public var unicode: Bool
    /// Tables wider than this are stacked, a block per row (a terminal's width); nil for a
    /// pipe or a file, whose readers parse the columns as they are.
    public var tableWidth: Int?

    public init(width: Int, unicode: Bool, tableWidth: Int? = nil) {
        self.width = width
        self.unicode = unicode
        self.tableWidth = tableWidth
    }

    public static let plain = TextStyle(width: 100, unicode: false)

    /// The style for a file descriptor: its terminal's width (or COLUMNS), Unicode on a
    /// terminal whose locale speaks UTF-8.
    public static func detect(descriptor: Int32, environment: [String: String]) -> TextStyle {
        guard isatty(descriptor) == 1 else { return plain }
        var size = winsize()
        var width = 80
        if ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
            width = Int(size.ws_col)
        } else if let columns = environment["COLUMNS"].flatMap({ Int($0) }), columns > 0 {
            width = columns
        }
        let locale = environment["LC_ALL"] ?? environment["LC_CTYPE"] ?? environment["LANG"] ?? ""
        let utf8 = locale.uppercased().contains("UTF-8") || locale.uppercased().contains("UTF8")
        return TextStyle(width: max(40, width), unicode: utf8, tableWidth: max(40, width))
    }
}
