import Testing
@testable import Dashboard
@testable import UI

/// Every size from 1×1 to 300×100 renders without crashing, and the canvas is exactly that size.
@Suite struct PropertyTests {
    @Test func everySizeRenders() {
        var details: [Model] = []
        for (screen, key) in [(Screen.fleet, Key.enter), (.stablecoins, .enter), (.tvl, .enter), (.governance, .enter), (.rewards, .char("?"))] {
            var m = Fixture.model(screen, 120, 40)
            _ = update(&m, .key(key))
            details.append(m)
        }
        let screens = Screen.allCases.map { Fixture.model($0, 120, 40) }
        var rendered = 0
        for width in 1...300 {
            for height in 1...100 {
                var m = (width * 7 + height) % 3 == 0 ? details[(width + height) % details.count]
                                                       : screens[(width + height) % 6]
                _ = update(&m, .resize(Size(width: width, height: height)))
                let canvas = view(m)
                #expect(canvas.size == Size(width: width, height: height))
                rendered += 1
            }
        }
        #expect(rendered == 30_000)
    }
}
