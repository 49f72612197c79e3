import HTTPTypes
import Hummingbird
import NIOCore
import RESP
import RedisClient
import RedisREST

/// Answers the Upstash REST protocol: `POST /` with a command as a JSON array, `/pipeline`
/// and `/multi-exec` with an array of them, path-style commands (`GET /get/k`,
/// `POST /set/k` with the value as body, `?EX=60`), and `GET /subscribe/…`, `/psubscribe/…`,
/// `/monitor` as server-sent events. Every answer is JSON (`{"result"}`/`{"error"}`) unless
/// the client asked for `Upstash-Response-Format: resp2`; no request can stop it serving
/// the others.
struct KVResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let settings: KVEndpointSettings
    let backend: KVBackend
    let stats: KVStats
    let events: KVEvents

    func respond(to request: Request, context: Context) async throws -> Response {
        stats.request()
        let query = Substring(request.uri.query ?? "")
        guard let access = KVAccess.of(request.headers, query: query, settings: settings) else {
            stats.unauthorized()
            return KVAnswer.refusal(.unauthorized, "Unauthorized")
        }
        guard request.method == .post || request.method == .get else {
            stats.refused()
            return KVAnswer.refusal(.methodNotAllowed, "only GET and POST are answered, not \(request.method.rawValue)")
        }
        let format = KVAnswer.Format(request.headers)
        let path = request.uri.path
        do {
            switch path {
            case "/", "":
                guard request.method == .post else {
                    return refuse(
                        .badRequest, "empty command: POST a JSON array to / (like [\"GET\",\"k\"]), or name it in the path (/get/k)")
                }
                let command = try RESTRequest.command(body: try await body(of: request))
                return await run(command, access: access, format: format)
            case "/pipeline", "/multi-exec":
                guard request.method == .post else { return refuse(.methodNotAllowed, "\(path) takes POST") }
                let commands = try RESTRequest.batch(body: try await body(of: request), limit: settings.maxBatch)
                return path == "/pipeline"
                    ? await pipeline(commands, access: access, format: format) : await transaction(commands, access: access, format: format)
            default:
                if let stream = KVEvents.Stream(path: path) {
                    return await events.respond(stream, access: access, stats: stats)
                }
                let body = request.method == .post ? try await self.body(of: request) : []
                let command = try RESTRequest.command(path: path, query: String(query), body: body)
                return await run(command, access: access, format: format)
            }
        } catch let refusal as RESTRequest.Refusal {
            return refuse(.badRequest, refusal.message)
        } catch is BodyTooLarge {
            return refuse(.contentTooLarge, "the body is larger than \(settings.maxBodyBytes) bytes (--max-body)")
        }
    }

    private struct BodyTooLarge: Error {}

    private func body(of request: Request) async throws -> [UInt8] {
        do {
            let buffer = try await request.body.collect(upTo: settings.maxBodyBytes)
            return Array(buffer.readableBytesView)
        } catch is NIOTooManyBytesError {
            throw BodyTooLarge()
        }
    }

    private func refuse(_ status: HTTPResponse.Status, _ message: String) -> Response {
        stats.refused()
        return KVAnswer.refusal(status, message)
    }

    /// Why this command may not run here, checked before anything is sent.
    private func refusal(_ command: RedisCommand, access: KVAccess, inTransaction: Bool) -> (HTTPResponse.Status, String)? {
        if let reason = RESTCommandRules.refusal(command, inTransaction: inTransaction) {
            return (.badRequest, "ERR \(reason)")
        }
        if case .readOnly = access, let reason = RESTCommandRules.readOnlyRefusal(command) { return (.forbidden, reason) }
        return nil
    }

    private func run(_ command: RedisCommand, access: KVAccess, format: KVAnswer.Format) async -> Response {
        if let (status, message) = refusal(command, access: access, inTransaction: false) { return refuse(status, message) }
        do {
            let reply = try await backend.send(command)
            stats.commands(1)
            if reply.isError { stats.errorReply() }
            return KVAnswer.single(reply, format: format, syncToken: stats.commandsRun)
        } catch {
            return clientFailure(error)
        }
    }

    /// `/pipeline`: the commands in order on one connection, each answered in its place; a
    /// refused one is an error in its place and the others run.
    private func pipeline(_ commands: [RedisCommand], access: KVAccess, format: KVAnswer.Format) async -> Response {
        var answers = [RESPValue?](repeating: nil, count: commands.count)
        var sent: [RedisCommand] = []
        var sentIndices: [Int] = []
        for (index, command) in commands.enumerated() {
            if let (_, message) = refusal(command, access: access, inTransaction: false) {
                answers[index] = .simpleError(message)
            } else {
                sent.append(command)
                sentIndices.append(index)
            }
        }
        do {
            let replies = sent.isEmpty ? [] : try await backend.pipeline(sent)
            stats.commands(sent.count)
            for (index, reply) in zip(sentIndices, replies) { answers[index] = reply }
        } catch {
            return clientFailure(error)
        }
        let all = answers.map { $0 ?? .simpleError("ERR no reply") }
        for reply in all where reply.isError { stats.errorReply() }
        return KVAnswer.batch(all, format: format, syncToken: stats.commandsRun)
    }

    /// `/multi-exec`: MULTI, the commands, EXEC, written as one pipeline on one connection.
    /// A refused command refuses the whole transaction (none of it runs); a command Redis
    /// refuses while queueing aborts it (EXECABORT, 400); an error while it runs is that
    /// command's answer, as EXEC gives it.
    private func transaction(_ commands: [RedisCommand], access: KVAccess, format: KVAnswer.Format) async -> Response {
        for (index, command) in commands.enumerated() {
            if let (status, message) = refusal(command, access: access, inTransaction: true) {
                return refuse(status, "\(message) (command \(index + 1) of the transaction; none of it ran)")
            }
        }
        if backend.options.cluster == .on, let message = KVClusterCheck.crossSlot(commands) { return refuse(.badRequest, message) }
        do {
            let replies = try await backend.pipeline([["MULTI"]] + commands + [["EXEC"]])
            stats.commands(commands.count + 2)
            guard let exec = replies.last else { return clientFailure(KVAnswer.NoReply()) }
            if let message = exec.errorMessage {
                // EXECABORT: say which command Redis refused while queueing.
                let queued = replies.dropFirst().dropLast()
                let reason =
                    zip(queued.indices, queued).first { $0.1.isError }.map { " (command \($0.0): \($0.1.errorMessage ?? ""))" } ?? ""
                stats.errorReply()
                return KVAnswer.failure(.badRequest, message + reason, format: format)
            }
            guard let results = exec.elements else {
                return KVAnswer.failure(.badRequest, "the transaction was not run (EXEC answered nil)", format: format)
            }
            for reply in results where reply.isError { stats.errorReply() }
            return KVAnswer.batch(results, format: format, syncToken: stats.commandsRun)
        } catch {
            return clientFailure(error)
        }
    }

    private func clientFailure(_ error: any Error) -> Response {
        let message: String
        // The client refused it before sending (a cluster command across slots): the
        // request's fault, not Redis's absence.
        if let failure = error as? RedisClientError, failure.code == .crossSlot { return refuse(.badRequest, failure.message) }
        if let failure = error as? RedisClientError {
            message =
                failure.mayHaveExecuted
                ? "the connection to Redis was lost before the reply: the command may have run" : failure.message
        } else {
            message = "\(error)"
        }
        return KVAnswer.refusal(.serviceUnavailable, message)
    }
}
