import Testing
import Sources
@testable import Program

/// Memory a large piece of work freed goes back to the system only once keys have stopped for a while,
/// so that a burst of keys reuses the pages of the one before.
@Suite struct FreedMemoryTests {
    @Test func freedMemoryGoesBackOnlyAfterTheKeysStop() throws {
        let wallStart: Int64 = 1_800_000_000_000
        let driver = try SourceSpec.sim(seed: 3).openLive(nodes: 20, wallNow: wallStart, warmupMillis: 60_000)
        let p = Pilot(driver: driver, wallStart: wallStart)
        let program = p.program
        #expect(program.releaseDue == nil, "a small fleet leaves no work for later")
        program.releaseDue = wallStart + Program.releaseDelay
        p.time.set(2000)
        p.press(.char("2"))
        #expect(program.releaseDue == wallStart + 2000 + Program.releaseDelay, "a key puts it off")
        p.advance(by: Program.releaseDelay - 1)
        #expect(program.releaseDue != nil)
        p.advance(by: 1)
        #expect(program.releaseDue == nil, "handed back once no key has come for the delay")
        p.press(.char("1"))
        #expect(program.releaseDue == nil, "and a key after it schedules nothing")
    }
}
