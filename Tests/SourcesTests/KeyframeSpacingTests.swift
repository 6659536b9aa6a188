import Foundation
import Testing
@testable import Feed
@testable import Sources
@testable import Recording
@testable import Store

@Suite struct KeyframeSpacingTests {
    /// Lines of a recording of `nodes` simulated nodes, `records` long, keyframe every `every` records.
    func recording(nodes: Int, records: Int, every: Int, atMostHalf: Bool) throws -> [String] {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kf-\(UUID().uuidString).jsonl").path
        let writer = try FeedWriter(path: path)
        var recorder = Recorder(writer: writer, keyframeEvery: every, atMostHalf: atMostHalf)
        simulate(seed: 6, nodes: nodes, items: records) { recorder.take($0, state: $1) }
        writer.close()
        #expect(writer.bytesWritten == Int64((try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? -1))
        return try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    func isKeyframe(_ line: String) -> Bool { line.hasPrefix(#"{"type":"snapshot""#) }

    /// A large fleet's keyframes outweigh 1,000 records: with the bound they take at most half the file
    /// (all of them, the last included).
    @Test func keyframesTakeAtMostHalfTheFile() throws {
        let exact = try recording(nodes: 2_000, records: 12_000, every: 1_000, atMostHalf: false)
        let bounded = try recording(nodes: 2_000, records: 12_000, every: 1_000, atMostHalf: true)
        let exactKeyframes = exact.filter(isKeyframe)
        let keyframes = bounded.filter(isKeyframe)
        #expect(exactKeyframes.count == 11)  // 11,999 records after the header
        #expect(keyframes.count >= 2 && keyframes.count < exactKeyframes.count)
        let keyframeBytes = keyframes.reduce(0) { $0 + $1.utf8.count + 1 }
        let recordBytes = bounded.filter { !isKeyframe($0) }.reduce(0) { $0 + $1.utf8.count + 1 }
        #expect(keyframeBytes <= recordBytes, "\(keyframeBytes) bytes of keyframes against \(recordBytes) of records")
        // The records themselves are the same either way.
        #expect(exact.filter { !isKeyframe($0) } == bounded.filter { !isKeyframe($0) })
    }

    /// A small fleet's keyframes are smaller than 10,000 records: the bound changes nothing.
    @Test func smallFleetsKeepTheCountSpacing() throws {
        let bounded = try recording(nodes: 30, records: 25_000, every: 10_000, atMostHalf: true)
        #expect(bounded.filter(isKeyframe).count == 2)
    }
}

@Suite struct BackgroundRecordingTests {
    /// The same records through a writer on another thread give the same file, byte for byte, as
    /// through a writer used directly (count spacing; the byte bound waits for written sizes and so
    /// may fall differently).
    @Test func writesTheSameFileAsAWriterUsedDirectly() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bg-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let direct = try FeedWriter(path: dir + "/direct.jsonl")
        let background = BackgroundRecording(writer: try FeedWriter(path: dir + "/background.jsonl", flushThreshold: 0))
        var a = Recorder(writer: direct, keyframeEvery: 1_500)
        var b = Recorder(writer: background, keyframeEvery: 1_500)
        simulate(seed: 13, nodes: 80, items: 8_000) { item, state in
            a.take(item, state: state)
            b.take(item, state: state)  // the state is copied: the store changes on while it is written
        }
        direct.close()
        background.close(wait: true)
        background.close(wait: true)  // a second close returns at once
        let one = try String(contentsOfFile: dir + "/direct.jsonl", encoding: .utf8)
        let two = try String(contentsOfFile: dir + "/background.jsonl", encoding: .utf8)
        #expect(one == two)
        #expect(background.linesWritten == direct.recordsWritten && background.failure == nil)
        #expect(background.keyframes == direct.keyframes && background.keyframes.count == 5)
    }
}
