import Foundation
import Testing

/// The dashboard on the real coordinator, in tmux, as an operator would run it: it shows the fleet
/// live, says when the coordinator has gone and when it will try again, resumes when it is back, and
/// says why when the token is refused. The terminal comes back afterwards.
@Suite(.ownThread, .serialized, .enabled(if: Tmux.available && Binary.url != nil, "needs tmux and the built binary"))
struct DashboardOnCoordinatorTests {
    let http = EndToEndTests.http

    @Test func showsTheFleetLiveAndRidesOutACoordinatorCrash() async throws {
        var c = try await CoordinatorProcess()
        var w = CoordinatorClient(base: c.url, token: c.admin, http: http)
        _ = try await w.post(records: (0..<5).map { nodeLine("n\($0)", "op-a") })
        let tmux = Tmux()
        defer { tmux.stop() }
        tmux.launch("--source coordinator:\(c.url) --token \(c.admin)")
        var s = await tmux.waitUntil(seconds: 30) { $0.contains("● live") && $0.contains("5 nodes") }
        #expect(s.contains("● live") && s.contains("5 nodes"), "\(s)")
        let port = c.port
        await c.kill9()
        s = await tmux.wait(for: "reconnecting in", seconds: 30)
        #expect(s.contains("reconnecting in"), "\(s)")
        c = try await CoordinatorProcess(directory: c.directory, arguments: ["--listen", "127.0.0.1:\(port)"])
        w = CoordinatorClient(base: c.url, token: c.admin, http: http)
        _ = try await w.post(records: (5..<8).map { nodeLine("n\($0)", "op-b") })
        s = await tmux.waitUntil(seconds: 60) { $0.contains("● live") && $0.contains("8 nodes") }
        #expect(s.contains("● live") && s.contains("8 nodes"), "resumed after the restart: \(s)")
        tmux.keys("q")
        await tmux.expectRestored("after q")
        _ = await c.stop()
    }

    @Test func aRefusedTokenIsSaidOnTheScreen() async throws {
        let c = try await CoordinatorProcess()
        let tmux = Tmux()
        defer { tmux.stop() }
        tmux.launch("--source coordinator:\(c.url) --token ct_wrong")
        let s = await tmux.wait(for: "refused the token", seconds: 30)
        #expect(s.contains("lost: the coordinator refused the token"), "\(s)")
        tmux.keys("q")
        await tmux.expectRestored("after q")
        _ = await c.stop()
    }

    @Test func anOperatorDrainsANodeAndSeesItsNewStatusArrive() async throws {
        let c = try await CoordinatorProcess()
        let admin = CoordinatorClient(base: c.url, token: c.admin, http: http)
        _ = try await admin.post(records: [nodeLine("n0", "op-a"), nodeLine("n1", "op-b")])
        let opA = try await admin.token(#"{"role":"operator","operator":"op-a"}"#)
        let tmux = Tmux()
        defer { tmux.stop() }
        tmux.launch("--source coordinator:\(c.url) --token \(opA) --operator op-a")
        await tmux.wait(for: "● live", seconds: 30)
        tmux.keys("2")
        await tmux.wait(for: "NODE")
        tmux.keys("d")
        var s = await tmux.wait(for: "Drain n0?")
        #expect(s.contains("Drain n0?"), "asks first: \(s)")
        tmux.keys("y")
        s = await tmux.waitUntil(seconds: 30) { $0.contains("drain of n0 accepted") && $0.contains("1 draining") }
        #expect(s.contains("drain of n0 accepted"), "the coordinator's answer: \(s)")
        #expect(s.contains("1 draining"), "the new status arrived as a feed record: \(s)")
        // Another operator's node: the coordinator refuses, and says why. --operator shows op-a's fleet only:
        // o shows every operator's.
        tmux.keys("o")
        await tmux.wait(for: "Fleet — 2 nodes")
        tmux.keys("j", "d")
        await tmux.wait(for: "Drain n1?")
        tmux.keys("y")
        s = await tmux.wait(for: "refused:", seconds: 30)
        #expect(s.contains("refused:"), "\(s)")
        tmux.keys("d")
        await tmux.wait(for: "Drain n1?")
        tmux.keys("n")
        s = await tmux.wait(for: "cancelled")
        #expect(s.contains("cancelled"))
        tmux.keys("q")
        await tmux.expectRestored("after q")
        _ = await c.stop()
    }

    @Test func readOnlyOffersNoActions() async throws {
        let c = try await CoordinatorProcess()
        let admin = CoordinatorClient(base: c.url, token: c.admin, http: http)
        _ = try await admin.post(records: [nodeLine("n0", "op-a")])
        let tmux = Tmux()
        defer { tmux.stop() }
        tmux.launch("--source coordinator:\(c.url) --token \(c.admin) --readonly")
        await tmux.wait(for: "● live", seconds: 30)
        tmux.keys("2")
        await tmux.wait(for: "NODE")
        tmux.keys("d")
        // The key does nothing: the next screen still shows the table and no question.
        tmux.keys("3")
        let s = await tmux.wait(for: "OPERATOR")
        #expect(!s.contains("Drain n0?"), "\(s)")
        tmux.keys("q")
        await tmux.expectRestored("after q")
        _ = await c.stop()
    }
}
