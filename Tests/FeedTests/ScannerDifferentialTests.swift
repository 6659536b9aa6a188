import Foundation
import Testing
@testable import Feed

/// The purpose-built scanner must accept exactly what a JSON parser accepts.
@Suite struct ScannerDifferentialTests {
    static let corpus: [String] = [
        #"{}"#, #"{"a":1}"#, #"{"a":-0}"#, #"{"a":-0.0e+1}"#, #"{"a":1E5}"#, #"{"a":1e}"#, #"{"a":.5}"#, #"{"a":5.}"#,
        #"{"a":+1}"#, #"{"a":01}"#, #"{"a":00}"#, #"{"a":-}"#, #"{"a":0x10}"#, #"{"a":1,}"#, #"{,"a":1}"#, #"{"a" 1}"#,
        #"{"a":tru}"#, #"{"a":true}"#, #"{"a":nul}"#, #"{"a":null}"#, #"{"a":[1,2,]}"#, #"{"a":[1,[2,{"b":[]}]]}"#,
        #"{"a":"\u00"}"#, #"{"a":"\u00e9"}"#, #"{"a":"\x"}"#, #"{"a":"\'"}"#, #"{'a':1}"#, #"{"a":1}}"#, #"{"a":1"#,
        #" { "a" : [ 1 , 2 ] } "#, #"{"a":"\/"}"#, #"{"a":NaN}"#, #"{"a":Infinity}"#, #"{"a":1}{"#, #"{"a":"abc}"#,
        "{\"a\":\"\u{7F}\"}", "{\"a\":\"\u{1}\"}", "{\"a\":1}\n", "{\"a\":\"x\ny\"}", #"{"a":"😀"}"#, #"{"":1}"#,
        #"{"a":123456789012345678901234567890}"#,
        #"{"a":"\uD83D\uDE00"}"#, #"{"a":"\uDE00"}"#, #"{"a":"\uD83Dx"}"#, #"{"a":[1 2]}"#, #"{"a":{"b":1,"b":2}}"#,
    ]

    @Test(arguments: corpus)
    func agreesWithJSONSerialization(_ text: String) {
        let data = Data(text.utf8)
        let foundation = (try? JSONSerialization.jsonObject(with: data, options: [])) != nil
        var decoder = RecordDecoder()
        let ours: Bool = Array(text.utf8).withUnsafeBufferPointer { p in
            var s = JSONScanner(p)
            do { try decoder.scanFields(&s); return true } catch { return false }
        }
        // swift-foundation tolerates trailing commas (a JSON5 habit); RFC 8259 does not, and neither do we.
        let trailingComma = text.contains(",}") || text.contains(",]")
        if trailingComma {
            #expect(!ours, "\(text): RFC 8259 has no trailing commas")
        } else {
            #expect(ours == foundation, "\(text): ours \(ours), Foundation \(foundation)")
        }
    }

    @Test func numbersBeyondDoubleAreOutOfRangeNotInfinity() {
        var decoder = RecordDecoder()
        let line = #"{"type":"price","seq":1,"ts":1,"symbol":"A","usd":1e309}"#
        guard case let .malformed(message) = decoder.decode(line) else { Issue.record("accepted 1e309"); return }
        #expect(message.contains("out of range"))
    }

    @Test func fastNumberPathMatchesTheFullParser() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let digits = Int.random(in: 1...15, using: &rng)
            var text = String(UInt64.random(in: 0...UInt64(pow(10.0, Double(digits)) - 1), using: &rng))
            let point = Int.random(in: 0...text.count, using: &rng)
            if point < text.count, point > 0 { text.insert(".", at: text.index(text.startIndex, offsetBy: point)) }
            if Bool.random(using: &rng) { text = "-" + text }
            let bytes = Array(text.utf8)
            let fast = bytes.withUnsafeBufferPointer { fastDouble($0, 0, $0.count) }
            if let fast { #expect(fast == Double(text), "\(text)") }
        }
    }
}
