import NIOCore
import NIOHTTP1

/// One request on its way, and where its response goes. Completed once; touched only on
/// the channel's event loop.
final class RESTPendingExchange: @unchecked Sendable {
    let request: RESTExchange.Request
    let promise: EventLoopPromise<RESTExchange.Response>
    /// Set by the handler when it takes charge. If the channel closed before the request
    /// reached it, nobody did, and the sender must fail it itself (nothing was sent).
    var taken = false

    init(request: RESTExchange.Request, promise: EventLoopPromise<RESTExchange.Response>) {
        self.request = request
        self.promise = promise
    }
}

/// Writes one HTTP/1.1 request at a time and gathers its response (head, body, end) into a
/// `RESTExchange.Response`, behind NIO's HTTP encoder and decoder. The connection is kept
/// for the next request unless the server says `Connection: close`.
///
/// Every way the exchange can end early has its own message: the server closed the
/// connection before answering or in the middle of its answer, sent something that is not
/// HTTP, or a body over the limit; a timeout or cancel (user events, as for
/// `RedisChannelHandler`) closes the connection.
final class RESTChannelHandler: ChannelDuplexHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundIn = RESTPendingExchange
    typealias OutboundOut = HTTPClientRequestPart

    private let endpoint: RESTEndpoint
    private let maxBodyBytes: Int
    private var pending: RESTPendingExchange?
    private var head: HTTPResponseHead?
    private var body: [UInt8] = []
    /// Why the connection is ending; every later request fails with it.
    private var closeReason: RedisClientError?

    init(endpoint: RESTEndpoint, maxBodyBytes: Int = RESTExchange.maxBodyBytes) {
        self.endpoint = endpoint
        self.maxBodyBytes = maxBodyBytes
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let exchange = unwrapOutboundIn(data)
        exchange.taken = true
        // One at a time (`RedisClient` waits for each answer): a second one would have no
        // way to tell its response from the first's.
        guard closeReason == nil, pending == nil else {
            let reason = closeReason ?? .connectionClosed(mayHaveExecuted: false)
            exchange.promise.fail(reason)
            promise?.fail(reason)
            return
        }
        pending = exchange
        head = nil
        body = []
        let request = exchange.request
        var requestHead = HTTPRequestHead(version: .http1_1, method: HTTPMethod(rawValue: request.method), uri: request.target)
        for header in request.headers { requestHead.headers.add(name: header.name, value: header.value) }
        context.write(wrapOutboundOut(.head(requestHead)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: request.body)))), promise: nil)
        context.write(wrapOutboundOut(.end(nil)), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard closeReason == nil else { return }
        switch unwrapInboundIn(data) {
        case .head(let responseHead):
            guard pending != nil else { return fail(context: context, reason: unasked) }
            if let length = responseHead.headers.first(name: "content-length").flatMap(Int.init), length > maxBodyBytes {
                return fail(context: context, reason: tooLarge)
            }
            head = responseHead
        case .body(let buffer):
            guard head != nil else { return fail(context: context, reason: unasked) }
            guard body.count + buffer.readableBytes <= maxBodyBytes else { return fail(context: context, reason: tooLarge) }
            body.append(contentsOf: buffer.readableBytesView)
        case .end:
            guard let exchange = pending, let responseHead = head else { return fail(context: context, reason: unasked) }
            pending = nil
            head = nil
            let response = RESTExchange.Response(
                status: Int(responseHead.status.code), reason: responseHead.status.reasonPhrase,
                headers: responseHead.headers.map { RESTExchange.Header($0.name, $0.value) }, body: body)
            body = []
            if !responseHead.isKeepAlive {
                // The server closes after this answer: the next request opens a new connection.
                closeReason = .connectionClosed(mayHaveExecuted: false)
                context.close(promise: nil)
            }
            exchange.promise.succeed(response)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        if let parserError = error as? HTTPParserError {
            if parserError == .invalidEOFState { return fail(context: context, reason: droppedMidReply) }
            let hint = endpoint.isSecure ? "" : " (is it an https:// endpoint?)"
            return fail(
                context: context,
                reason: RedisClientError(
                    .malformedReply, "the REST endpoint \(endpoint) answered with something that is not HTTP/1.1 (\(parserError))\(hint)",
                    mayHaveExecuted: pending != nil))
        }
        fail(context: context, reason: head == nil ? closedBeforeAnswer : droppedMidReply)
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(context: context, reason: head == nil ? closedBeforeAnswer : droppedMidReply)
        context.fireChannelInactive()
    }

    /// User events: a timeout or cancellation closes the connection with that reason.
    func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        if let reason = event as? RedisClientError {
            fail(context: context, reason: reason)
            promise?.succeed()
        } else {
            context.triggerUserOutboundEvent(event, promise: promise)
        }
    }

    private var closedBeforeAnswer: RedisClientError {
        pending == nil
            ? .connectionClosed(mayHaveExecuted: false)
            : RedisClientError(
                .connectionClosed,
                "the REST endpoint \(endpoint) closed the connection before answering: the command may or may not have run",
                mayHaveExecuted: true)
    }

    private var droppedMidReply: RedisClientError {
        RedisClientError(
            .connectionClosed,
            "the REST endpoint \(endpoint) closed the connection in the middle of its answer (after \(body.count) bytes of the body): "
                + "the command may or may not have run", mayHaveExecuted: true)
    }

    private var unasked: RedisClientError {
        RedisClientError(
            .malformedReply, "the REST endpoint \(endpoint) sent a response no request asked for", mayHaveExecuted: pending != nil)
    }

    private var tooLarge: RedisClientError {
        RedisClientError(
            .malformedReply, "the REST endpoint \(endpoint) answered with a body over \(maxBodyBytes) bytes; the connection was closed",
            mayHaveExecuted: true)
    }

    /// Closes and fails the exchange in flight with `reason` (the first reason wins).
    private func fail(context: ChannelHandlerContext, reason: RedisClientError) {
        guard closeReason == nil else { return }
        closeReason = reason
        let exchange = pending
        pending = nil
        head = nil
        body = []
        context.close(promise: nil)
        exchange?.promise.fail(reason)
    }
}
