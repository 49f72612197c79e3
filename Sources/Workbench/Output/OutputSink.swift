import Synchronization

#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the workbench writes what the user sees. Library code writes only through one of
/// these, so tests can capture output and the executable decides what stdout is.
public protocol OutputSink: Sendable {
    func write(_ bytes: [UInt8])
}

extension OutputSink {
    public func write(_ text: String) { write(Array(text.utf8)) }
    public func line(_ text: String) { write(Array((text + "\n").utf8)) }
}

/// A file descriptor (stdout, stderr), written unbuffered and in full.
public struct FileDescriptorSink: OutputSink {
    public let descriptor: Int32

    public static let standardOutput = FileDescriptorSink(descriptor: 1)
    public static let standardError = FileDescriptorSink(descriptor: 2)

    public init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    public func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = Glibc.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return  // a closed pipe: nobody is reading any more
                }
                offset += written
            }
        }
    }

    /// Whether the descriptor is a terminal (redis-cli picks TTY or raw output this way).
    public var isTerminal: Bool { isatty(descriptor) == 1 }
}

/// Collects output in memory (tests, transcripts, pushes waiting for the REPL).
public final class BufferSink: OutputSink {
    private let storage = Mutex<[UInt8]>([])

    public init() {}

    public func write(_ bytes: [UInt8]) {
        storage.withLock { $0 += bytes }
    }

    public var bytes: [UInt8] { storage.withLock { $0 } }

    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Everything written so far, removed.
    public func take() -> [UInt8] {
        storage.withLock { stored in
            defer { stored.removeAll() }
            return stored
        }
    }
}

/// Discards everything (replies under `--json`, where the JSON lines are the output).
public struct NullSink: OutputSink {
    public init() {}
    public func write(_ bytes: [UInt8]) {}
}
