import Foundation
import TestSupport
import Testing

/// config.toml in a real terminal: a sort change is saved on the spot and restored at the next start;
/// a bad file (or theme) is said on the screen at once and the file is left as it was.
@Suite(.ownThread, .serialized, .enabled(if: Tmux.available && Binary.url != nil, "needs tmux and the built binary"))
struct SettingsEndToEndTests {
    let home = Scratch.path("s-\(UUID().uuidString.prefix(8))")
    var file: String { home + "/chaintop/config.toml" }

    func read(_ path: String) -> String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }

    @Test func aSortChangeIsSavedAndRestored() async {
        defer { try? FileManager.default.removeItem(atPath: home) }
        let first = Tmux()
        first.launch("--source sim:61", environment: ["XDG_CONFIG_HOME=\(home)"])
        await first.wait(for: "USDT")
        first.type("2")
        await first.wait(for: "Fleet —")
        first.type("ss")  // NODE → OPERATOR → REGION, A to Z
        await first.wait(for: "REGION▲")
        first.type("S")
        var s = await first.wait(for: "REGION▼")
        #expect(s.contains("REGION▼"), "\(s)")
        first.type("q")
        await first.waitForPrompt()
        first.stop()
        let saved = read(file)
        #expect(saved.contains("[sort.fleet]") && saved.contains("column = \"region\"") && saved.contains("descending = true"), "\(saved)")

        let second = Tmux()
        defer { second.stop() }
        second.launch("--source sim:61", environment: ["XDG_CONFIG_HOME=\(home)"])
        await second.wait(for: "USDT")
        second.type("2")
        s = await second.wait(for: "REGION▼")
        #expect(s.contains("REGION▼"), "the sort is restored: \(s)")
        second.type("q")
        await second.waitForPrompt()
    }

    @Test func aBadFileIsSaidAtOnceAndLeftAsItIs() async throws {
        defer { try? FileManager.default.removeItem(atPath: home) }
        try FileManager.default.createDirectory(atPath: home + "/chaintop", withIntermediateDirectories: true)
        let bad = "view = \"wallet\"\n"
        try bad.write(toFile: file, atomically: true, encoding: .utf8)
        let tmux = Tmux()
        defer { tmux.stop() }
        tmux.launch("--source sim:62 --theme nosuch", environment: ["XDG_CONFIG_HOME=\(home)"])
        var s = await tmux.wait(for: "'view' must be one of")
        #expect(s.contains("config.toml:") && s.contains("'view' must be one of overview, fleet"), "\(s)")
        #expect(s.contains("no theme 'nosuch'"), "the theme's warning is on the screen too: \(s)")
        #expect(s.contains("1 Overview"), "the defaults are used: \(s)")
        tmux.type("2")
        await tmux.wait(for: "Fleet —")
        tmux.type("s")
        s = await tmux.wait(for: "OPERATO")
        tmux.type("q")
        await tmux.waitForPrompt()
        #expect(read(file) == bad, "a file that could not be read is never overwritten")
    }

    @Test func noConfigNeitherReadsNorWrites() async throws {
        defer { try? FileManager.default.removeItem(atPath: home) }
        let tmux = Tmux()
        defer { tmux.stop() }
        tmux.launch("--source sim:63 --no-config", environment: ["XDG_CONFIG_HOME=\(home)"])
        await tmux.wait(for: "USDT")
        tmux.type("2")
        await tmux.wait(for: "Fleet —")
        tmux.type("ss")
        let s = await tmux.wait(for: "REGION▲")
        #expect(s.contains("REGION▲"), "\(s)")
        tmux.type("q")
        await tmux.waitForPrompt()
        #expect(!FileManager.default.fileExists(atPath: file))
    }
}
