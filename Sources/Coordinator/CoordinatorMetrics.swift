import Prometheus

/// What /metrics shows. A registry of its own (not the process-wide MetricsSystem), so that several
/// coordinators in one test process do not share counters.
public final class CoordinatorMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    let heartbeats: Counter
    let records: Counter
    let placements: Counter
    let queueLength: Gauge
    let nodes: Gauge
    let streamClients: Gauge
    let streamsCutOff: Counter
    let logSize: Gauge
    let logHead: Gauge
    let commitLatency: DurationHistogram
    let commitBatch: ValueHistogram

    /// `chaintop_NAME_UNIT`, as Prometheus names go.
    static func name(_ metric: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "chaintop", metricName: metric, unitName: unit, helpText: help)
    }

    public init() {
        let n = Self.name
        heartbeats = registry.makeCounter(descriptor: n("heartbeats", "total", "Heartbeats accepted and durable"))
        records = registry.makeCounter(descriptor: n("records", "total", "Records made durable"))
        placements = registry.makeCounter(descriptor: n("placements", "total", "Tasks placed on nodes (durable)"))
        queueLength = registry.makeGauge(descriptor: n("queue", "length", "Tasks waiting for a node"))
        nodes = registry.makeGauge(descriptor: n("nodes", "", "Nodes registered"))
        streamClients = registry.makeGauge(descriptor: n("stream_clients", "", "Feed streams open"))
        streamsCutOff = registry.makeCounter(descriptor: n("stream_cutoffs", "total", "Streams cut off for being too slow"))
        logSize = registry.makeGauge(descriptor: n("log", "bytes", "Size of the event log on disk"))
        logHead = registry.makeGauge(descriptor: n("log_head", "seq", "Last durable seq"))
        commitLatency = registry.makeDurationHistogram(
            descriptor: n("commit", "seconds", "Time to commit and sync one group of records"),
            buckets: [.microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
                      .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(500)])
        commitBatch = registry.makeValueHistogram(descriptor: n("commit", "records", "Records per group commit"),
                                                  buckets: [1, 10, 100, 1000, 10_000, 100_000])
    }

    func request(route: String, status: Int) {
        registry.makeCounter(descriptor: Self.name("http_requests", "total", "HTTP requests by route and status"),
                             labels: [("route", route), ("status", String(status))]).increment()
    }

    public func text() -> [UInt8] { registry.emitToBuffer() }

    /// After a group commit: what it made durable and how long the commit and sync took.
    func observe(_ batch: LogBatch, took: Duration) {
        commitLatency.record(took)
        commitBatch.record(Double(batch.records.count))
        records.increment(by: Int64(batch.records.count))
        var beats: Int64 = 0, placed: Int64 = 0
        for r in batch.applied {
            switch r.body {
            case .heartbeat: beats += 1
            case let .task(t) where t.state == .assigned: placed += 1
            default: break
            }
        }
        if beats > 0 { heartbeats.increment(by: beats) }
        if placed > 0 { placements.increment(by: placed) }
        if let last = batch.records.last { logHead.set(last.seq) }
    }
}
