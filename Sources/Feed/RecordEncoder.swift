extension JSONWriter {
    /// Writes one feed record as a flat JSON object (no trailing newline).
    public mutating func record(_ r: FeedRecord) {
        beginObject()
        field("type", r.body.typeName)
        if case let .header(h) = r.body {
            field("v", h.version)
            field("source", h.source)
            field("created", h.created)
            if let seed = h.seed { field("seed", Int64(bitPattern: seed)) }
            field("note", h.note)
            endObject()
            return
        }
        field("seq", r.seq)
        field("ts", r.ts)
        body(r.body)
        endObject()
    }

    mutating func body(_ body: RecordBody) {
        switch body {
        case .header, .bookmark: break
        case let .node(n):
            field("id", n.id); field("operator", n.operatorID); field("region", n.region)
            field("class", n.nodeClass.rawValue); field("cpu_cores", n.cpuCores); field("mem_gb", n.memGB)
            field("gpus", n.gpus); field("gpu_model", n.gpuModel); field("version", n.version)
        case let .heartbeat(h):
            field("id", h.id); field("cpu", h.cpu); field("mem", h.mem); field("gpu", h.gpu); field("tasks", h.tasks)
        case let .nodeStatus(s):
            field("id", s.id); field("status", s.status.rawValue); field("reason", s.reason)
        case let .nodeLeft(l):
            field("id", l.id); field("reason", l.reason)
        case let .task(t):
            field("id", t.id); field("node", t.node); field("state", t.state.rawValue); field("units", t.units)
            field("kind", t.kind)
        case let .reward(r):
            field("node", r.node); field("operator", r.operatorID); field("amount", r.amount.description)
            field("token", r.token); field("epoch", r.epoch); field("basis", r.basis.rawValue)
            field("reason", r.reason)
        case let .claim(c):
            field("operator", c.operatorID); field("amount", c.amount.description); field("token", c.token)
            field("fee_usd", c.feeUSD)
        case let .price(p):
            field("symbol", p.symbol); field("usd", p.usd)
        case let .stablecoin(s):
            field("symbol", s.symbol); field("issuer", s.issuer); field("peg", s.peg)
            key("price"); number(s.price)
            field("supply", s.supply)
            if let reserves = s.reserves {
                key("reserves")
                beginObject()
                for entry in reserves { field(entry.category, entry.usd) }
                endObject()
            }
            field("mechanism", s.mechanism)
        case let .tvl(t):
            field("protocol", t.protocolName); field("chain", t.chain); field("category", t.category); field("usd", t.usd)
        case let .proposal(p):
            field("id", p.id); field("space", p.space); field("title", p.title); field("state", p.state.rawValue)
            field("start", p.start); field("end", p.end); field("quorum", p.quorum)
            if let choices = p.choices {
                key("choices"); beginArray()
                for c in choices { string(c) }
                endArray()
            }
            field("voting", p.voting); field("token", p.token)
        case let .vote(v):
            field("proposal", v.proposal); field("voter", v.voter); field("support", v.support?.rawValue)
            field("weight", v.weight); field("reason", v.reason)
            if let choice = v.choice {
                key("choice"); self.choice(choice)
            } else if v.support == nil {
                key("choice"); null()  // a choice that could not be read: the vote still counts as weight
            }
        case let .holding(h):
            field("token", h.token); field("holder", h.holder); field("balance", h.balance)
        case let .snapshot(keyframe):
            // The digest goes before the state so that readers can take the state's text as is.
            if let d = keyframe.digest { field("digest", Keyframe.text(d, scheme: keyframe.scheme)) }
            key("state"); rawValue(keyframe.json)
        }
    }
}

extension JSONSink {
    /// `2`, `[1,3]` or `{"1":0.5,"3":0.5}`: a line's `choice`, and a keyframe's ballot (so both read alike).
    public mutating func choice(_ c: VoteChoice) {
        switch c {
        case let .index(i): int(i)
        case let .indices(list):
            beginArray()
            for i in list { int(i) }
            endArray()
        case let .weights(list):
            beginObject()
            for w in list { key(String(w.choice)); number(w.weight) }
            endObject()
        }
    }
}

/// One record as a JSON Lines line (without the newline).
public func encodeLine(_ record: FeedRecord) -> String {
    var w = JSONWriter()
    w.record(record)
    return w.text
}
