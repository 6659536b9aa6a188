@testable import Dashboard
@testable import UI
@testable import Feed
@testable import Sources
import Simulation
import Analytics
@testable import Store

/// A seeded ten-minute simulator run: every render test draws from the same data.
enum Fixture {
    static let store: Store = watched.store
    /// The alerts as the dashboard would have seen them while the ten minutes played.
    static let alerts: AlertLog = watched.alerts

    static let watched: (store: Store, alerts: AlertLog) = {
        let sim = Simulator(options: SimulatorOptions(seed: 7, nodes: 200))
        var store = Store()
        var alerts = AlertLog()
        while sim.second <= 600, let item = sim.next() {
            store.ingest(item)
            alerts.observe(store.state, minStep: AlertLog.streamStepMillis)
        }
        return (store, alerts)
    }()

    static var data: DataView {
        DataView(store: store, source: SourceStatus(name: "sim:7", recordsPerSecond: 25.5, lastRecordAt: store.state.ts - 400))
    }

    /// A model of the given size on a screen, refreshed from the fixture, with the clock at the data's time.
    static func model(_ screen: Screen, _ width: Int, _ height: Int) -> Model {
        var m = Model(size: Size(width: width, height: height), now: store.state.ts)
        m.screen = screen
        m.alertLog = alerts
        m.show(data)
        return m
    }

    static func render(_ m: Model) -> String { view(m).text }
}
