import Analytics
import Export
import Feed
import Foundation
import Importers
import Store
import Testing

@Suite(.enabled(if: RealData.available, "../shared/realdata is absent (a user's clone): real-data import checks skipped"))
struct RealDataImportTests {
    @Test func snapshotVotesCSVPerProposal() throws {
        var o = ImportOptions()
        o.proposals = [try RealData.file("snapshot_proposals_2025-2026.csv")]
        let result = try Importer.run(.snapshotVotes, [try RealData.file("snapshot_votes_2025-2026.csv")], options: o)
        #expect(result.problems.isEmpty)
        let store = state(result)
        // Reference: the rows themselves, and the proposals' own vote counts and scores_total.
        let proposals = try RealData.csv("snapshot_proposals_2025-2026.csv")
        let header = proposals[0]
        let idCol = try #require(header.firstIndex(of: "proposal_id")), typeCol = try #require(header.firstIndex(of: "type"))
        let votesCol = try #require(header.firstIndex(of: "votes")), totalCol = try #require(header.firstIndex(of: "scores_total"))
        var type: [String: String] = [:], published: [String: (Int, Double)] = [:]
        for row in proposals.dropFirst() {
            type[row[idCol]] = row[typeCol]
            published[row[idCol]] = (Int(row[votesCol]) ?? -1, Double(row[totalCol]) ?? -1)
        }
        var byProposal: [String: [(weight: Double, choice: Int)]] = [:]
        for row in try RealData.csv("snapshot_votes_2025-2026.csv").dropFirst() {
            byProposal[row[1], default: []].append((Double(row[3]) ?? -1, Int(row[4]) ?? -1))
        }
        #expect(byProposal.values.reduce(0) { $0 + $1.count } == 19_772)
        let report = Report(store: store)
        for (id, votes) in byProposal {
            let entry = try #require(store.state.governance.index[id].map { store.state.governance.proposals[$0] })
            let total = votes.reduce(0) { $0 + $1.weight }
            #expect(entry.voters == votes.count)
            #expect(close(entry.totalWeight, total))
            if let (count, scores) = published[id] {
                #expect(entry.voters == count)
                #expect(close(entry.totalWeight, scores, 1e-6))
            }
            #expect(Reference(votes.map(\.weight)).matches(report.voteConcentration(entry)))
            if type[id] == "basic" {
                func sum(_ c: Int) -> Double { votes.filter { $0.choice == c }.reduce(0) { $0 + $1.weight } }
                #expect(close(entry.forWeight, sum(1)) && close(entry.againstWeight, sum(2)) && close(entry.abstainWeight, sum(3)))
            } else {
                let results = entry.choiceResults()
                for c in 1...max(1, results.scores.count) where c <= results.scores.count {
                    #expect(close(results.scores[c - 1], votes.filter { $0.choice == c }.reduce(0) { $0 + $1.weight }))
                }
            }
        }
    }

    @Test func weightedSnapshotVotesSplitPowerInProportion() throws {
        var o = ImportOptions()
        o.proposal = "cvx-gauge"
        let result = try Importer.run(.snapshotVotes, [try RealData.file("snapshot_votes_cvx_gauge_weighted_week1726704000.json")], options: o)
        #expect(result.problems.isEmpty)
        let entry = try #require(state(result).state.governance.proposals.first)
        let raw = try #require(try RealData.json("snapshot_votes_cvx_gauge_weighted_week1726704000.json") as? [[String: Any]])
        var expected: [Int: Double] = [:]
        var vps: [Double] = []
        for v in raw {
            let vp = try #require(v["vp"] as? Double)
            let choice = try #require(v["choice"] as? [String: Double])
            let sum = choice.values.reduce(0, +)
            for (k, w) in choice { expected[Int(k) ?? -1, default: 0] += vp * w / sum }
            vps.append(vp)
        }
        #expect(entry.voters == 193)
        #expect(close(entry.totalWeight, vps.reduce(0, +)))
        #expect(Reference(vps).matches(Report(store: state(result)).voteConcentration(entry)))
        let scores = entry.choiceResults().scores
        for (choice, weight) in expected { #expect(close(scores[choice - 1], weight, 1e-9)) }
        #expect(scores.enumerated().allSatisfy { expected[$0.offset + 1] != nil || $0.element == 0 })
    }

    @Test func governorAlphaEvents() throws {
        let result = try Importer.run(.governorEvents, [try RealData.file("uniswap_governor_alpha_v2_events.csv")])
        #expect(result.problems.isEmpty)
        let store = state(result)
        var forW: [String: Double] = [:], against: [String: Double] = [:], weights: [String: [Double]] = [:]
        let rows = try RealData.csv("uniswap_governor_alpha_v2_events.csv")
        let h = rows[0]
        let ev = try #require(h.firstIndex(of: "event_name")), pid = try #require(h.firstIndex(of: "proposalId"))
        let sup = try #require(h.firstIndex(of: "support")), vot = try #require(h.firstIndex(of: "votes"))
        for row in rows.dropFirst() where row[ev] == "VoteCast" {
            let id = String(row[pid].split(separator: ".")[0])
            let w = (Double(row[vot]) ?? -1) / 1e18
            if row[sup] == "True" { forW[id, default: 0] += w } else { against[id, default: 0] += w }
            weights[id, default: []].append(w)
        }
        #expect(weights.values.reduce(0) { $0 + $1.count } == 519)
        for (id, ws) in weights {
            let entry = try #require(store.state.governance.index[id].map { store.state.governance.proposals[$0] })
            #expect(entry.voters == ws.count)
            #expect(close(entry.forWeight, forW[id] ?? 0, 1e-12) && close(entry.againstWeight, against[id] ?? 0, 1e-12))
            #expect(Reference(ws).matches(Report(store: store).voteConcentration(entry)))
        }
        // ProposalCreated gives the title; ProposalExecuted or …Canceled the end state.
        let created = rows.dropFirst().filter { $0[ev] == "ProposalCreated" }
        #expect(created.count == 2)
        for row in created {
            let id = String(row[try #require(h.firstIndex(of: "id"))].split(separator: ".")[0])
            let entry = try #require(store.state.governance.index[id].map { store.state.governance.proposals[$0] })
            #expect(!entry.proposal.title.hasPrefix("Proposal ") && entry.proposal.token == nil)
        }
        #expect(store.state.governance.proposals.contains { $0.proposal.state == .executed })
    }

    @Test func uniswapVotesCSVWithAColumnMap() throws {
        var o = ImportOptions()
        o.map = ["voter": "VOTER_ADDRESS", "weight": "VOTES", "proposal": "PROPOSAL", "support": "SUPPORT", "time": "BLOCK_TIMESTAMP"]
        let result = try Importer.run(.votesCSV, [try RealData.file("uniswap_proposals_df_20220806-2250.csv")], options: o)
        #expect(result.problems.isEmpty)
        let store = state(result)
        var tallies: [String: [String: Double]] = [:], weights: [String: [Double]] = [:]
        for row in try RealData.csv("uniswap_proposals_df_20220806-2250.csv").dropFirst() {
            let w = Double(row[3]) ?? -1
            tallies[row[0], default: [:]][row[1], default: 0] += w
            weights[row[0], default: []].append(w)
        }
        for (id, t) in tallies {
            let entry = try #require(store.state.governance.index[id].map { store.state.governance.proposals[$0] })
            #expect(close(entry.forWeight, t["For"] ?? 0) && close(entry.againstWeight, t["Against"] ?? 0)
                    && close(entry.abstainWeight, t["2"] ?? 0))
            #expect(Reference(weights[id] ?? []).matches(Report(store: store).voteConcentration(entry)))
        }
    }

    @Test func defiLlamaProtocolsTVLTotalAndByChain() throws {
        let result = try Importer.run(.defillamaProtocols, [try RealData.file("defillama_lite-protocols2.json")])
        let list = try #require(try RealData.json("defillama_lite-protocols2.json") as? [[String: Any]])
        let valid = list.filter { ($0["tvl"] as? Double).map { $0 >= 0 } ?? false }
        #expect(result.problems.count == list.filter { ($0["tvl"] as? Double).map { $0 < 0 } ?? false }.count)
        let tvl = state(result).state.tvl
        let total = valid.reduce(0.0) { $0 + ($1["tvl"] as? Double ?? 0) }
        #expect(close(tvl.totalUSD, total, 1e-9))
        #expect(tvl.protocols.count == valid.count)
        var byChain: [String: Double] = [:]
        for p in valid {
            let chains = p["chains"] as? [String] ?? []
            byChain[chains.count == 1 ? chains[0] : "all", default: 0] += p["tvl"] as? Double ?? 0
        }
        var imported: [String: Double] = [:]
        for p in tvl.protocols { for c in p.chains { imported[c.chain, default: 0] += c.usd } }
        #expect(imported.count == byChain.count)
        for (chain, usd) in byChain { #expect(close(imported[chain] ?? -1, usd, 1e-9)) }
        #expect(Reference(valid.map { $0["tvl"] as? Double ?? 0 }).matches(Report(store: state(result)).tvlConcentration))
    }

    /// The live source loads /protocols and /v2/chains side by side: the chain totals are listed, but
    /// the total and the concentration count the protocols alone (the same money, measured twice).
    @Test func chainTotalsBesideProtocolsAreNotCountedTwice() throws {
        let protocols = try Importer.run(.defillamaProtocols, [try RealData.file("defillama_lite-protocols2.json")])
        let chains = try Importer.run(.defillamaChains, [try RealData.file("defillama_v2_chains.json")])
        var both = ImportResult()
        both.records = (protocols.records + chains.records).enumerated().map { k, r in
            var renumbered = r
            renumbered.seq = Int64(k + 1)
            return renumbered
        }
        let alone = state(protocols).state.tvl
        let store = state(both)
        let tvl = store.state.tvl
        #expect(tvl.protocols.count == alone.protocols.count + 1, "the chain totals are listed")
        #expect(close(tvl.totalUSD, alone.totalUSD, 1e-12))
        #expect(Report(store: store).tvlConcentration == Report(store: state(protocols)).tvlConcentration)
        let chainsAlone = state(chains).state.tvl
        #expect(chainsAlone.totalUSD > 0, "on their own, the chain totals are the total")
    }

    @Test func defiLlamaProtocolHistoryAndChains() throws {
        let kamino = try Importer.run(.defillamaProtocol, [try RealData.file("defillama_protocol_kamino-lend.json")])
        let raw = try #require(try RealData.json("defillama_protocol_kamino-lend.json") as? [String: Any])
        let series = try #require(raw["tvl"] as? [[String: Any]])
        #expect(kamino.records.count == series.count)
        let p = try #require(state(kamino).state.tvl.protocols.first)
        // The last point, on Solana only: the borrowed keys are not TVL.
        #expect(p.chains.map(\.chain) == ["Solana"])
        #expect(close(p.totalUSD, series.last?["totalLiquidityUSD"] as? Double ?? -1))
        #expect(kamino.records.first?.ts == (series.first?["date"] as? Double).map { Int64($0) * 1000 })

        let chains = try Importer.run(.defillamaChains, [try RealData.file("defillama_v2_chains.json")])
        let list = try #require(try RealData.json("defillama_v2_chains.json") as? [[String: Any]])
        let all = try #require(state(chains).state.tvl.protocols.first)
        #expect(all.chains.count == 450)
        #expect(close(all.totalUSD, list.reduce(0) { $0 + (($1["tvl"] as? Double) ?? 0) }, 1e-9))
    }

    @Test func defiLlamaStablecoinsSupplyBandsAndConcentration() throws {
        let result = try Importer.run(.defillamaStablecoins, [try RealData.file("defillama_stablecoins_ZacharyDenton_2024.json")])
        #expect(result.problems.isEmpty)
        let store = state(result)
        let root = try #require(try RealData.json("defillama_stablecoins_ZacharyDenton_2024.json") as? [String: Any])
        let assets = try #require(root["peggedAssets"] as? [[String: Any]])
        #expect(store.state.stablecoins.coins.count == assets.count)
        var byIssuer: [String: Double] = [:]
        var flagged = 0, depegged = 0
        for a in assets {
            let peg = a["pegType"] as? String ?? ""
            let supply = (a["circulating"] as? [String: Double])?[peg] ?? 0
            let price = a["price"] as? Double
            let usd = peg == "peggedUSD" ? supply : price.map { supply * $0 } ?? 0
            byIssuer[a["name"] as? String ?? "", default: 0] += usd
            if peg == "peggedUSD", let price {
                // Deviations to 9 decimals, as the bands are defined: 0.98 is 2%, not 2.0000000000000018%.
                let d = (abs(price - 1) * 1e9).rounded() / 1e9
                if d > 0.10 { depegged += 1 } else if d > 0.02 { flagged += 1 }
            }
        }
        let report = Report(store: store)
        #expect(Reference(Array(byIssuer.values)).matches(report.stablecoinConcentration))
        let bands = store.state.stablecoins.coins.filter { $0.coin.peg == "USD" }.map { PegBand(deviation: pegDeviation(price: $0.coin.price)) }
        #expect(bands.filter { $0 == .depegged }.count == depegged)
        #expect(bands.filter { $0 == .flag }.count == flagged)
        let usdt = try #require(store.state.stablecoins.coins.first { $0.coin.symbol == "USDT" })
        #expect(usdt.coin.supply == (assets[0]["circulating"] as? [String: Double])?["peggedUSD"])
    }

    @Test func defiLlamaStablecoinHistory() throws {
        let result = try Importer.run(.defillamaStablecoincharts, [try RealData.file("defillama_stablecoincharts_all.json")])
        #expect(result.problems.isEmpty)
        let points = try #require(try RealData.json("defillama_stablecoincharts_all.json") as? [[String: Any]])
        #expect(points.count == 3187)
        #expect(result.records.count == points.reduce(0) { $0 + (($1["totalCirculating"] as? [String: Any])?.count ?? 0) })
        let last = try #require(points.last)
        let usd = try #require(state(result).state.stablecoins.coins.first { $0.coin.symbol == "ALL-USD" })
        let units = try #require((last["totalCirculating"] as? [String: Double])?["peggedUSD"])
        let worth = try #require((last["totalCirculatingUSD"] as? [String: Double])?["peggedUSD"])
        #expect(usd.coin.supply == units)
        #expect(close(usd.coin.price ?? -1, worth / units))
        #expect(result.records.last?.ts == Int64(last["date"] as? String ?? "").map { $0 * 1000 })
    }

    @Test func holdersConcentration() throws {
        let result = try Importer.run(.holdersCSV, [try RealData.file("token_holders_top1000_UNI_2026-04-01.csv"),
                                                    try RealData.file("token_holders_top1000_AAVE_2026-04-01.csv")])
        #expect(result.problems.isEmpty)
        let store = state(result)
        for token in ["UNI", "AAVE"] {
            let rows = try RealData.csv("token_holders_top1000_\(token)_2026-04-01.csv").dropFirst()
            let h = try #require(store.state.holdings[token])
            #expect(h.holders == rows.count)
            #expect(Reference(rows.map { Double($0[1]) ?? -1 }).matches(Report(store: store).holdingConcentration(h)))
        }
        var o = ImportOptions()
        o.map = ["holder": "addressNames", "balance": "poolholdings"]
        o.token = "CRV"
        let crv = try Importer.run(.holdersCSV, [try RealData.file("curve_token_distribution.csv")], options: o)
        // "Curve Vesting Escrow" is listed twice: the repeat is reported with its line, the first kept.
        #expect(crv.problems.map(\.row) == [24])
        var first: [String: Double] = [:]
        for row in try RealData.csv("curve_token_distribution.csv").dropFirst() where first[row[0]] == nil { first[row[0]] = Double(row[1]) }
        let h = try #require(state(crv).state.holdings["CRV"])
        #expect(Reference(Array(first.values)).matches(Report(store: state(crv)).holdingConcentration(h)))
    }

    @Test func importingTwiceGivesTheSameRecords() throws {
        for (kind, name) in [(ImportKind.snapshotVotes, "snapshot_votes_2025-2026.csv"), (.defillamaProtocols, "defillama_lite-protocols2.json"),
                             (.governorEvents, "uniswap_governor_alpha_v2_events.csv")] {
            let a = try Importer.run(kind, [try RealData.file(name)]), b = try Importer.run(kind, [try RealData.file(name)])
            #expect(lines(a) == lines(b))
        }
    }
}
