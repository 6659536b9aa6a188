import Coordinator
import Foundation
import Testing

/// docs/coordinator.openapi.json names exactly the routes the server registers.
@Test func openAPIFileMatchesTheRoutes() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let data = try Data(contentsOf: root.appendingPathComponent("docs/coordinator.openapi.json"))
    let spec = try JSONSerialization.jsonObject(with: data) as? [String: Any]
    let paths = spec?["paths"] as? [String: [String: Any]] ?? [:]
    let methods: Set = ["get", "post", "put", "delete", "patch"]
    let documented = paths.flatMap { path, ops in ops.keys.filter(methods.contains).map { "\($0.uppercased()) \(path)" } }
    #expect(Set(documented) == Set(CoordinatorServer.routes))
    #expect(!documented.isEmpty)
}
