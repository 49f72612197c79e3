import Dispatch

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// A pipe the REPL's poll loop watches, so that other threads (a finished command, a pushed
/// message, a signal) can wake it without touching readline from another thread.
final class WakePipe: @unchecked Sendable {
    // @unchecked: the descriptors never change after init; write(2) is thread-safe.
    let readEnd: Int32
    let writeEnd: Int32

    init() {
        var fds: [Int32] = [0, 0]
        pipe(&fds)
        readEnd = fds[0]
        writeEnd = fds[1]
        _ = fcntl(readEnd, F_SETFL, fcntl(readEnd, F_GETFL) | O_NONBLOCK)
        _ = fcntl(writeEnd, F_SETFL, fcntl(writeEnd, F_GETFL) | O_NONBLOCK)
    }

    deinit {
        close(readEnd)
        close(writeEnd)
    }

    func wake(_ byte: UInt8) {
        var value = byte
        _ = write(writeEnd, &value, 1)
    }

    /// Bytes written since the last drain (each says why we were woken).
    func drain() -> [UInt8] {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64)
        while true {
            let count = read(readEnd, &buffer, buffer.count)
            if count <= 0 { break }
            bytes += buffer[0..<count]
        }
        return bytes
    }
}

/// Turns SIGINT (and friends) into bytes on a wake pipe, via Dispatch rather than a raw
/// signal handler, so the handling code may do anything.
final class SignalWatcher: @unchecked Sendable {
    private var sources: [DispatchSourceSignal] = []

    init(signals: [Int32], queue: DispatchQueue = .global(), handler: @escaping @Sendable (Int32) -> Void) {
        for number in signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { handler(number) }
            source.resume()
            sources.append(source)
        }
    }

    func cancel() {
        sources.forEach { $0.cancel() }
    }
}
