import Hummingbird

/// The API. `table` lists every route so a test can hold the OpenAPI file to it.
struct Routes {
    let server: CoordinatorServer

    static let table: [(method: String, path: String)] = [
        ("POST", "/v1/records"), ("POST", "/v1/tasks"), ("POST", "/v1/work"), ("POST", "/v1/tokens"),
        ("GET", "/v1/snapshot"), ("GET", "/v1/feed"), ("GET", "/v1/status"), ("GET", "/metrics"), ("GET", "/healthz"),
    ]

    func register(on router: Router<CoordinatorContext>) {
        router.post("/v1/records") { request, context in try await records(request, context) }
        router.post("/v1/tasks") { request, context in try await tasks(request, context) }
        router.post("/v1/work") { request, context in try await work(request, context) }
        router.post("/v1/tokens") { request, context in try await issueToken(request, context) }
        router.get("/v1/snapshot") { request, context in try await snapshot(request, context) }
        router.get("/v1/feed") { request, context in try await feed(request, context) }
        router.get("/v1/status") { request, context in try await status(request, context) }
        router.get("/metrics") { request, context in try await metrics(request, context) }
        router.get("/healthz") { _, _ in
            guard let failure = server.committer.failure else { return Response(status: .ok, body: .init(byteBuffer: .init(string: "ok\n"))) }
            return Response(status: .serviceUnavailable, body: .init(byteBuffer: .init(string: failure + "\n")))
        }
    }

    /// The routes as `METHOD path` strings (for the OpenAPI check).
    public static var listed: [String] { table.map { "\($0.method) \($0.path)" } }
}

extension CoordinatorServer {
    /// The routes this server registers, as `METHOD path`.
    public static var routes: [String] { Routes.listed }
}
