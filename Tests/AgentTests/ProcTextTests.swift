@testable import Agent
import Testing

/// /proc as Linux writes it, parsed from fixed text.
@Suite struct ProcTextTests {
    static let cpuinfo = """
        processor\t: 0
        vendor_id\t: GenuineIntel
        model name\t: Intel(R) Xeon(R) CPU @ 2.20GHz
        flags\t\t: fpu vme de pse processor_trace

        processor\t: 1
        vendor_id\t: GenuineIntel

        processor\t: 2
        processor\t: 3
        """

    @Test func coresAreTheProcessorLines() {
        #expect(ProcText.cores(cpuinfo: Self.cpuinfo) == 4)
        #expect(ProcText.cores(cpuinfo: "") == 0)
    }

    @Test func memoryIsTotalAndAvailable() throws {
        let text = "MemTotal:       24683584 kB\nMemFree:        22128464 kB\nMemAvailable:   18512688 kB\nBuffers: 1 kB\n"
        let m = try #require(ProcText.memory(meminfo: text))
        #expect(m.totalKB == 24_683_584)
        #expect(m.availableKB == 18_512_688)
        #expect(m.totalGB == 23.5)
        #expect(abs(m.used - 0.25) < 0.001)
        #expect(ProcText.memory(meminfo: "MemTotal: 100 kB\n") == nil, "no MemAvailable: no reading, not a guess")
        #expect(ProcText.memory(meminfo: "MemTotal: 0 kB\nMemAvailable: 0 kB\n") == nil)
    }

    @Test func cpuUtilisationIsTheBusyShareBetweenReadings() throws {
        let first = try #require(ProcText.cpuTimes(stat: "cpu  100 0 50 800 50 0 0 0 0 0\ncpu0 50 0 25 400 25 0 0 0 0 0\nintr 1\n"))
        #expect(first == ProcText.CPUTimes(busy: 150, total: 1000))
        let second = try #require(ProcText.cpuTimes(stat: "cpu  160 10 80 900 50 0 0 0 0 0\n"))
        // 100 more busy jiffies of 200 in all.
        #expect(second.utilisation(since: first) == 0.5)
        #expect(first.utilisation(since: first) == nil, "no time passed: no reading")
        #expect(ProcText.cpuTimes(stat: "intr 1 2 3\n") == nil)
    }

    @Test func gpusFromNvidiaSMI() {
        let two = ProcText.gpus(nvidiaSMI: "NVIDIA A100-SXM4-40GB, 30\nNVIDIA A100-SXM4-40GB, 50\n")
        #expect(two == ProcText.GPUs(count: 2, model: "NVIDIA A100-SXM4-40GB", utilisation: 0.4))
        #expect(ProcText.gpus(nvidiaSMI: "NVIDIA T4, [N/A]\n") == ProcText.GPUs(count: 1, model: "NVIDIA T4", utilisation: nil))
        #expect(ProcText.gpus(nvidiaSMI: "").count == 0)
    }

    @Test func residentMemoryOfAProcess() {
        #expect(ProcText.residentKB(status: "Name:\tchaintop-agent\nVmPeak:\t  9000 kB\nVmRSS:\t    7424 kB\n") == 7424)
    }

    @Test func theRealHostIsReadable() throws {
        let host = try Host.probe()
        #expect(host.cores > 0)
        #expect(host.memory.totalKB > 0)
    }
}

@Suite struct AgentPartsTests {
    @Test func allowListRunsOnlyWhatItNames() throws {
        let list = try AllowList(text: "# jobs\nrender /usr/bin/blender -b  # a comment\n\nlist /bin/ls -la\n")
        #expect(list.resolve(kind: "exec:render") == .command(.init(path: "/usr/bin/blender", arguments: ["-b"])))
        #expect(list.resolve(kind: nil) == .kernel(.hash))
        #expect(list.resolve(kind: "matrix") == .kernel(.matrix))
        guard case .refused = list.resolve(kind: "exec:rm") else { Issue.record("exec:rm ran"); return }
        guard case .refused = list.resolve(kind: "/bin/sh") else { Issue.record("a path ran"); return }
        #expect(AllowList().resolve(kind: "exec:list") != .command(.init(path: "/bin/ls", arguments: ["-la"])))
        #expect(throws: AllowList.Problem(line: 1, reason: "expected 'NAME /absolute/path [ARG…]'")) { try AllowList(text: "x ls\n") }
        #expect(throws: AllowList.Problem.self) { try AllowList(text: "a /bin/a\na /bin/b\n") }
    }

    @Test func backoffGrowsWithJitterUpToItsCap() {
        var b = Backoff(baseMillis: 100, capMillis: 1_000)
        #expect(b.next(random: { $0 }) == 100)
        #expect(b.next(random: { $0 }) == 200)
        #expect(b.next(random: { $0 }) == 400)
        #expect(b.next(random: { $0 }) == 800)
        #expect(b.next(random: { $0 }) == 1_000)
        #expect(b.next(random: { _ in 3 }) == 3, "full jitter: anywhere from 0 to the ceiling")
        for _ in 0..<100 { _ = b.next() }
        #expect(b.ceiling == 1_000)
        b.succeeded()
        #expect(b.ceiling == 100)
    }

    @Test func cpusAreSpreadLeastUsedFirst() {
        #expect(Limits.pick(1, use: [1, 0, 0, 0]) == [1])
        #expect(Limits.pick(2, use: [0, 2, 0, 1]) == [0, 2])
        #expect(Limits.pick(8, use: [0, 0]) == [0, 1])
        #expect(Limits.pick(0, use: [3, 1]) == [1], "a task of less than a core still runs on one")
    }

    @Test func kernelsDoWorkInProportionToUnits() {
        #expect(Kernel.steps(1, per: 8) == 8)
        #expect(Kernel.steps(0.3, per: 8) == 3)
        #expect(Kernel.steps(-1, per: 8) == 0)
        #expect(Kernel.steps(.nan, per: 8) == 0)
        #expect(Kernel.matrix.run(units: 0.125) == Kernel.matrix.run(units: 0.125), "the matrix kernel is deterministic")
        #expect(!Kernel.hash.run(units: 0.01).isEmpty)
    }
}
