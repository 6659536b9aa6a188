import Testing
@testable import Feed

@Suite struct JSONTapeTests {
    /// The tape accepts exactly what the tree parser accepts (itself checked against Foundation).
    @Test(arguments: ScannerDifferentialTests.corpus + [#"[1,{"a":[]},"x"]"#, #"[1,]"#, #"{"a":{"b":[1,2,{"c":null}]},"d":true}"#])
    func acceptsWhatTheParserAccepts(_ text: String) {
        let bytes = Array(text.utf8)
        let tree = bytes.withUnsafeBufferPointer { p -> Bool in
            var s = JSONScanner(p)
            guard (try? s.parseValue()) != nil else { return false }
            s.skipWhitespace()
            return s.atEnd
        }
        #expect(((try? JSONTape(bytes)) != nil) == tree, "\(text)")
    }

    @Test func readsValuesInAnyOrder() throws {
        let tape = try JSONTape(Array(#"{"n":1.5,"s":"a\"b","l":[1,[2,3],{"x":4}],"o":{"k":"v"},"b":false,"z":null}"#.utf8))
        func value(_ key: String, from: Int = 0) -> Int? { tape.value(of: key, inObject: 0, from: from)?.value }
        #expect(value("z").map { tape.kind($0) } == .null)
        #expect(value("n").flatMap { tape.double(at: $0) } == 1.5)
        #expect(value("s").flatMap { tape.string(at: $0) } == "a\"b")
        #expect(value("b").flatMap { tape.bool(at: $0) } == false)
        #expect(value("l").flatMap { tape.elements(ofArray: $0) }?.count == 3)
        #expect(value("l").map { tape.count(ofArray: $0) } == 3)
        let o = try #require(value("o"))
        #expect(tape.value(of: "k", inObject: o, from: 0).flatMap { tape.string(at: $0.value) } == "v")
        #expect(value("missing") == nil)
        // Looked for from a later member, an earlier key is still found (the search wraps).
        let later = try #require(tape.value(of: "b", inObject: 0, from: 0)).next
        #expect(value("n", from: later).flatMap { tape.double(at: $0) } == 1.5)
    }

    @Test func aNumberBeyondADoubleIsRejected() {
        #expect((try? JSONTape(Array(#"{"a":1e400}"#.utf8))) == nil)
    }
}
