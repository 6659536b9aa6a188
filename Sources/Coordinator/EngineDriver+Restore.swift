import Engine
import Feed
import Store

extension EngineDriver {
    /// The engine as the log left it: nodes and their status from the Store's state, tasks from the
    /// task table, the ledger from the rewards state, the tally from the governance state.
    static func rebuild(from state: ChainState, tasks: [TaskRow], closedEpoch: Int64, config: EngineConfig) -> Engine {
        var engine = Engine(config: config)
        for entry in state.fleet.nodes where entry.described {
            engine.join(entry.info)
            if entry.status != .online { engine.setStatus(entry.info.id, entry.status, reason: entry.statusReason) }
        }
        for row in tasks {
            switch row.state {
            case .queued: engine.submit(row.spec)
            case .assigned, .running:
                guard let node = row.node else { engine.submit(row.spec); continue }
                engine.restore(row.spec, on: node, state: row.state == .assigned ? .assigned : .running)
            }
        }
        var balances: [String: TokenAmount] = [:], accrued: [String: TokenAmount] = [:]
        for (op, ledger) in state.rewards.operators {
            balances[op] = ledger.claimable
            accrued[op] = ledger.accrued
        }
        engine.restoreLedger(Ledger(balances: balances, accrued: accrued, closedThrough: closedEpoch))
        for entry in state.governance.proposals {
            var open = entry.proposal
            open.state = .active
            engine.propose(open)
            for (voter, ballot) in entry.ballots.sorted(by: { $0.key < $1.key }) {
                engine.vote(Vote(proposal: open.id, voter: voter, support: ballot.support, weight: ballot.weight))
            }
            if entry.proposal.state != .active { engine.setProposalState(open.id, entry.proposal.state) }
        }
        _ = engine.drain()
        return engine
    }

    /// After a rebuild: every node counts as heard now (a restart is not their silence), tasks are
    /// known by spec, and status reasons come from the state.
    func adopt(_ state: ChainState, tasks: [TaskRow], now: Int64) {
        for entry in state.fleet.nodes where entry.described {
            heard[entry.info.id] = now
            lastChange[entry.info.id] = StatusChange(status: entry.status, reason: entry.statusReason ?? "joined",
                                                     ts: entry.lastHeartbeat ?? entry.joined)
        }
        for row in tasks { specs[row.spec.id] = row.spec }
        nextPosition = (tasks.map(\.position).max() ?? 0) + 1
    }
}
