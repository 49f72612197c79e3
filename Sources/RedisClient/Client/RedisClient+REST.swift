import RESP

/// REST mode: every command is one HTTP request to `options.rest` on one keep-alive
/// connection (`RESTConnection`), answered with the same `RESPValue` a TCP connection
/// would give, errors as the same `RedisClientError` codes. There is no handshake (the
/// token travels with every request), no cluster routing and no out-of-band stream.
extension RedisClient {
    /// One command, one request. A request whose answer was lost is sent again only when it
    /// never left, or when running the command twice is harmless: the rule of the TCP path.
    func restSend(_ command: RedisCommand, to endpoint: RESTEndpoint, timeout: Duration?) async throws -> RESPValue {
        // One exchange at a time on the one connection, whoever calls (the actor lets a
        // second caller in while the first waits for its answer).
        if restBusy { await withCheckedContinuation { restWaiters.append($0) } }
        restBusy = true
        defer {
            if restWaiters.isEmpty { restBusy = false } else { restWaiters.removeFirst().resume() }
        }
        let safe = RetryPolicy.isSafeToResend(command)
        var attempt = 0
        while true {
            let request = try RESTExchange.request(command, to: endpoint, syncToken: restSyncToken)
            let connection: RESTConnection
            do {
                connection = try await openREST(endpoint)
            } catch {
                restReachable = false
                throw error
            }
            tracer?.recordHTTP(.sent) { RESTTrace.lines(request) }
            let response: RESTExchange.Response
            do {
                response = try await connection.exchange(request, timeout: timeout)
            } catch let error as RedisClientError {
                // Whatever broke the exchange (a drop, a timeout, a cancel, bytes that are not
                // HTTP) left the connection closed or closing: the next request opens another.
                if restConnection === connection { restConnection = nil }
                await connection.close()
                restReachable = false
                guard error.code == .connectionClosed, !error.mayHaveExecuted || safe, attempt < retryPolicy.maxRetries else { throw error }
                attempt += 1
                try await clock.sleep(for: retryPolicy.delay(beforeAttempt: attempt))
                continue
            }
            tracer?.recordHTTP(.received) { RESTTrace.lines(response, token: endpoint.token) }
            restReachable = true
            if let token = RESTExchange.syncToken(of: response) { restSyncToken = token }
            return try RESTExchange.reply(to: response, from: endpoint)
        }
    }

    /// The endpoint answers one command per request on `POST /`: a pipeline is its
    /// commands one after another on the same connection, replies in order.
    func restPipeline(_ commands: [RedisCommand], to endpoint: RESTEndpoint) async throws -> [RESPValue] {
        var replies: [RESPValue] = []
        replies.reserveCapacity(commands.count)
        for command in commands {
            replies.append(try await restSend(command, to: endpoint, timeout: options.commandTimeout))
        }
        return replies
    }

    /// The kept connection, or a new one when there is none or it has closed.
    private func openREST(_ endpoint: RESTEndpoint) async throws -> RESTConnection {
        if let restConnection, restConnection.isActive { return restConnection }
        restConnection = nil
        let fresh = try await RESTConnection.connect(endpoint, options: options, group: group)
        restConnection = fresh
        return fresh
    }
}
