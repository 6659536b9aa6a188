import Hummingbird

/// `POST /v1/tokens` body: `{"role": "operator", "operator": "op-1"}`, `{"role": "node", "node": "n-7"}`, …
struct TokenRequest: Decodable {
    var role: Principal.Role
    var operatorID: String?
    var node: String?
    enum CodingKeys: String, CodingKey { case role, operatorID = "operator", node }
}

struct IssuedToken: Encodable {
    var token: String
    var role: String
    var operatorID: String?
    var node: String?
    enum CodingKeys: String, CodingKey { case token, role, operatorID = "operator", node }
}

extension Routes {
    /// The admin issues any token; an operator issues node tokens for its own nodes.
    func issueToken(_ request: Request, _ context: CoordinatorContext) async throws -> Response {
        let caller = try context.require()
        let body = try await request.body.collect(upTo: 64 * 1024)
        let asked = try Responses.decode(TokenRequest.self, body)
        let principal = try await grant(asked, to: caller)
        let (token, stored) = Tokens.make(for: principal, now: CoordinatorServer.wallClock())
        try await server.durable(await server.driver.storeToken(stored))
        server.tokens.add(stored)
        let (role, op, node) = principal.columns
        return try Responses.encode(IssuedToken(token: token, role: role, operatorID: op, node: node), status: .created)
    }

    private func grant(_ asked: TokenRequest, to caller: Principal) async throws -> Principal {
        func need(_ value: String?, _ name: String) throws -> String {
            guard let value, !value.isEmpty, value.utf8.count <= 128 else {
                throw HTTPError(.badRequest, message: "a \(asked.role.rawValue) token needs '\(name)' (1 to 128 bytes)")
            }
            return value
        }
        switch (caller, asked.role) {
        case (.admin, .admin): throw HTTPError(.badRequest, message: "there is one admin token (DIR/admin.token)")
        case (.admin, .operatorAccount): return .operatorAccount(try need(asked.operatorID, "operator"))
        case (.admin, .publisher): return .publisher
        case (.admin, .reader): return .reader
        case (.admin, .node), (.operatorAccount, .node):
            let id = try need(asked.node, "node")
            let op: String
            if case let .operatorAccount(mine) = caller {
                if let other = asked.operatorID, other != mine {
                    throw HTTPError(.forbidden, message: "operator '\(mine)' may not issue tokens for operator '\(other)'")
                }
                op = mine
            } else {
                op = try need(asked.operatorID, "operator")
            }
            if let owner = await server.driver.operatorOf(node: id), owner != op {
                throw HTTPError(.forbidden, message: "node '\(id)' belongs to operator '\(owner)'")
            }
            return .node(id: id, operatorID: op)
        default:
            throw HTTPError(.forbidden, message: "a \(caller.role.rawValue) token may not issue \(asked.role.rawValue) tokens")
        }
    }
}
