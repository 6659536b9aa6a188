import Feed
import Engine
import Hummingbird

/// `POST /v1/tasks` body: `{"tasks": [{"cpu": 2, "mem_gb": 4, "gpus": 1, "units": 10, "kind": "render"}]}`.
struct TaskSubmission: Decodable {
    struct Item: Decodable {
        var id: String?
        var cpu: Double
        var memGB: Double
        var gpus: Int?
        var units: Double
        var kind: String?
        enum CodingKeys: String, CodingKey { case id, cpu, memGB = "mem_gb", gpus, units, kind }
    }
    var tasks: [Item]

    /// The item as a task, or why it cannot be one.
    static func spec(_ item: Item) -> Result<TaskSpec, Refusal> {
        let limits: [(String, Double, Double)] = [("cpu", item.cpu, 1e6), ("mem_gb", item.memGB, 1e9),
                                                  ("units", item.units, 1e12), ("gpus", Double(item.gpus ?? 0), 1e4)]
        for (name, value, max) in limits where !(value >= 0 && value <= max) {
            return .failure(Refusal(reason: "'\(name)' must be a number from 0 to \(Int64(max))"))
        }
        let id = item.id ?? "t-" + Tokens.randomHex(words: 1)
        guard !id.isEmpty, id.utf8.count <= 128 else { return .failure(Refusal(reason: "'id' must be 1 to 128 bytes")) }
        return .success(TaskSpec(id: id, resources: Resources(cpu: item.cpu, memGB: item.memGB, gpus: item.gpus ?? 0),
                                 units: item.units, kind: item.kind))
    }

    struct Refusal: Error { let reason: String }
}

struct TaskIDs: Encodable { var tasks: [String] }
struct WorkReply: Encodable { var node: String; var tasks: [TaskAssignment] }

extension Routes {
    func tasks(_ request: Request, _ context: CoordinatorContext) async throws -> Response {
        let principal = try context.require()
        guard principal.maySubmitTasks else { throw HTTPError(.forbidden, message: "only admin and operator tokens submit tasks") }
        let body = try await request.body.collect(upTo: context.maxUploadSize)
        let submission = try Responses.decode(TaskSubmission.self, body)
        var specs: [TaskSpec] = []
        var problems: [Intake.Problem] = []
        for (i, item) in submission.tasks.enumerated() {
            switch TaskSubmission.spec(item) {
            case let .success(spec):
                if await server.driver.isKnownTask(spec.id) || specs.contains(where: { $0.id == spec.id }) {
                    problems.append(Intake.Problem(line: i + 1, reason: "task '\(spec.id)' already exists"))
                }
                specs.append(spec)
            case let .failure(refusal): problems.append(Intake.Problem(line: i + 1, reason: refusal.reason))
            }
        }
        guard problems.isEmpty else { return Responses.problems(.badRequest, "\(problems.count) task(s) refused; none queued", problems) }
        guard !specs.isEmpty else { throw HTTPError(.badRequest, message: "no tasks in the body") }
        let outcome = await server.driver.submitTasks(specs, now: CoordinatorServer.wallClock())
        try await server.durable(outcome.ticket)
        return try Responses.encode(TaskIDs(tasks: outcome.value), status: .accepted)
    }

    /// `POST /v1/work`: a node's agent asks for what to run; its assignments come back.
    func work(_ request: Request, _ context: CoordinatorContext) async throws -> Response {
        guard case let .node(id, _) = try context.require() else {
            throw HTTPError(.forbidden, message: "only a node's own token asks for its work")
        }
        guard let tasks = await server.driver.work(for: id, now: CoordinatorServer.wallClock()) else {
            throw HTTPError(.notFound, message: "node '\(id)' is not registered: send its node record first")
        }
        return try Responses.encode(WorkReply(node: id, tasks: tasks))
    }
}
