/// One task handed to a node's agent by the coordinator's `POST /v1/work`: what the coordinator writes
/// and what every agent (the real one, the driven fleet's) reads.
public struct TaskAssignment: Sendable, Equatable, Codable {
    public var id: String
    public var cpu: Double
    public var memGB: Double
    public var gpus: Int
    public var units: Double
    public var kind: String?
    public var attempt: Int
    enum CodingKeys: String, CodingKey { case id, cpu, memGB = "mem_gb", gpus, units, kind, attempt }

    public init(id: String, cpu: Double, memGB: Double, gpus: Int, units: Double, kind: String?, attempt: Int) {
        self.id = id; self.cpu = cpu; self.memGB = memGB; self.gpus = gpus; self.units = units; self.kind = kind
        self.attempt = attempt
    }
}
