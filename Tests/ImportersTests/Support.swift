import Analytics
import Export
import Feed
import Foundation
import TestSupport
import Importers
import Store

/// The public data in ../shared/realdata (see its SOURCES.md); absent in a user's clone, where the
/// real-data tests skip with a message.
enum RealData {
    static let directory: URL? = SharedData.directory

    static var available: Bool { directory != nil }

    static func file(_ name: String) throws -> ImportFile {
        guard let dir = directory else { throw CocoaError(.fileNoSuchFile) }
        let data = try Data(contentsOf: dir.appendingPathComponent(name))
        return ImportFile(name: name, bytes: Array(data), modified: 1_700_000_000_000)
    }

    static func json(_ name: String) throws -> Any {
        guard let dir = directory else { throw CocoaError(.fileNoSuchFile) }
        return try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent(name)))
    }

    /// The rows of a CSV file, split by a reference reader of its own (quotes, doubled quotes,
    /// line breaks inside quotes), header first.
    static func csv(_ name: String) throws -> [[String]] {
        guard let dir = directory else { throw CocoaError(.fileNoSuchFile) }
        return referenceCSV(try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8))
    }
}

func referenceCSV(_ text: String) -> [[String]] {
    var rows: [[String]] = [], row: [String] = [], field = "", quoted = false
    var chars = Array(text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\u{FEFF}", with: ""))
    chars.append("\n")
    var i = 0
    while i < chars.count {
        let c = chars[i]
        if quoted {
            if c == "\"" { if i + 1 < chars.count, chars[i + 1] == "\"" { field.append("\""); i += 1 } else { quoted = false } } else { field.append(c) }
        } else if c == "\"" { quoted = true } else if c == "," { row.append(field); field = "" } else if c == "\n" {
            row.append(field); field = ""
            if row != [""] { rows.append(row) }
            row = []
        } else { field.append(c) }
        i += 1
    }
    return rows
}

/// The concentration figures by the definitions of feed-v1.md, computed here independently of Analytics.
struct Reference: Equatable {
    var n: Int, nakamoto: Int, gini: Double, hhi: Double, top10: Double

    init(_ weights: [Double]) {
        let xs = weights.filter { $0 > 0 }.sorted()
        let total = xs.reduce(0, +)
        n = xs.count
        var running = 0.0
        nakamoto = 0
        for x in xs.reversed() where running <= total / 2 { running += x; nakamoto += 1 }
        let ranked = xs.enumerated().reduce(0.0) { $0 + Double($1.offset + 1) * $1.element }
        gini = n == 0 ? 0 : 2 * ranked / (Double(n) * total) - Double(n + 1) / Double(n)
        hhi = xs.reduce(0) { $0 + ($1 / total) * ($1 / total) }
        top10 = xs.suffix(10).reduce(0, +) / total
    }

    func matches(_ c: Concentration) -> Bool {
        c.n == n && c.nakamoto50 == nakamoto && close(c.gini, gini) && close(c.hhi, hhi) && close(c.top10Share, top10)
    }
}

func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-9) -> Bool { abs(a - b) <= tolerance * max(1, abs(a), abs(b)) }

/// The state the records build, as the dashboard and the export would see it.
func state(_ result: ImportResult) -> Store {
    var store = Store()
    for r in result.records { store.apply(r) }
    return store
}

func lines(_ result: ImportResult) -> [String] { result.records.map(encodeLine) }
