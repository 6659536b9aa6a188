import Foundation
import Testing

/// Nothing typed or clicked ends the dashboard by accident: only q, Ctrl-C and F10 leave.
@Suite(.ownThread, .serialized, .enabled(if: Tmux.available && Binary.url != nil, "needs tmux and the built binary"))
struct KeyTortureTests {
    func alive(_ seed: Int) -> Bool { system("pgrep -f 'source sim:\(seed)$' >/dev/null") == 0 }

    @Test func unboundKeysMouseAndNoiseNeverQuit() async {
        let tmux = Tmux()
        defer { tmux.stop() }
        let seed = 41  // used by no other test
        tmux.launch("--source sim:\(seed)")
        await tmux.wait(for: "USDT")
        // Every function key but F10, Insert and Delete, Ctrl-A…Ctrl-Y but Ctrl-C, Alt- and Esc-prefixed keys.
        for f in 1...12 where f != 10 { tmux.keys("F\(f)") }
        tmux.keys("IC", "DC", "Escape")
        for c in "abdefghijklmnopqrstuvwxy" { tmux.keys("C-\(c)") }
        tmux.keys("M-x", "M-1", "M-q", "Escape", "Escape")
        // Mouse press, release, drag and wheel at several places, in the X10 and the SGR encoding.
        for (x, y) in [(1, 1), (10, 5), (60, 20), (119, 39)] {
            let x10 = { (b: Int) in "\u{1B}[M" + String(UnicodeScalar(UInt8(32 + b))) + String(UnicodeScalar(UInt8(32 + x)))
                + String(UnicodeScalar(UInt8(32 + y))) }
            for b in [0, 3, 32, 64, 65] { tmux.type(x10(b)) }
            for seq in ["\u{1B}[<0;\(x);\(y)M", "\u{1B}[<0;\(x);\(y)m", "\u{1B}[<32;\(x + 1);\(y)M", "\u{1B}[<64;\(x);\(y)M",
                        "\u{1B}[<65;\(x);\(y)M"] { tmux.type(seq) }
        }
        // 1,000 random bytes, seeded, without the keys that are meant to act: q and Ctrl-C quit, R records.
        var rng = UInt64(12345)
        var noise = ""
        while noise.unicodeScalars.count < 1000 {
            rng = rng &* 6364136223846793005 &+ 1442695040888963407
            let b = UInt8(truncatingIfNeeded: rng >> 33) & 0x7F
            if [0x03, 0x71, 0x52, 0x00].contains(b) { continue }
            noise.unicodeScalars.append(UnicodeScalar(b))
        }
        for chunk in stride(from: 0, to: 1000, by: 100) {
            let scalars = Array(noise.unicodeScalars)[chunk..<min(chunk + 100, 1000)]
            tmux.type(String(String.UnicodeScalarView(scalars)))
        }
        #expect(alive(seed), "the dashboard is still running")
        #expect(alive(seed))
        // F10 leaves from whatever mode the noise left it in (a filter, help, a detail).
        tmux.keys("F10")
        await tmux.expectRestored("after the noise, F10")
    }

    @Test func f10Quits() async {
        let tmux = Tmux()
        defer { tmux.stop() }
        tmux.launch("--source sim:42")
        await tmux.wait(for: "USDT")
        tmux.keys("F10")
        await tmux.expectRestored("after F10")
    }
}
