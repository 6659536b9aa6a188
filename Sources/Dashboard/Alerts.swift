import UI
import Analytics
import Feed
import Store

extension Derived {
    /// The alerts line: what needs a person's attention now.
    static func alerts(_ s: ChainState, _ d: Derived) -> [Alert] {
        var out: [Alert] = []
        let offline = s.fleet.count(.offline)
        if offline > 0 {
            let names = s.fleet.ids(.offline, limit: 2).joined(separator: ", ")
            out.append(Alert(severity: .flag, text: "\(offline) node\(offline == 1 ? "" : "s") offline (\(names)\(offline > 2 ? "…" : ""))"))
        }
        for c in s.stablecoins.coins {
            let dev = pegDeviation(price: c.coin.price, peg: c.coin.peg)
            let band = PegBand(deviation: dev)
            if band == .flag || band == .depegged {
                out.append(Alert(severity: band == .depegged ? .critical : .flag,
                                 text: "\(c.coin.symbol) \(band.rawValue) \(percent(dev, digits: 2, signed: true))"))
            }
        }
        for p in s.tvl.protocols {
            if let change = d.tvlChange[p.name], change <= -0.2 {
                out.append(Alert(severity: .critical, text: "\(p.name) TVL \(percent(change, digits: 0)) in 1h"))
            }
        }
        for p in s.governance.proposals where p.proposal.state == .active || p.proposal.state == .pending {
            let total = p.totalWeight
            if total > 0, let top = p.ballots.values.map(\.weight).max(), top / total > 0.5 {
                out.append(Alert(severity: .watch, text: "\(p.proposal.id): one voter holds \(percent(top / total, digits: 0))"))
            }
        }
        return out
    }
}
