import Labs
import Synchronization

/// A lab's progress on standard error, redrawn in place on one line: only on a terminal,
/// never in JSON mode (the runner decides), and erased when the lab ends.
final class ProgressBar: ProgressSink {
    private let sink: OutputSink
    private let style: TextStyle
    private let shown = Mutex(false)

    init(sink: OutputSink, style: TextStyle) {
        self.sink = sink
        self.style = style
    }

    func update(phase: String, done: Int, total: Int) {
        let width = max(10, min(40, style.width - phase.count - 30))
        let share = total > 0 ? min(1, Double(done) / Double(total)) : 0
        let bar = BarChart.bar(share * Double(width), unicode: style.unicode)
        let pad = String(repeating: " ", count: max(0, width - Int((share * Double(width)).rounded(.up))))
        sink.write("\r\u{1B}[K\(phase) [\(bar)\(pad)] \(done)/\(total)")
        shown.withLock { $0 = true }
    }

    /// Removes the bar, if it was drawn.
    func clear() {
        if shown.withLock({ $0 }) { sink.write("\r\u{1B}[K") }
    }
}
