import Testing
@testable import Analytics

@Suite struct ConcentrationTests {
    @Test func equalWeights() {
        let c = Concentration(weights: [5, 5, 5, 5])
        #expect(c.n == 4)
        #expect(c.nakamoto50 == 3)  // two of four hold exactly 50%, not strictly more
        #expect(abs(c.gini) < 1e-12)
        #expect(abs(c.hhi - 0.25) < 1e-12)
        #expect(c.top10Share == 1)
    }

    @Test func oneHolder() {
        let c = Concentration(weights: [0, 42, 0])
        #expect(c == Concentration(n: 1, nakamoto50: 1, gini: 0, hhi: 1, top10Share: 1, top1Share: 1, top3Share: 1))
    }

    @Test func handComputed() {
        // x = 1,2,3,4,10 (total 20): Σ i·xᵢ = 1+4+9+16+50 = 80; G = 160/100 − 6/5 = 0.4.
        // Shares .05 .1 .15 .2 .5 → HHI = .0025+.01+.0225+.04+.25 = .325. Largest 10 = 50%, not more: k = 2.
        let c = Concentration(weights: [10, 3, 1, 4, 2])
        #expect(c.n == 5)
        #expect(c.nakamoto50 == 2)
        #expect(abs(c.gini - 0.4) < 1e-12)
        #expect(abs(c.hhi - 0.325) < 1e-12)
        #expect(c.top10Share == 1)
    }

    @Test func topTenOfTwelve() {
        let c = Concentration(weights: Array(repeating: 1.0, count: 12))
        #expect(abs(c.top10Share - 10.0 / 12) < 1e-12)
        #expect(c.nakamoto50 == 7)
    }

    @Test func emptyAndZeroWeights() {
        #expect(Concentration(weights: []) == .empty)
        #expect(Concentration(weights: [0, 0, -1]) == .empty)
    }

    @Test func lorenzCurveEndsAtOneOne() {
        let points = lorenzCurve([1, 1, 2])
        #expect(points.first! == (0, 0))
        #expect(abs(points.last!.population - 1) < 1e-12 && abs(points.last!.weight - 1) < 1e-12)
        #expect(abs(points[1].weight - 0.25) < 1e-12)
    }
}

@Suite struct PegAndRateTests {
    @Test(arguments: [
        (1.0, PegBand.ok), (1.005, .ok), (0.995, .ok), (1.0051, .watch), (0.98, .watch), (0.979, .flag),
        (1.10, .flag), (0.899, .depegged), (1.5, .depegged),
    ])
    func bands(price: Double, band: PegBand) {
        #expect(PegBand(deviation: pegDeviation(price: price)) == band)
    }

    @Test func unknownWithoutPrice() {
        #expect(PegBand(deviation: pegDeviation(price: nil)) == .unknown)
        #expect(pegDeviation(price: 0.97)! < 0)
    }

    @Test func ratePerHour() {
        let samples = [Sample(ts: 0, value: 0), Sample(ts: 1_800_000, value: 5), Sample(ts: 3_600_000, value: 10)]
        #expect(Analytics.ratePerHour(samples) == 10)
        #expect(Analytics.ratePerHour([Sample(ts: 0, value: 1)]) == nil)
        #expect(relativeChange([Sample(ts: 0, value: 100), Sample(ts: 60_000, value: 75)], windowMillis: 3_600_000) == -0.25)
    }

    @Test func rateMeterCountsTheWindow() {
        var meter = RateMeter(windowMillis: 1000)
        meter.record(50, at: 100)
        meter.record(50, at: 900)
        #expect(meter.perSecond(at: 1000) == 100)
        #expect(meter.perSecond(at: 2500) == 0)
    }

    @Test func downsampleAverages() {
        #expect(downsample([1, 3, 5, 7], to: 2) == [2, 6])
        #expect(downsample([1, 2], to: 5) == [1, 2])
    }
}
