import CEpoll
import Histogram
import RESP
import RedisClient

#if canImport(Glibc)
import Glibc
#endif

/// rwb bench's request loop on plain sockets: one thread, epoll, and for each connection a
/// batch written, its replies validated and counted (not built), then the next batch, as
/// redis-benchmark does with its preformatted buffer. On NIO the same loop spent more client
/// CPU per request than redis-benchmark at -P 1 and -P 16, most of it in the channel
/// pipeline's per-read and per-write work (handler calls, `NIOAny` casts, promises). TLS
/// connections keep the NIO driver (`ClientDriver`).
///
/// Used by one thread at a time: the one `run` is called on.
final class SocketBenchLoop: @unchecked Sendable {
    /// One connection's state.
    private final class Client {
        let socket: Int32
        var maker: BenchTest.CommandMaker
        /// Without -r every batch is the same: encoded once, written again each time.
        let fixedBatch: [UInt8]?
        /// What the socket did not take of the current batch, from `unsentOffset` on.
        var unsent: [UInt8] = []
        var unsentOffset = 0
        /// Replies still due for the batch in flight, and its size.
        var due = 0
        var batchSize = 0
        var sentAt = Duration.zero
        /// Bytes received; those from `readIndex` on are not validated yet.
        var received: [UInt8] = []
        var readIndex = 0
        var decoder = RESPDecoder()
        var firstError: String?

        init(socket: Int32, maker: BenchTest.CommandMaker, pipeline: Int, fixed: Bool) {
            self.socket = socket
            self.maker = maker
            var batch: [UInt8] = []
            for _ in 0..<pipeline where fixed { RESPEncoder.appendCommand(self.maker.next(), to: &batch) }
            fixedBatch = fixed ? batch : nil
        }
    }

    private let clients: [Client]
    private let pipeline: Int
    /// Shared by every loop of the run; `aborted` turns non-zero when one fails, and the
    /// others stop too.
    private let counters: BenchRunner.Counters
    private let clock: any WorkClock
    private var limit = 0
    private var deadline: Duration?
    private var histogram = Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three)
    private var poller: Int32 = -1
    private let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)

    /// `sockets` are connected, non-blocking and past their handshake; the loop closes them.
    init(sockets: [(socket: Int32, test: BenchTest, seed: UInt64)], configuration: BenchRunner.Configuration,
         counters: BenchRunner.Counters, clock: any WorkClock) {
        clients = sockets.map {
            Client(socket: $0.socket, maker: BenchTest.CommandMaker($0.test, keyspace: configuration.keyspace, seed: $0.seed),
                   pipeline: configuration.pipeline, fixed: configuration.keyspace == nil)
        }
        pipeline = configuration.pipeline
        self.counters = counters
        self.clock = clock
    }

    deinit {
        for client in clients { close(client.socket) }
        if poller >= 0 { close(poller) }
        scratch.deallocate()
    }

    /// Runs every connection until `limit` requests are claimed (or `deadline` passes) and
    /// its last batch is answered; returns the latencies. Blocks the calling thread.
    func run(deadline: Duration?, limit: Int) throws -> Histogram<UInt64> {
        self.deadline = deadline
        self.limit = limit
        do {
            try runLoop()
            return histogram
        } catch {
            counters.aborted.add(1)
            throw error
        }
    }

    private func runLoop() throws {
        poller = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard poller >= 0 else { throw RedisClientError(.connectionClosed, "epoll_create1: \(String(cString: strerror(errno)))") }
        for (index, client) in clients.enumerated() {
            try watch(client, index: index, operation: EPOLL_CTL_ADD, writable: false)
        }
        var running = 0
        for (index, client) in clients.enumerated() {
            if try startBatch(client, index: index) { running += 1 }
        }
        var events = [epoll_event](repeating: epoll_event(), count: 64)
        while running > 0 {
            if counters.aborted.value > 0 { return }  // another loop failed; its error is the run's
            // A bounded wait, so a stopped run is noticed even when nothing arrives.
            let ready = epoll_wait(poller, &events, Int32(events.count), 100)
            if ready < 0 {
                if errno == EINTR { continue }
                throw RedisClientError(.connectionClosed, "epoll_wait: \(String(cString: strerror(errno)))")
            }
            for event in events[0..<Int(ready)] {
                let index = Int(event.data.u64)
                let client = clients[index]
                if event.events & EPOLLOUT.rawValue != 0 { try flush(client, index: index) }
                if event.events & (EPOLLIN.rawValue | EPOLLHUP.rawValue | EPOLLERR.rawValue) != 0 {
                    if try !readable(client, index: index) { running -= 1 }
                }
            }
        }
    }

    /// Claims and writes the client's next batch; false when there is nothing left to do.
    private func startBatch(_ client: Client, index: Int) throws -> Bool {
        // The first batch goes whatever the clock says: a loop whose thread started late (on
        // a busy machine) still measures something.
        if let deadline, client.batchSize > 0, clock.now >= deadline { return false }
        let first = counters.claimed.add(pipeline)
        guard first < limit else { return false }
        let count = min(pipeline, limit - first)
        let batch: [UInt8]
        if let fixed = client.fixedBatch, count == pipeline {
            batch = fixed
        } else {
            // With -r, or the last, shorter batch.
            var bytes: [UInt8] = []
            for _ in 0..<count { RESPEncoder.appendCommand(client.maker.next(), to: &bytes) }
            batch = bytes
        }
        client.due = count
        client.batchSize = count
        client.firstError = nil
        client.sentAt = clock.now
        let written = batch.withUnsafeBytes { send(client.socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        if written == batch.count { return true }
        guard written >= 0 || errno == EAGAIN || errno == EINTR else { throw RedisClientError.connectionClosed(mayHaveExecuted: false) }
        // The socket's buffer is full: the rest goes when epoll says it is writable.
        client.unsent = batch
        client.unsentOffset = max(written, 0)
        try watch(client, index: index, operation: EPOLL_CTL_MOD, writable: true)
        return true
    }

    private func flush(_ client: Client, index: Int) throws {
        guard client.unsentOffset < client.unsent.count else { return }
        let written = client.unsent.withUnsafeBytes { all in
            send(client.socket, all.baseAddress! + client.unsentOffset, all.count - client.unsentOffset, Int32(MSG_NOSIGNAL))
        }
        if written < 0 {
            guard errno == EAGAIN || errno == EINTR else { throw RedisClientError.connectionClosed(mayHaveExecuted: true) }
            return
        }
        client.unsentOffset += written
        if client.unsentOffset == client.unsent.count {
            client.unsent = []
            client.unsentOffset = 0
            try watch(client, index: index, operation: EPOLL_CTL_MOD, writable: false)
        }
    }

    /// Reads what arrived and counts the replies in it; once the batch is answered, records
    /// it and starts the next. False when the client has finished.
    private func readable(_ client: Client, index: Int) throws -> Bool {
        let count = recv(client.socket, scratch.baseAddress, scratch.count, 0)
        if count == 0 { throw RedisClientError.connectionClosed(mayHaveExecuted: true) }
        if count < 0 {
            guard errno == EAGAIN || errno == EINTR else { throw RedisClientError.connectionClosed(mayHaveExecuted: true) }
            return true
        }
        client.received.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[0..<count]))
        do {
            while client.due > 0, client.readIndex < client.received.count {
                let type = client.received[client.readIndex]
                // Errors are read for their message (the run stops with the first) and RESP3
                // pushes are out-of-band, not replies; everything else is only validated.
                if type == UInt8(ascii: "-") || type == UInt8(ascii: "!") || type == UInt8(ascii: ">") {
                    guard let (value, used) = try client.decoder.decode(client.received, from: client.readIndex) else { break }
                    client.readIndex += used
                    if type == UInt8(ascii: ">") { continue }
                    if client.firstError == nil { client.firstError = value.errorMessage }
                } else {
                    guard let used = try client.decoder.skip(client.received, from: client.readIndex) else { break }
                    client.readIndex += used
                }
                client.due -= 1
            }
        } catch {
            throw RedisClientError.malformedReply(error)
        }
        if client.readIndex == client.received.count {
            client.received.removeAll(keepingCapacity: true)
            client.readIndex = 0
        } else if client.readIndex > 0 {
            client.received.removeFirst(client.readIndex)
            client.readIndex = 0
        }
        guard client.due == 0 else { return true }
        let micros = UInt64(max(0, (clock.now - client.sentAt).microseconds))
        _ = histogram.record(micros, count: UInt64(client.batchSize))
        counters.completed.add(client.batchSize)
        if let error = client.firstError { throw RedisServerError(error) }
        return try startBatch(client, index: index)
    }

    private func watch(_ client: Client, index: Int, operation: Int32, writable: Bool) throws {
        var event = epoll_event()
        event.events = EPOLLIN.rawValue | (writable ? EPOLLOUT.rawValue : 0)
        event.data.u64 = UInt64(index)
        guard epoll_ctl(poller, operation, client.socket, &event) == 0 else {
            throw RedisClientError(.connectionClosed, "epoll_ctl: \(String(cString: strerror(errno)))")
        }
    }
}
