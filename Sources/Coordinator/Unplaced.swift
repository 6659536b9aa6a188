import Engine

/// Why a queued task is not placed, in the operator's terms: which resource no node has at all,
/// or how many nodes could take it and are full.
public enum Unplaced {
    public static func reason(_ r: Resources, nodes: some Sequence<RegisteredNode>) -> String {
        var schedulable = 0, bigEnough = 0, withGPU = 0
        for n in nodes where n.schedulable {
            schedulable += 1
            if n.info.gpus >= r.gpus { withGPU += 1 }
            if n.info.gpus >= r.gpus, Double(n.info.cpuCores) >= r.cpu, n.info.memGB >= r.memGB { bigEnough += 1 }
        }
        if schedulable == 0 { return "no node is online" }
        if r.gpus > 0, withGPU == 0 { return "no online node has \(plural(r.gpus, "GPU"))" }
        if bigEnough == 0 { return "no online node has \(shape(r))" }
        let what = r.gpus > 0 ? "with \(plural(r.gpus, "GPU"))" : "with \(shape(r))"
        return bigEnough == 1 ? "the one node \(what) is full" : "all \(bigEnough) nodes \(what) are full"
    }

    static func shape(_ r: Resources) -> String {
        var parts = ["\(number(r.cpu)) CPU", "\(number(r.memGB)) GB memory"]
        if r.gpus > 0 { parts.append(plural(r.gpus, "GPU")) }
        return parts.joined(separator: ", ")
    }

    static func plural(_ n: Int, _ noun: String) -> String { n == 1 ? "1 \(noun)" : "\(n) \(noun)s" }

    static func number(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(v)
    }
}
