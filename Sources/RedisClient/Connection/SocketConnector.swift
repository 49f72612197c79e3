// Linux only, as the package is (MSG_NOSIGNAL, SOCK_NONBLOCK).
import Glibc

/// Opens a non-blocking stream socket to a Redis address within a time limit, for
/// `BlockingConnection`. Failures carry the system's words, as redis-cli prints them
/// ("Connection refused", "Name or service not known", "Connection timed out").
enum SocketConnector {
    struct Failure: Error {
        let reason: String
    }

    static func connect(_ address: ConnectionOptions.Address, timeout: Duration) throws(Failure) -> Int32 {
        let deadline = ContinuousClock.now + timeout
        switch address {
        case .unix(let path):
            var unix = sockaddr_un()
            unix.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &unix.sun_path) { raw in
                for (index, byte) in path.utf8.prefix(raw.count - 1).enumerated() { raw[index] = byte }
            }
            return try withUnsafeBytes(of: &unix) { raw throws(Failure) in
                try connect(family: AF_UNIX, to: raw, deadline: deadline)
            }
        case .tcp(let host, let port):
            var hints = addrinfo()
            hints.ai_family = AF_UNSPEC
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
            hints.ai_flags = AI_NUMERICSERV
            var list: UnsafeMutablePointer<addrinfo>?
            let status = getaddrinfo(host, String(port), &hints, &list)
            guard status == 0, let first = list else { throw Failure(reason: String(cString: gai_strerror(status))) }
            defer { freeaddrinfo(first) }
            // Each address in turn, as redis-cli does; the last failure is the one reported.
            var lastFailure = Failure(reason: String(cString: strerror(ECONNREFUSED)))
            var entry: UnsafeMutablePointer<addrinfo>? = first
            while let info = entry?.pointee {
                entry = info.ai_next
                guard let address = info.ai_addr else { continue }
                do {
                    return try connect(
                        family: info.ai_family, to: UnsafeRawBufferPointer(start: address, count: Int(info.ai_addrlen)), deadline: deadline)
                } catch {
                    lastFailure = error
                }
            }
            throw lastFailure
        }
    }

    private static func connect(family: Int32, to address: UnsafeRawBufferPointer, deadline: ContinuousClock.Instant) throws(Failure)
        -> Int32
    {
        let socket = Glibc.socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard socket >= 0 else { throw Failure(reason: String(cString: strerror(errno))) }
        if family != AF_UNIX {
            var on: Int32 = 1
            _ = setsockopt(socket, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
        }
        let started = address.withMemoryRebound(to: sockaddr.self) { Glibc.connect(socket, $0.baseAddress, socklen_t(address.count)) }
        if started == 0 { return socket }
        var code = errno
        if code == EINPROGRESS {
            let ready: Bool
            do {
                ready = try wait(for: Int16(POLLOUT), on: socket, until: deadline)
            } catch {
                close(socket)
                throw error
            }
            if ready {
                var length = socklen_t(MemoryLayout<Int32>.size)
                if getsockopt(socket, SOL_SOCKET, SO_ERROR, &code, &length) != 0 { code = errno }
                if code == 0 { return socket }
            } else {
                code = ETIMEDOUT
            }
        }
        close(socket)
        throw Failure(reason: String(cString: strerror(code)))
    }

    /// Waits until `socket` is ready for `events` (or has failed, which the next call on it
    /// reports): true, or false when `deadline` passes first. nil waits for ever.
    static func wait(for events: Int16, on socket: Int32, until deadline: ContinuousClock.Instant?) throws(Failure) -> Bool {
        var poller = pollfd(fd: socket, events: events, revents: 0)
        while true {
            var milliseconds: Int32 = -1
            if let deadline {
                let (seconds, attoseconds) = (deadline - ContinuousClock.now).components
                let left = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
                guard left > 0 else { return false }
                milliseconds = Int32(clamping: left)
            }
            let ready = poll(&poller, 1, milliseconds)
            if ready > 0 { return true }
            if ready < 0 && errno != EINTR { throw Failure(reason: String(cString: strerror(errno))) }
        }
    }
}
