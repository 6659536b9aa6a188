import Feed
import Hummingbird
import NIOCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// JSON bodies: errors, per-line problems, Codable values.
enum Responses {
    static func json(_ status: HTTPResponse.Status, _ bytes: [UInt8], type: String = "application/json") -> Response {
        Response(status: status, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func encode<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return json(status, Array(try encoder.encode(value)) + [0x0A])
    }

    /// `{"error": message, "lines": [{"line": n, "reason": …}]}`.
    static func problems(_ status: HTTPResponse.Status, _ message: String, _ lines: [Intake.Problem]) -> Response {
        var w = JSONWriter()
        w.beginObject()
        w.field("error", message)
        w.key("lines")
        w.beginArray()
        for p in lines.prefix(1000) {
            w.beginObject(); w.field("line", p.line); w.field("reason", p.reason); w.endObject()
        }
        w.endArray()
        w.endObject()
        return json(status, w.bytes + [0x0A])
    }

    static func decode<T: Decodable>(_ type: T.Type, _ body: ByteBuffer) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(body.readableBytesView))
        } catch let DecodingError.keyNotFound(key, _) {
            throw HTTPError(.badRequest, message: "missing field '\(key.stringValue)'")
        } catch let DecodingError.typeMismatch(_, context) {
            throw HTTPError(.badRequest, message: "field '\(context.codingPath.map(\.stringValue).joined(separator: "."))' has the wrong type")
        } catch let DecodingError.valueNotFound(_, context) {
            throw HTTPError(.badRequest, message: "field '\(context.codingPath.map(\.stringValue).joined(separator: "."))' is null")
        } catch let DecodingError.dataCorrupted(context) {
            throw HTTPError(.badRequest, message: "invalid JSON: \(context.debugDescription)")
        } catch {
            throw HTTPError(.badRequest, message: "invalid JSON: \(error)")
        }
    }
}
