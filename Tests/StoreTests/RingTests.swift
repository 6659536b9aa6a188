import Testing
import Store

/// The ring's newest match, read in place, is the one its elements in order give, wrapped or not.
@Suite struct RingTests {
    @Test func theNewestMatchIsTheOneTheElementsGive() {
        for count in [0, 1, 5, 13, 14, 30] {
            var ring = Ring<Int>(capacity: 13)
            for k in 0..<count { ring.append(k * 7 % 11) }
            for below in [0, 3, 6, 11] {
                #expect(ring.last { $0 < below } == ring.elements.last { $0 < below }, "\(count) appended, below \(below)")
            }
        }
    }
}
