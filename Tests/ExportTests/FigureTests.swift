import Foundation
import Testing
@testable import Export
@testable import Analytics
@testable import Feed
@testable import Store
import Simulation

private func at(_ ts: Int64, _ body: RecordBody) -> FeedRecord { FeedRecord(seq: nil, ts: ts, body: body) }

private func coin(_ symbol: String, price: Double = 1, supply: Double = 100, reserves: Double?) -> RecordBody {
    .stablecoin(Stablecoin(symbol: symbol, issuer: symbol + " Inc", peg: "USD", price: price, supply: supply,
                           reserves: reserves.map { [ReserveEntry(category: "cash", usd: $0)] }))
}

@Suite struct AlertLogTests {
    @Test func anAlertHasItsStartAndItsEnd() {
        var state = ChainState()
        var log = AlertLog()
        state.apply(at(1_000, coin("FRAX", reserves: 92)))
        log.observe(state)
        state.apply(at(5_000, coin("FRAX", reserves: 93)))
        log.observe(state)
        #expect(log.active.count == 1)
        #expect(log.active.first?.since == 1_000 && log.active.first?.text == "FRAX reserves 93% of supply")
        state.apply(at(9_000, coin("FRAX", reserves: 100)))
        log.observe(state)
        #expect(log.active.isEmpty)
        #expect(log.ended == [AlertEntry(kind: .reserves, subject: "FRAX", severity: .flag, text: "FRAX reserves 93% of supply",
                                         since: 1_000, until: 9_000)])
        // Again later: a new alert, the old one stays in the list.
        state.apply(at(12_000, coin("FRAX", reserves: 80)))
        log.observe(state)
        #expect(log.all.map(\.since) == [12_000, 1_000])
        #expect(log.newest?.severity == .critical)
    }

    @Test func aStreamIsObservedOnceASecondAndASeekBackStartsAgain() {
        var state = ChainState()
        var log = AlertLog()
        state.apply(at(1_000, coin("A", reserves: 50)))
        log.observe(state, minStep: 1000)
        state.apply(at(1_500, coin("A", reserves: 100)))
        log.observe(state, minStep: 1000)  // half a second on: not looked at
        #expect(log.active.count == 1)
        state.apply(at(2_000, coin("A", reserves: 100)))
        log.observe(state, minStep: 1000)
        #expect(log.active.isEmpty && log.ended.first?.until == 2_000)
        // A record stamped earlier, later in the stream: the clock does not go back, nothing is lost.
        state.apply(FeedRecord(seq: 9, ts: 1_800, body: coin("C", reserves: 10)))
        log.observe(state)
        #expect(log.ended.count == 1 && log.active.first?.since == 2_000)
        // A seek back (seq and time both earlier) starts the log again.
        var back = ChainState()
        back.apply(FeedRecord(seq: 3, ts: 500, body: coin("B", reserves: 10)))
        log.observe(back)
        #expect(log.ended.isEmpty && log.active.map(\.subject) == ["B"])
    }

    /// `wantsObservation` says beforehand what `observe` does: over times that step, stall, go a little
    /// back and seek back (seq too), it is true exactly when the observation is taken.
    @Test func askingFirstAgreesWithObserving() {
        var rng = SeededRandom(seed: 11)
        var log = AlertLog()
        var ts: Int64 = 0, seq: Int64 = 0
        for _ in 0..<2_000 {
            let seekBack = rng.chance(0.02)
            ts = seekBack ? max(0, ts - 5_000) : ts + Int64(rng.pick([-300, 0, 100, 400, 999, 1000, 2500]))
            seq = seekBack ? max(0, seq - 50) : seq + 1
            var state = ChainState()
            state.apply(FeedRecord(seq: seq, ts: ts, body: coin("A", reserves: rng.chance(0.5) ? 50 : 100)))
            let minStep: Int64 = rng.chance(0.1) ? 0 : 1000
            let wants = log.wantsObservation(at: state.ts, seq: state.seq, minStep: minStep)
            let before = log
            log.observe(state, minStep: minStep)
            if wants {
                // Taken: the clock is the state's, or stays where it was if the state is a little behind it.
                let kept = max(state.ts, before.lastObserved ?? state.ts)
                #expect(log.lastObserved == kept || log.lastObserved == state.ts, "ts \(ts) seq \(seq) step \(minStep)")
            } else {
                #expect(log == before, "not taken: ts \(ts) seq \(seq) step \(minStep)")
            }
        }
    }

    @Test func reservesAShortfallNeverReadsAsAHundredPercent() {
        #expect(shortfallPercent(0.92) == "92%")
        #expect(shortfallPercent(0.9996) == "99.96%")
        #expect(!reservesShort(0.9996) && reservesShort(0.999))
        var state = ChainState()
        state.apply(at(1, coin("USDX", reserves: 99.9)))
        state.apply(at(1, coin("FULL", reserves: 100)))
        state.apply(at(1, coin("NONE", reserves: nil)))
        #expect(state.alertsNow().map(\.text) == ["USDX reserves 99.90% of supply"])
    }

    @Test func offlineNodesAlertByRegion() {
        var state = ChainState()
        for (id, region) in [("a", "eu"), ("b", "eu"), ("c", "us")] {
            state.apply(at(1, .node(NodeInfo(id: id, operatorID: "o", region: region, nodeClass: .server, cpuCores: 1, memGB: 1, gpus: 0, version: "1"))))
        }
        state.apply(at(2, .nodeStatus(NodeStatusChange(id: "a", status: .offline))))
        state.apply(at(2, .nodeStatus(NodeStatusChange(id: "c", status: .offline))))
        let alerts = state.alertsNow()
        #expect(alerts.map(\.subject) == ["eu", "us"])
        #expect(alerts.map(\.text) == ["eu: 1 of 2 nodes offline (a)", "us: 1 of 1 node offline (c)"])
        #expect(alerts.map(\.severity) == [.flag, .critical])  // all of us is down
    }

    @Test func theExportCarriesSinceAndUntil() throws {
        var state = ChainState()
        var log = AlertLog()
        state.apply(at(1_000, coin("FRAX", reserves: 92)))
        log.observe(state)
        state.apply(at(2_000, coin("FRAX", reserves: 100)))
        log.observe(state)
        let json = Report(state: state, input: InputStats(), alerts: log).json()
        let root = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let alerts = try #require(root["alerts"] as? [[String: Any]])
        #expect(alerts.count == 1)
        #expect(alerts.first?["kind"] as? String == "reserves" && alerts.first?["subject"] as? String == "FRAX")
        #expect(alerts.first?["since"] as? Int == 1_000 && alerts.first?["until"] as? Int == 2_000)
        let coins = try #require(root["stablecoins"] as? [[String: Any]])
        #expect(coins.first?["reserve_ratio"] as? Double == 1)
        let csv = Report(state: state, input: InputStats(), alerts: log).table(.alerts)
        #expect(csv.rows == [["reserves", "FRAX", "flag", "FRAX reserves 92% of supply", "1000", "2000"]])
    }
}

@Suite struct RewardRateTests {
    func reward(_ op: String, _ amount: String) -> RecordBody {
        .reward(Reward(node: "n-" + op, operatorID: op, amount: TokenAmount(amount) ?? .zero, token: "CMP", epoch: 1, basis: .task))
    }

    @Test func operatorsRatesShareOneWindowAndAddUpToTheTotal() throws {
        var state = ChainState()
        let minute: Int64 = 60_000
        // Two hours: a earns 1 a minute throughout, b 2 a minute in the second hour only, c once at the start.
        state.apply(at(0, reward("c", "5")))
        for m in Int64(1)...120 {
            state.apply(at(m * minute, reward("a", "1")))
            if m > 60 { state.apply(at(m * minute, reward("b", "2"))) }
        }
        let rates = RewardRates(state.rewards, now: state.ts, firstTs: state.firstTs)
        let byOperator = rates.byOperator(state.rewards)
        // The window opens 55 minutes back, at a 5-minute boundary (11 whole buckets before the current one).
        #expect(rates.windowMillis == 55 * minute)
        // What each earned from the window's opening (minute 65) on, over its 55 minutes: a 56 × 1, b 56 × 2.
        let hours = 55.0 / 60
        #expect(abs((byOperator["a"] ?? 0) - 56 / hours) < 1e-9)
        #expect(abs((byOperator["b"] ?? 0) - 112 / hours) < 1e-9)
        #expect(byOperator["c"] == 0)
        // The total is all accrued less the baselines, rounded once: the rates add up to it to rounding.
        #expect(abs((rates.total ?? 0) - byOperator.values.reduce(0, +)) < 1e-9)
        #expect(abs((rates.total ?? 0) - 168 / hours) < 1e-9)
        #expect(Report(state: state, input: InputStats()).rewardRatePerHour == rates.total)
    }

    @Test func aYoungStreamsWindowStartsWithIt() {
        var state = ChainState()
        state.apply(at(1_000, reward("a", "1")))
        state.apply(at(1_000 + 30 * 60_000, reward("a", "1")))
        let rates = RewardRates(state.rewards, now: state.ts, firstTs: state.firstTs)
        #expect(rates.windowMillis == 30 * 60_000)
        #expect(rates.byOperator(state.rewards)["a"] == 4)  // 2 in half an hour
        #expect(RewardRates(ChainState().rewards, now: 0, firstTs: nil).total == nil)
    }

    /// A refresh lends the next one its sum of baselines while the window stays and no operator comes;
    /// each result is the one computed afresh.
    @Test func aRefreshInTheSameWindowGetsWhatAFreshOneGets() {
        var state = ChainState()
        let minute: Int64 = 60_000
        for m in Int64(0)...90 { state.apply(at(m * minute, reward("a", "1"))) }
        var previous = RewardRates(state.rewards, now: state.ts, firstTs: state.firstTs)
        func step(_ m: Int64, _ op: String) {
            state.apply(at(m * minute, reward(op, "3")))
            let lent = RewardRates(state.rewards, now: state.ts, firstTs: state.firstTs, previous: previous)
            let fresh = RewardRates(state.rewards, now: state.ts, firstTs: state.firstTs)
            #expect(lent.total == fresh.total && lent.windowMillis == fresh.windowMillis, "minute \(m), \(op)")
            previous = lent
        }
        step(91, "a")   // the same window (it opened at minute 35): the sum is lent
        step(92, "b")   // a new operator: summed again
        step(94, "b")
        step(96, "a")   // the window moved to minute 40: summed again
        // Another stream at the same moment with one operator more, who had earned before the window
        // opened: its baseline is not in the lent sum, so the operators' count must refuse the loan.
        var other = ChainState()
        other.apply(at(0, reward("z", "7")))
        for m in Int64(1)...96 {
            if m == 92 || m == 94 { other.apply(at(m * minute, reward("b", "3"))) }
            other.apply(at(m * minute, reward("a", "1")))
        }
        #expect(other.ts == state.ts && other.rewards.entries >= state.rewards.entries)
        let foreign = RewardRates(other.rewards, now: other.ts, firstTs: other.firstTs, previous: previous)
        #expect(foreign.total == RewardRates(other.rewards, now: other.ts, firstTs: other.firstTs).total)
        // A state from before (a seek back) is never lent the later sum.
        var older = ChainState()
        for m in Int64(0)...90 { older.apply(at(m * minute, reward("a", "1"))) }
        let back = RewardRates(older.rewards, now: older.ts, firstTs: older.firstTs, previous: previous)
        #expect(back.total == RewardRates(older.rewards, now: older.ts, firstTs: older.firstTs).total)
    }

    @Test func theExactSumIsTheSameInAnyOrder() {
        var rng = SeededRandom(seed: 11)
        let xs = (0..<2000).map { _ in Double.random(in: -1e6...1e6, using: &rng) * Double.random(in: 0...1, using: &rng) }
        var forward = ExactSum(), backward = ExactSum(), shuffled = ExactSum()
        for x in xs { forward.add(x) }
        for x in xs.reversed() { backward.add(x) }
        for x in xs.shuffled(using: &rng) { shuffled.add(x) }
        #expect(forward.value == backward.value && forward.value == shuffled.value)
        #expect(abs(forward.value - sum(xs)) < 1e-6)
        // Past its range it still sums (in the order given), and never traps.
        var huge = ExactSum()
        for x in [1e300, -1e300, 5, .nan] { huge.add(x) }
        #expect(huge.value.isNaN)
    }
}

@Suite struct ClaimFeeTests {
    func state() -> ChainState {
        var s = ChainState()
        s.apply(at(1, .price(Price(symbol: "CMP", usd: 2))))
        for (op, amount) in [("rich", "10"), ("poor", "0.1"), ("none", "0")] {
            s.apply(at(2, .reward(Reward(node: "n", operatorID: op, amount: TokenAmount(amount) ?? .zero, token: "CMP", epoch: 1, basis: .task))))
        }
        for fee in [0.5, 1.0, 3.0] { s.apply(at(3, .claim(Claim(operatorID: "x", amount: .zero, token: "CMP", feeUSD: fee)))) }
        return s
    }

    @Test func onlyAClaimWorthLessThanTheFeeIsMarked() {
        let report = Report(state: state(), input: InputStats())
        #expect(report.claimFeeUSD == 1)  // the median of 0.5, 1 and 3
        #expect(report.claimBelowFee == ["poor"])  // $0.20 < $1; $20 is not; nothing claimable is not marked
        let given = Report(state: state(), input: InputStats(), claimFee: 25)
        #expect(given.claimFeeUSD == 25 && given.claimBelowFee == ["rich", "poor"])
    }

    @Test func fewEntitiesHaveTopOneAndTopThree() {
        let k = Concentration(weights: [6, 3, 1])
        #expect(k.fewEntities && k.top10Share == 1)
        #expect(abs(k.top1Share - 0.6) < 1e-12 && abs(k.top3Share - 1) < 1e-12)
        let many = Concentration(weights: (1...20).map(Double.init))
        #expect(!many.fewEntities && abs(many.top1Share - 20.0 / 210) < 1e-12)
    }
}

@Suite struct OperatorExportTests {
    @Test func anOperatorsFleetAndRewardsAlone() throws {
        let whole = simulatedReport(minutes: 5)
        let id = try #require(whole.state.rewards.operators.keys.sorted().first)
        let report = Report(state: whole.state, input: whole.input, operator: id)
        let root = try #require(try JSONSerialization.jsonObject(with: Data(report.json().utf8)) as? [String: Any])
        let op = try #require(root["operator"] as? [String: Any])
        let nodes = whole.state.fleet.nodes.filter { $0.info.operatorID == id }
        #expect(op["id"] as? String == id && op["nodes"] as? Int == nodes.count)
        #expect(op["online"] as? Int == nodes.filter { $0.status == .online }.count)
        #expect(op["accrued"] as? String == whole.state.rewards.operators[id]?.accrued.description)
        #expect(report.table(.fleet).rows.count == nodes.count && report.table(.fleet).rows.allSatisfy { $0[1] == id })
        #expect(report.table(.rewards).rows.map { $0[0] } == [id])
        #expect(root["fleet"] as? [String: Any] != nil, "the whole fleet's figures stay")
        #expect(try JSONSerialization.jsonObject(with: Data(whole.json().utf8)) as? [String: Any] != nil)
        #expect(whole.json().contains("\"operator\":{") == false)
    }
}
