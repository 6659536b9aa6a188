import Engine
import Feed

/// Scripted events for the demo recordings, at fixed seconds of virtual time, on top of the seeded run.
public enum Scenario: String, Sendable, CaseIterable {
    /// Markets under stress: USDe depegs at 4 minutes, Kamino is drained at 8, and the first proposal is
    /// contested (an even split with whales on both sides).
    case markets
    /// A fleet outage: every node in eu-west goes offline at 4 minutes (tasks lost and re-queued,
    /// rewards stalling, downtime penalties) and comes back at 11.
    case outage

    func apply(second: Int64, engine: inout Engine, fleet: inout SimFleet, markets: inout SimMarkets,
               governance: inout SimGovernance) {
        switch self {
        case .markets:
            if second == 0 { governance.contested = true }
            if second == 240 { markets.depeg("USDe", by: 0.12, halfLifeSeconds: 420) }
            if second == 480 { markets.drain("Kamino", keeping: 0.3) }
        case .outage:
            if second == 240 { fleet.regionOutage("eu-west", engine: &engine) }
            if second == 660 { fleet.regionRecovery("eu-west", engine: &engine) }
        }
    }
}
