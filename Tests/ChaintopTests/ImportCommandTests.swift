import Foundation
import TestSupport
import Testing

/// `chaintop import` as a user runs it: from a file to a recording the dashboard and export read.
@Suite(.ownThread, .serialized) struct ImportCommandTests {
    func temp(_ name: String, _ text: String? = nil) throws -> String {
        let path = Scratch.path("\(UUID().uuidString)-\(name)")
        if let text { try text.write(toFile: path, atomically: true, encoding: .utf8) }
        return path
    }

    static let votes = """
        symbol,proposal_id,voter,voting_power,choice,created
        UNI,p1,a,60,1,2025-12-03
        UNI,p1,b,30,2,2025-12-03
        UNI,p1,c,x,1,2025-12-04
        UNI,p1,a,5,3,2025-12-04
        UNI,p1,d,10,9,2025-12-05
        """
    static let proposals = """
        symbol,space_id,proposal_id,title,type,state,start,end,votes,scores_total,quorum,top_choice_pct,author
        UNI,uni.eth,p1,"Fees, on",basic,closed,2025-12-01,2025-12-08,3,100,0,60,0xabc
        """

    @Test func importsReportsBadRowsAndIsRepeatable() async throws {
        let v = try temp("votes.csv", Self.votes), p = try temp("proposals.csv", Self.proposals)
        let out1 = try temp("a.jsonl"), out2 = try temp("b.jsonl.gz"), out3 = try temp("c.jsonl")
        let r = try await Binary.run(["import", "snapshot-votes", v, "--proposals", p, "--out", out1])
        #expect(r.status == 0)
        #expect(r.stderr.contains("votes.csv:4:") && r.stderr.contains("votes.csv:5:") && r.stderr.contains("votes.csv:6:"))
        #expect(r.stderr.contains("imported 4 records from 6 rows") && r.stderr.contains("(3 bad rows)"))
        #expect(try await Binary.run(["import", "snapshot-votes", v, "--proposals", p, "--out", out3]).status == 0)
        #expect(FileManager.default.contents(atPath: out1) == FileManager.default.contents(atPath: out3))
        #expect(try await Binary.run(["import", "snapshot-votes", v, "--proposals", p, "--out", out2]).status == 0)
        for file in [out1, out2] {
            let e = try await Binary.run(["export", "--source", file, "--format", "json"])
            #expect(e.status == 0)
            let root = try #require(try JSONSerialization.jsonObject(with: Data(e.stdout.utf8)) as? [String: Any])
            let g = try #require((root["governance"] as? [[String: Any]])?.first)
            // d's choice 9 of a basic proposal is unknown: d still counts as a voter with weight.
            #expect(g["for"] as? Double == 60 && g["against"] as? Double == 30 && g["voters"] as? Int == 3)
            #expect((g["title"] as? String) == "Fees, on" && (root["holdings"] as? [Any])?.isEmpty == true)
        }
        // With the token's holders alongside, the Governance view shows their concentration beside the proposal.
        let holders = try temp("holders.csv", "address,balance,rank,share,token\nx,70,1,0.7,UNI\ny,20,2,0.2,UNI\nz,10,3,0.1,UNI\n")
        let both = try temp("both.jsonl")
        #expect(try await Binary.run(["import", "snapshot-votes", v, "--proposals", p, "--holders", holders, "--time", "2025-12-01",
                                "--out", both]).status == 0)
        let text = try await Binary.run(["export", "--source", both, "--format", "text", "--view", "governance", "--width", "100", "--height", "30"])
        #expect(text.stdout.contains("Fees, on") && text.stdout.contains("UNI holders: 3 with 100"))
        let e = try await Binary.run(["export", "--source", both, "--format", "json"])
        let root = try #require(try JSONSerialization.jsonObject(with: Data(e.stdout.utf8)) as? [String: Any])
        let h = try #require((root["holdings"] as? [[String: Any]])?.first)
        #expect(h["token"] as? String == "UNI" && h["holders"] as? Int == 3 && h["total"] as? Double == 100)
        #expect((h["concentration"] as? [String: Any])?["nakamoto50"] as? Int == 1)
    }

    @Test func usageErrorsExitTwoAndIOErrorsOne() async throws {
        let h = try temp("h.csv", "who,amount\na,1\n")
        let kind = try await Binary.run(["import", "nope", h, "--out", try temp("x.jsonl")])
        #expect(kind.status == 2 && kind.stderr.split(separator: "\n").count == 1 && kind.stderr.contains("unknown kind 'nope'"))
        let usage = try await Binary.run(["import", "holders-csv", h, "--map", "holder=nobody,balance=amount", "--symbol", "T", "--out", try temp("x.jsonl")])
        #expect(usage.status == 2 && usage.stderr.contains("no column nobody"))
        #expect(try await Binary.run(["import", "holders-csv", h, "--map", "wallet=who", "--out", try temp("x.jsonl")]).status == 2)
        let missing = try await Binary.run(["import", "votes-csv", "/nonexistent/votes.csv", "--out", try temp("x.jsonl")])
        #expect(missing.status == 1 && missing.stderr.split(separator: "\n").count == 1 && missing.stderr.contains("cannot open"))
        let notJSON = try await Binary.run(["import", "defillama-chains", h, "--time", "2026-01-01", "--out", try temp("x.jsonl")])
        #expect(notJSON.status == 1 && notJSON.stderr.contains("not JSON"))
        let unwritable = try await Binary.run(["import", "holders-csv", h, "--map", "holder=who,balance=amount", "--symbol", "T", "--out", "/nonexistent/dir/x.jsonl"])
        #expect(unwritable.status == 1 && unwritable.stderr.contains("cannot write"))
    }
}
