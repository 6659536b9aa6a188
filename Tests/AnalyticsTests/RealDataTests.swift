import Foundation
import TestSupport
import Testing
@testable import Analytics

/// Checks against the public data in ../shared/realdata (see its SOURCES.md). A user's own clone
/// has no such folder: the tests then skip with a message.
enum RealData {
    static let directory: URL? = SharedData.directory

    static func text(_ name: String) -> String? {
        guard let dir = directory else { return nil }
        return try? String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
    }

    static var available: Bool { directory != nil }

    /// Naive CSV split: these files have no quoted commas in the columns we read.
    static func rows(_ name: String) -> [[String]] {
        (text(name) ?? "").split(whereSeparator: \.isNewline).dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }
}

@Suite(.enabled(if: RealData.available, "../shared/realdata is absent (a user's clone): real-data checks skipped"))
struct RealDataTests {
    @Test func curveHoldersMatchThePublishedAnalysis() {
        let weights = RealData.rows("curve_token_distribution.csv")
            .filter { $0.count == 2 && $0[0] != "Voting Escrow" && $0[0] != "Curve Vesting Escrow" }
            .compactMap { Double($0[1]) }
        let c = Concentration(weights: weights)
        #expect(c.nakamoto50 == 23)
        #expect(abs(c.gini - 0.8402) < 0.00005)
        #expect(c.n == 997)
    }

    @Test func uniswapVotesPerProposal() {
        // PROPOSAL,SUPPORT,VOTER_ADDRESS,VOTES,…: the latest vote of each voter per proposal.
        var byProposal: [String: [String: Double]] = [:]
        for row in RealData.rows("uniswap_proposals_df_20220806-2250.csv") where row.count >= 4 {
            guard let votes = Double(row[3]) else { continue }
            byProposal[row[0], default: [:]][row[2]] = votes
        }
        #expect(byProposal.count > 20)
        for (_, voters) in byProposal {
            let c = Concentration(weights: voters.values)
            guard c.n > 0 else { continue }
            #expect(c.nakamoto50 >= 1 && c.nakamoto50 <= c.n)
            #expect(c.gini >= 0 && c.gini < 1)
            #expect(c.hhi >= 1 / Double(c.n) - 1e-12 && c.hhi <= 1)
        }
        // Governance is concentrated: in the typical proposal a handful of delegates decide it.
        let medians = byProposal.values.map { Concentration(weights: $0.values).nakamoto50 }.filter { $0 > 0 }.sorted()
        #expect(medians[medians.count / 2] <= 10)
    }

    @Test func defiLlamaTVLByProtocol() throws {
        let data = Data((RealData.text("defillama_lite-protocols2.json") ?? "[]").utf8)
        let list = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        let tvls = list.compactMap { $0["tvl"] as? Double }
        #expect(tvls.count > 5000)
        let c = Concentration(weights: tvls)
        // Thousands of protocols, but a few dozen hold half of all TVL.
        #expect(c.n > 5000)
        #expect(c.nakamoto50 < 60)
        #expect(c.gini > 0.9)
    }

    @Test func defiLlamaStablecoinsByIssuer() throws {
        let data = Data((RealData.text("defillama_stablecoins_ZacharyDenton_2024.json") ?? "{}").utf8)
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let assets = try #require(root["peggedAssets"] as? [[String: Any]])
        let supplies = assets.compactMap { a -> Double? in
            guard let c = a["circulating"] as? [String: Any] else { return nil }
            return c["peggedUSD"] as? Double
        }
        let c = Concentration(weights: supplies)
        #expect(c.nakamoto50 == 1)  // Tether alone is more than half of all USD stablecoins
        #expect(c.hhi > 0.3)
    }
}
