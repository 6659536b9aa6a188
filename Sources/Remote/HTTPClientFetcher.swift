import AsyncHTTPClient
import Importers
import NIOCore
import NIOHTTP1

/// The live sources' HTTP: async-http-client, with a cap on how much of a body is held.
/// It sets no deadline of its own: the poller bounds each request and cancels it when that passes.
public struct HTTPClientFetcher: HTTPFetching {
    /// DefiLlama's largest answer (/protocols) is about 40 MB today; a body over this is refused, not held.
    public static let maximumBody = 256 << 20
    let client: HTTPClient
    let userAgent: String

    public init(client: HTTPClient = .shared, userAgent: String = "chaintop") {
        self.client = client
        self.userAgent = userAgent
    }

    public func get(_ url: String, headers: [String: String]) async throws -> HTTPAnswer {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "User-Agent", value: userAgent)
        request.headers.add(name: "Accept", value: "application/json")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let response = try await client.execute(request, timeout: .hours(1))
        var fields: [String: String] = [:]
        for field in response.headers { fields[field.name.lowercased()] = field.value }
        let body = try await response.body.collect(upTo: Self.maximumBody)
        return HTTPAnswer(status: Int(response.status.code), headers: fields, body: Array(body.readableBytesView))
    }
}
