import HTTPTypes
import Hummingbird
import NIOCore
import RESP
import RedisClient
import RedisREST

/// The bodies and statuses the endpoint answers with. A Redis error reply is 400, as the
/// Upstash SDKs expect; a batch is 200 with each command's answer in its place.
enum KVAnswer {
    /// How the client asked for replies: JSON (`Upstash-Encoding: base64` for binary-safe
    /// strings) or the raw RESP2 bytes (`Upstash-Response-Format: resp2`).
    enum Format {
        case json(RESTReply.Encoding)
        case resp2

        init(_ headers: HTTPFields) {
            if headers[Self.responseFormat]?.lowercased() == "resp2" {
                self = .resp2
            } else {
                self = .json(headers[Self.encoding]?.lowercased() == "base64" ? .base64 : .plain)
            }
        }

        static let encoding = HTTPField.Name("Upstash-Encoding")!
        static let responseFormat = HTTPField.Name("Upstash-Response-Format")!
    }

    struct NoReply: Error, CustomStringConvertible {
        var description: String { "Redis sent no reply" }
    }

    static let syncToken = HTTPField.Name("Upstash-Sync-Token")!

    static func single(_ reply: RESPValue, format: Format, syncToken: Int) -> Response {
        let status: HTTPResponse.Status = reply.isError ? .badRequest : .ok
        switch format {
        case .resp2:
            return response(status, RESPEncoder.encode(reply), type: "application/octet-stream", syncToken: syncToken)
        case .json(let encoding):
            do {
                return response(status, try RESTReply.body(reply, encoding: encoding), syncToken: syncToken)
            } catch {
                return notUTF8()
            }
        }
    }

    static func batch(_ replies: [RESPValue], format: Format, syncToken: Int) -> Response {
        switch format {
        case .resp2:
            return response(.ok, RESPEncoder.encode(.array(replies)), type: "application/octet-stream", syncToken: syncToken)
        case .json(let encoding):
            var out: [UInt8] = [UInt8(ascii: "[")]
            do {
                for (index, reply) in replies.enumerated() {
                    if index > 0 { out.append(UInt8(ascii: ",")) }
                    try RESTReply.append(reply, encoding: encoding, to: &out)
                }
            } catch {
                return notUTF8()
            }
            out.append(UInt8(ascii: "]"))
            return response(.ok, out, syncToken: syncToken)
        }
    }

    /// A failure of the whole request, in the format asked for.
    static func failure(_ status: HTTPResponse.Status, _ message: String, format: Format) -> Response {
        guard case .resp2 = format else { return refusal(status, message) }
        return response(status, RESPEncoder.encode(.simpleError(message)), type: "application/octet-stream", syncToken: nil)
    }

    /// The endpoint's own refusals are always JSON: a client that asked for RESP2 may be one
    /// that does not know this endpoint, and every SDK reads `{"error"}`.
    static func refusal(_ status: HTTPResponse.Status, _ message: String) -> Response {
        response(status, RESTReply.errorBody(message), syncToken: nil)
    }

    private static func notUTF8() -> Response {
        refusal(.badRequest, "the reply holds a string that is not UTF-8, which JSON cannot carry: send Upstash-Encoding: base64")
    }

    private static func response(_ status: HTTPResponse.Status, _ body: [UInt8], type: String = "application/json", syncToken: Int?)
        -> Response
    {
        var headers: HTTPFields = [.contentType: type]
        if let syncToken { headers[Self.syncToken] = String(syncToken) }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}

/// On a cluster a transaction must keep to one slot: its commands are written to one node.
enum KVClusterCheck {
    static func crossSlot(_ commands: [RedisCommand]) -> String? {
        var slot: HashSlot?
        for command in commands {
            let this: HashSlot?
            do {
                this = try CommandSlot.of(command)
            } catch {
                return error.message
            }
            guard let this else { continue }
            if let slot, slot != this {
                return
                    "CROSSSLOT Keys in request don't hash to the same slot (on a cluster a transaction's keys must share one: use a hash tag)"
            }
            slot = this
        }
        return nil
    }
}
