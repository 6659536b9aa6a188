import Foundation
import TestSupport
import Testing

/// What `chaintop export` says about damaged input: gzip as gzip tools read it, and one line on
/// standard error where a stream broke, after exporting what decoded.
@Suite(.ownThread, .serialized) struct DamagedInputTests {
    let dir: String = {
        let d = Scratch.path("damaged-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }()

    var demo: String {
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { root.deleteLastPathComponent() }
        return root.appendingPathComponent("Fixtures/demo.jsonl").path
    }

    func records(_ stdout: String) -> Int? {
        guard let r = stdout.range(of: #""records":"#) else { return nil }
        return Int(stdout[r.upperBound...].prefix { $0.isNumber })
    }

    @Test func concatenatedMembersAndPlainTextNamedGz() async throws {
        let half = "\(dir)/a.gz", rest = "\(dir)/b.gz", both = "\(dir)/ab.jsonl.gz", plain = "\(dir)/plain.jsonl.gz"
        #expect(system("head -n 20000 '\(demo)' | gzip > '\(half)' && tail -n +20001 '\(demo)' | gzip > '\(rest)'") == 0)
        #expect(system("cat '\(half)' '\(rest)' > '\(both)' && cp '\(demo)' '\(plain)'") == 0)
        let whole = try await Binary.run(["export", "--source", demo])
        for path in [both, plain] {
            let r = try await Binary.run(["export", "--source", path])
            #expect(r.status == 0 && r.stderr.isEmpty, "\(path): \(r.stderr)")
            #expect(records(r.stdout) == records(whole.stdout) && records(whole.stdout) == 35_141)
        }
    }

    @Test func truncatedGzipExportsWhatDecodedAndSaysWhere() async throws {
        let whole = "\(dir)/whole.jsonl.gz", cut = "\(dir)/cut.jsonl.gz"
        #expect(system("gzip -c '\(demo)' > '\(whole)' && head -c 300000 '\(whole)' > '\(cut)'") == 0)
        let r = try await Binary.run(["export", "--source", cut])
        let kept = records(r.stdout) ?? 0
        #expect(kept > 1_000 && kept < 35_141)
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 1 && lines.first?.contains("truncated") == true && lines.first?.contains("at byte 300000") == true,
                "\(r.stderr)")
        #expect(r.status == 1, "what decoded is printed, and the broken file is an input failure")
    }
}
