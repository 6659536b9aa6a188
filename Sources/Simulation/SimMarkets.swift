import Feed

/// The simulated DeFi side: stablecoins with reserves and rare depegs, protocol TVL on several
/// chains with rare drains, and the reward token's price.
struct SimMarkets {
    struct Coin {
        var symbol: String
        var issuer: String
        var mechanism: String
        var supply: Double
        var reserveRatio: Double
        var composition: [(String, Double)]
        var price = 1.0
        /// A depeg under way: the price is pulled toward 1 + shock, and the shock decays.
        var shock = 0.0
        var halfLifeSeconds = 300.0
    }

    struct Pool {
        var protocolName: String
        var category: String
        var chain: String
        var usd: Double
    }

    var tokenPrice = 0.42
    var coins: [Coin] = [
        Coin(symbol: "USDT", issuer: "Tether", mechanism: "fiat-backed", supply: 1.38e11, reserveRatio: 1.04,
             composition: [("treasury_bills", 0.78), ("reverse_repo", 0.09), ("money_market_funds", 0.01),
                           ("cash", 0.004), ("secured_loans", 0.05), ("bitcoin", 0.04), ("gold", 0.026)]),
        Coin(symbol: "USDC", issuer: "Circle", mechanism: "fiat-backed", supply: 4.2e10, reserveRatio: 1.0,
             composition: [("treasury_bills", 0.72), ("reverse_repo", 0.2), ("cash", 0.08)]),
        Coin(symbol: "DAI", issuer: "MakerDAO", mechanism: "crypto-backed", supply: 5.3e9, reserveRatio: 1.45,
             composition: [("crypto_collateral", 0.55), ("real_world_assets", 0.25), ("psm_usdc", 0.2)]),
        Coin(symbol: "USDe", issuer: "Ethena", mechanism: "crypto-backed", supply: 5.8e9, reserveRatio: 1.01,
             composition: [("crypto_collateral", 0.8), ("liquid_stables", 0.2)]),
        Coin(symbol: "FDUSD", issuer: "First Digital", mechanism: "fiat-backed", supply: 2.0e9, reserveRatio: 1.0,
             composition: [("treasury_bills", 0.6), ("cash", 0.4)]),
        Coin(symbol: "FRAX", issuer: "Frax Finance", mechanism: "algorithmic", supply: 6.5e8, reserveRatio: 0.92,
             composition: [("crypto_collateral", 0.7), ("protocol_owned_liquidity", 0.3)]),
    ]
    var pools: [Pool] = []
    /// Protocols that suffered a drain, so one protocol is not drained twice.
    var drained: Set<String> = []

    static let protocols: [(String, String, Double, [String])] = [
        ("Lido", "Liquid Staking", 3.2e10, ["Ethereum"]),
        ("Aave", "Lending", 2.1e10, ["Ethereum", "Arbitrum", "Base"]),
        ("EigenLayer", "Restaking", 1.5e10, ["Ethereum"]),
        ("Sky", "CDP", 6.0e9, ["Ethereum"]),
        ("Ethena", "Basis Trading", 5.8e9, ["Ethereum"]),
        ("Uniswap", "Dexes", 5.5e9, ["Ethereum", "Arbitrum", "Base", "BSC"]),
        ("Pendle", "Yield", 4.5e9, ["Ethereum", "Arbitrum"]),
        ("Spark", "Lending", 3.5e9, ["Ethereum"]),
        ("Morpho", "Lending", 3.0e9, ["Ethereum", "Base"]),
        ("Jito", "Liquid Staking", 2.9e9, ["Solana"]),
        ("Compound", "Lending", 2.5e9, ["Ethereum", "Arbitrum", "Base"]),
        ("Rocket Pool", "Liquid Staking", 2.5e9, ["Ethereum"]),
        ("Kamino", "Lending", 2.4e9, ["Solana"]),
        ("Curve", "Dexes", 2.0e9, ["Ethereum", "Arbitrum"]),
        ("Raydium", "Dexes", 1.9e9, ["Solana"]),
        ("PancakeSwap", "Dexes", 1.8e9, ["BSC", "Ethereum", "Arbitrum"]),
        ("Venus", "Lending", 1.7e9, ["BSC"]),
        ("Jupiter", "Dexes", 1.5e9, ["Solana"]),
        ("Marinade", "Liquid Staking", 1.4e9, ["Solana"]),
        ("Convex", "Yield", 1.2e9, ["Ethereum"]),
        ("Aerodrome", "Dexes", 1.1e9, ["Base"]),
        ("Balancer", "Dexes", 8.0e8, ["Ethereum", "Arbitrum", "Base"]),
        ("GMX", "Derivatives", 5.0e8, ["Arbitrum"]),
        ("Orca", "Dexes", 3.0e8, ["Solana"]),
    ]

    init() {
        for (name, category, usd, chains) in SimMarkets.protocols {
            for (k, chain) in chains.enumerated() {
                // The home chain holds most; the rest split what is left.
                let share = chains.count == 1 ? 1 : (k == 0 ? 0.7 : 0.3 / Double(chains.count - 1))
                pools.append(Pool(protocolName: name, category: category, chain: chain, usd: usd * share))
            }
        }
    }

    mutating func bootstrap(rng: inout SeededRandom, emit: (RecordBody) -> Void) {
        for i in coins.indices { emit(.stablecoin(record(coins[i]))) }
        for pool in pools { emit(.tvl(record(pool))) }
    }

    mutating func step(second: Int64, rate: Double, rng: inout SeededRandom, emit: (RecordBody) -> Void) {
        if second % 15 == 0 {
            for i in coins.indices {
                moveCoin(&coins[i], rate: rate, rng: &rng)
                emit(.stablecoin(record(coins[i])))
            }
        }
        // Each pool reports every 30 s, the pools spread over the interval.
        for i in pools.indices where (second + Int64(i)) % 30 == 0 {
            movePool(i, rate: rate, rng: &rng)
            emit(.tvl(record(pools[i])))
        }
    }

    private func record(_ c: Coin) -> Stablecoin {
        let reserves = c.composition.map { ReserveEntry(category: $0.0, usd: (c.supply * c.reserveRatio * $0.1).rounded()) }
        return Stablecoin(symbol: c.symbol, issuer: c.issuer, peg: "USD", price: round6(c.price),
                          supply: c.supply.rounded(), reserves: reserves, mechanism: c.mechanism)
    }

    private func record(_ p: Pool) -> TVL {
        TVL(protocolName: p.protocolName, chain: p.chain, category: p.category, usd: p.usd.rounded())
    }

    private func moveCoin(_ c: inout Coin, rate: Double, rng: inout SeededRandom) {
        if c.shock == 0, rng.chance(0.0012 * rate) {
            c.shock = -rng.uniform(0.008, 0.2)
            c.halfLifeSeconds = rng.uniform(180, 900)
        }
        c.shock *= pow2(-15 / c.halfLifeSeconds)
        if abs(c.shock) < 0.0005 { c.shock = 0 }
        // Mean-reverting noise around the peg (or around the shocked level).
        let target = 1 + c.shock
        c.price += (target - c.price) * 0.5 + rng.normal() * 0.0004
        c.supply *= 1 + rng.normal() * 0.0002 + (c.shock < -0.02 ? -0.002 : 0)  // redemptions in a depeg
    }

    private mutating func movePool(_ i: Int, rate: Double, rng: inout SeededRandom) {
        let name = pools[i].protocolName
        if !drained.contains(name), rng.chance(0.00008 * rate) {
            drained.insert(name)
            pools[i].usd *= rng.uniform(0.1, 0.6)  // an exploit or a bank run
            return
        }
        pools[i].usd *= 1 + rng.normal() * 0.003
    }

    /// Starts a depeg of `symbol`: its price is pulled `by` below the peg and recovers slowly.
    mutating func depeg(_ symbol: String, by drop: Double, halfLifeSeconds: Double) {
        guard let i = coins.firstIndex(where: { $0.symbol == symbol }) else { return }
        coins[i].shock = -drop
        coins[i].halfLifeSeconds = halfLifeSeconds
    }

    /// Drains a protocol on every chain, keeping a fraction of its TVL.
    mutating func drain(_ name: String, keeping fraction: Double) {
        drained.insert(name)
        for i in pools.indices where pools[i].protocolName == name { pools[i].usd *= fraction }
    }

    mutating func walkTokenPrice(_ rng: inout SeededRandom) -> Double {
        tokenPrice = round6(tokenPrice * expo(rng.normal() * 0.004))
        return tokenPrice
    }
}

func round6(_ x: Double) -> Double { (x * 1_000_000).rounded() / 1_000_000 }
func pow2(_ x: Double) -> Double { expo(x * 0.6931471805599453) }
