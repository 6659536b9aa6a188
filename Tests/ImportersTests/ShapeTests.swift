import Feed
import Importers
import Store
import Testing

/// The shapes the real files in ../shared/realdata do not cover: full DefiLlama responses and JSON event logs.
struct ShapeTests {
    func file(_ text: String, _ name: String = "f.json") -> ImportFile { ImportFile(name: name, bytes: Array(text.utf8), modified: 0) }

    @Test func nonTVLKeysAreNeverSummedIntoTVL() throws {
        let protocols = """
            [{"name":"Lend","category":"Lending","tvl":999,"chainTvls":{"Ethereum":100,"Ethereum-borrowed":50,"borrowed":50,
              "staking":7,"Arbitrum":20,"Arbitrum-staking":3,"pool2":1,"treasury":9,"OP Mainnet":5}}]
            """
        let r = try Importer.run(.defillamaProtocols, [file(protocols)])
        let p = try #require(state(r).state.tvl.protocols.first)
        #expect(p.chains.map(\.chain) == ["Ethereum", "Arbitrum", "OP Mainnet"] && p.totalUSD == 125 && p.category == "Lending")

        let history = """
            {"name":"Lend","category":"Lending","chainTvls":{
              "Ethereum":{"tvl":[{"date":1700000000,"totalLiquidityUSD":10},{"date":1700086400,"totalLiquidityUSD":12}]},
              "Ethereum-borrowed":{"tvl":[{"date":1700000000,"totalLiquidityUSD":99}]},
              "borrowed":{"tvl":[{"date":1700000000,"totalLiquidityUSD":99}]},
              "Base":{"tvl":[{"date":1700086400,"totalLiquidityUSD":3},{"date":"x","totalLiquidityUSD":1}]}},
             "tvl":[{"date":1700000000,"totalLiquidityUSD":10}]}
            """
        let h = try Importer.run(.defillamaProtocol, [file(history)])
        #expect(h.problems.map(\.row) == [2])  // Base's second point has no date
        let s = state(h).state.tvl.protocols[0]
        #expect(s.chains.map(\.chain) == ["Ethereum", "Base"] && s.totalUSD == 15)
        #expect(h.records.map(\.ts) == [1_700_000_000_000, 1_700_086_400_000, 1_700_086_400_000])
    }

    @Test func openZeppelinEventsAsJSON() throws {
        let events = """
            {"events":[
             {"event":"ProposalCreated","blockTimestamp":"2024-05-01T00:00:00Z","args":{"proposalId":"77","description":"Raise the cap\\nmore"}},
             {"event":"VoteCast","blockTimestamp":1714521600,"args":{"voter":"a","proposalId":"77","support":1,"weight":"2000000000000000000"}},
             {"event":"VoteCast","blockTimestamp":1714521601,"args":{"voter":"b","proposalId":"77","support":2,"weight":"500000000000000000"}},
             {"event":"VoteCast","blockTimestamp":1714521602,"args":{"voter":"c","proposalId":"77","support":3,"weight":"1"}},
             {"event":"ProposalCanceled","blockTimestamp":1714607999,"args":{"proposalId":"77"}}]}
            """
        var o = ImportOptions()
        o.token = "GOV"
        let r = try Importer.run(.governorEvents, [file(events)], options: o)
        #expect(r.problems.map(\.row) == [4])  // support 3 is none of 0, 1, 2
        let p = try #require(state(r).state.governance.proposals.first)
        #expect(p.proposal.title == "Raise the cap" && p.proposal.state == .canceled && p.proposal.token == "GOV")
        #expect(p.forWeight == 2 && p.abstainWeight == 0.5 && p.voters == 2)
    }

    @Test func stablecoinShapes() throws {
        let current = """
            {"peggedAssets":[
             {"id":"1","name":"Tether","symbol":"USDT","pegType":"peggedUSD","pegMechanism":"fiat-backed","price":1.001,
              "circulating":{"peggedUSD":100},"circulatingPrevDay":0},
             {"id":"2","name":"Euro Coin","symbol":"EURC","pegType":"peggedEUR","price":1.1,"circulating":{"peggedEUR":50}},
             {"id":"3","name":"Other","symbol":"USDT","pegType":"peggedUSD","price":null,"circulating":{"peggedUSD":10}},
             {"id":"4","name":"Broken","symbol":"BRK","pegType":"peggedUSD","circulating":{"peggedEUR":10}}]}
            """
        let r = try Importer.run(.defillamaStablecoins, [file(current)])
        #expect(r.problems.map(\.row) == [4])
        let coins = state(r).state.stablecoins.coins.map(\.coin)
        #expect(coins.map(\.symbol) == ["USDT", "EURC", "USDT#3"])
        #expect(coins[1].peg == "EUR" && close(coins[1].supplyUSD ?? 0, 55) && coins[2].price == nil && coins[0].mechanism == "fiat-backed")

        let coin = """
            {"symbol":"USDS","name":"Sky Dollar","pegType":"peggedUSD","tokens":[
             {"date":1726617600,"circulating":{"peggedUSD":98}},{"date":1726704000,"circulating":{"peggedUSD":206}}]}
            """
        let h = try Importer.run(.defillamaStablecoincharts, [file(coin)])
        #expect(state(h).state.stablecoins.coins.first?.coin.supply == 206 && h.records.count == 2)
    }
}
