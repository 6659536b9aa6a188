import Analytics
import Feed
import Store

extension Report {
    /// The export document: state and analytics with the keys the README documents.
    public func json() -> String {
        var w = JSONWriter(capacity: 4096)
        w.beginObject()
        w.field("seq", state.seq)
        w.field("ts", state.ts)
        w.key("input"); writeInput(&w)
        w.key("fleet"); writeFleet(&w)
        w.key("rewards"); writeRewards(&w)
        w.key("stablecoins"); writeStablecoins(&w)
        w.key("stablecoin_concentration"); write(stablecoinConcentration, &w)
        w.key("tvl"); writeTVL(&w)
        w.key("governance"); writeGovernance(&w)
        w.key("holdings"); writeHoldings(&w)
        w.key("alerts"); writeAlerts(&w)
        if let scope = operatorScope { w.key("operator"); writeOperator(scope, &w) }
        w.endObject()
        return w.text
    }

    func write(_ c: Concentration, _ w: inout JSONWriter) {
        w.beginObject()
        w.field("n", c.n); w.field("nakamoto50", c.nakamoto50); w.field("gini", round9(c.gini))
        w.field("hhi", round9(c.hhi)); w.field("top10_share", round9(c.top10Share))
        w.field("top1_share", round9(c.top1Share)); w.field("top3_share", round9(c.top3Share))
        w.endObject()
    }

    func writeInput(_ w: inout JSONWriter) {
        w.beginObject()
        w.field("records", input.records); w.field("malformed", input.malformed); w.field("unknown", input.unknown)
        w.field("gaps", input.gaps)
        w.field("missing", input.missing); w.field("stale", input.stale); w.field("suspect", input.suspect)
        w.field("header", !input.missingHeader)
        w.field("keyframes", input.keyframes); w.field("keyframe_mismatches", input.keyframeMismatches)
        if let line = input.firstMalformedLine { w.field("first_malformed_line", line) }
        if let line = input.firstSuspectLine { w.field("first_suspect_line", line) }
        w.endObject()
    }

    func writeFleet(_ w: inout JSONWriter) {
        let f = state.fleet
        w.beginObject()
        w.field("nodes", f.count)
        for s in NodeStatus.allCases { w.field(s.rawValue, f.count(s)) }
        w.field("tasks_running", f.tasksRunning)
        w.field("tasks_done", f.tasksDone); w.field("tasks_failed", f.tasksFailed); w.field("tasks_lost", f.tasksLost)
        w.field("mean_cpu", round9(f.count > 0 ? f.cpuSum / Double(f.count) : 0))
        w.key("regions"); w.beginObject()
        for region in f.statusByRegion.keys.sorted() {
            w.key(region); w.beginObject()
            for s in NodeStatus.allCases { w.field(s.rawValue, f.count(s, region: region)) }
            w.endObject()
        }
        w.endObject()
        w.endObject()
    }

    func writeRewards(_ w: inout JSONWriter) {
        let r = state.rewards
        w.beginObject()
        w.field("token", r.token ?? "")
        w.field("accrued", r.accrued.description)
        w.field("claimed", r.claimed.description)
        w.field("claimable", (r.accrued - r.claimed).description)
        w.field("penalties", r.penalties.description)
        w.field("operators", r.operators.count)
        w.key("price_usd"); w.number(r.priceUSD)
        w.key("rate_per_hour"); w.number(rewardRatePerHour.map(round9))
        w.key("claim_fee_usd"); w.number(claimFeeUSD.map(round9))
        w.field("operators_below_claim_fee", claimBelowFee.count)
        w.key("concentration"); write(rewardConcentration, &w)
        w.endObject()
    }

    func writeStablecoins(_ w: inout JSONWriter) {
        w.beginArray()
        for entry in state.stablecoins.coins {
            let c = entry.coin
            let deviation = pegDeviation(price: c.price, peg: c.peg)
            w.beginObject()
            w.field("symbol", c.symbol); w.field("issuer", c.issuer)
            w.key("price"); w.number(c.price)
            w.key("peg_deviation"); w.number(deviation.map(round9))
            w.field("supply", c.supply)
            w.key("reserves_usd"); w.number(entry.reservesUSD)
            w.key("reserve_ratio"); w.number(entry.reserveRatio.map(round9))
            w.field("band", PegBand(deviation: deviation).rawValue)
            w.endObject()
        }
        w.endArray()
    }

    func writeTVL(_ w: inout JSONWriter) {
        w.beginObject()
        w.field("total_usd", state.tvl.totalUSD)
        w.field("protocols", state.tvl.counted.count)
        w.key("concentration"); write(tvlConcentration, &w)
        w.endObject()
    }

    func writeGovernance(_ w: inout JSONWriter) {
        w.beginArray()
        for p in state.governance.proposals {
            w.beginObject()
            w.field("id", p.proposal.id); w.field("title", p.proposal.title); w.field("state", p.proposal.state.rawValue)
            w.field("for", p.forWeight); w.field("against", p.againstWeight); w.field("abstain", p.abstainWeight)
            w.field("voters", p.voters)
            w.key("quorum"); w.number(p.proposal.quorum)
            w.field("quorum_reached", p.quorumReached ?? true)  // no quorum set: nothing to reach
            w.key("concentration"); write(voteConcentration(p), &w)
            if p.isMultiChoice { writeChoices(p, &w) }
            w.endObject()
        }
        w.endArray()
    }

    /// A multi-choice proposal's result per choice, with its label where the proposal names it.
    func writeChoices(_ p: ProposalEntry, _ w: inout JSONWriter) {
        let r = p.choiceResults()
        w.field("weight", p.totalWeight)
        w.key("choices"); w.beginArray()
        let labels = p.proposal.choices ?? []
        for (i, score) in r.scores.enumerated() {
            w.beginObject()
            w.field("choice", i + 1); w.field("label", i < labels.count ? labels[i] : nil); w.field("weight", score)
            w.endObject()
        }
        w.endArray()
        w.field("unknown_choice_weight", r.unknown)
    }

    /// One operator's fleet and rewards (`--operator`), with the figures the scoped Fleet and Rewards views show.
    func writeOperator(_ id: String, _ w: inout JSONWriter) {
        let f = state.fleet
        var counts = [NodeStatus: Int]()
        var tasks = 0
        for n in f.nodes where n.info.operatorID == id {
            counts[n.status, default: 0] += 1
            tasks += f.tasksRunning(on: n.info.id)
        }
        let ledger = state.rewards.operators[id]
        w.beginObject()
        w.field("id", id)
        w.field("nodes", counts.values.reduce(0, +))
        for s in NodeStatus.allCases { w.field(s.rawValue, counts[s] ?? 0) }
        w.field("tasks_running", tasks)
        w.field("accrued", (ledger?.accrued ?? .zero).description)
        w.field("claimed", (ledger?.claimed ?? .zero).description)
        w.field("claimable", (ledger?.claimable ?? .zero).description)
        w.key("rate_per_hour"); w.number(ledger.flatMap(rewardRates.rate).map(round9))
        w.field("below_claim_fee", claimBelowFee.contains(id))
        w.endObject()
    }

    /// Every alert seen while the data was read, newest first; `until` is null for one still under way.
    func writeAlerts(_ w: inout JSONWriter) {
        w.beginArray()
        for a in alerts.all {
            w.beginObject()
            w.field("kind", a.kind.rawValue); w.field("subject", a.subject); w.field("severity", a.severity.rawValue)
            w.field("text", a.text); w.field("since", a.since)
            w.key("until")
            if let until = a.until { w.int(until) } else { w.null() }
            w.endObject()
        }
        w.endArray()
    }

    func writeHoldings(_ w: inout JSONWriter) {
        w.beginArray()
        for t in state.holdings.tokens {
            w.beginObject()
            w.field("token", t.token); w.field("holders", t.holders); w.field("total", t.total)
            w.key("concentration"); write(holdingConcentration(t), &w)
            w.endObject()
        }
        w.endArray()
    }
}

/// Rounds to 9 significant decimals so exports do not carry float noise like 0.30000000000000004.
func round9(_ x: Double) -> Double { abs(x) < 1e6 ? (x * 1e9).rounded() / 1e9 : x }
