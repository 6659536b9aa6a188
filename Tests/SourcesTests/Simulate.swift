import Feed
import Sources
import Simulation
import Store

/// Runs the simulator for `items` items, applying each to a store and handing it, with the state it
/// made, to `take` (the recorders of a test). Returns the store.
@discardableResult
func simulate(seed: UInt64, nodes: Int, items: Int, _ take: (FeedItem, ChainState) -> Void) -> Store {
    let sim = Simulator(options: SimulatorOptions(seed: seed, nodes: nodes))
    var store = Store()
    for _ in 0..<items {
        guard let item = sim.next() else { break }
        store.ingest(item)
        take(item, store.state)
    }
    return store
}
