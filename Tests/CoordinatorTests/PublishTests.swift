import Foundation
import Testing

/// `chaintop import … --publish`: real DeFi state posted to the coordinator as a publisher, beside its fleet.
@Suite(.ownThread, .serialized, .enabled(if: Binary.url != nil && SharedData.directory != nil, "needs the built binary and ../shared/realdata"))
struct PublishTests {
    let http = EndToEndTests.http
    let file = SharedData.path("defillama_stablecoins_ZacharyDenton_2024.json") ?? ""

    @Test func importedRecordsArePublishedAndStreamed() async throws {
        let c = try await CoordinatorProcess()
        let admin = CoordinatorClient(base: c.url, token: c.admin, http: http)
        let publisher = try await admin.token(#"{"role":"publisher"}"#)
        let run = try await Binary.run(["import", "defillama-stablecoins", file, "--time", "1780000000", "--publish", c.url, "--token", publisher])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("published 206 records"), "\(run.stderr)")
        let snapshot = try await admin.send(.GET, "/v1/snapshot")
        #expect(snapshot.body.contains(#""USDT""#) && snapshot.body.contains(#""FRAX""#), "the stablecoins are in the coordinator's state")
        let export = try await Binary.run(["export", "--source", "coordinator:\(c.url)", "--token", c.admin, "--format", "json"])
        #expect(export.status == 0, "\(export.stderr)")
        #expect(export.stdout.contains(#""symbol":"USDT""#), "and in what a dashboard on it shows")
        _ = await c.stop()
    }

    @Test func aTokenThatMayNotPublishIsRefusedAndSaid() async throws {
        let c = try await CoordinatorProcess()
        let admin = CoordinatorClient(base: c.url, token: c.admin, http: http)
        let operatorToken = try await admin.token(#"{"role":"operator","operator":"op-a"}"#)
        let run = try await Binary.run(["import", "defillama-stablecoins", file, "--publish", c.url, "--token", operatorToken])
        #expect(run.status == 1)
        #expect(run.stderr.contains("refused the token"), "\(run.stderr)")
        let none = try await Binary.run(["import", "defillama-stablecoins", file, "--publish", c.url])
        #expect(none.status == 1 && none.stderr.contains("wants a publisher token"), "\(none.stderr)")
        let nothing = try await Binary.run(["import", "defillama-stablecoins", file])
        #expect(nothing.status == 2 && nothing.stderr.contains("--out FILE, --publish URL, or both"), "\(nothing.stderr)")
        _ = await c.stop()
    }
}
