import Dispatch
import Feed
import Store
import Synchronization

/// A recording written on a thread of its own (the dashboard's R): the feed and the screen only queue
/// records and state copies, and the thread turns them into lines. A keyframe of a 100,000-node fleet
/// takes about a third of a second to write, which under the store's lock would freeze both.
public final class BackgroundRecording: RecordingOutput, @unchecked Sendable {  // `writer` is used by the thread only
    enum Job: Sendable {
        case record(FeedRecord)
        case keyframe(ChainState)
    }

    struct Progress: Sendable {
        var bytes: Int64 = 0
        var keyframes = KeyframesWritten()
        var lines = 0
        var failure: String?
    }

    public let path: String
    private let writer: FeedWriter
    private let queue = Mutex<(jobs: [Job], closing: Bool)>(([], false))
    private let progress = Mutex(Progress())
    private let wake = DispatchSemaphore(value: 0)
    private let done = DispatchSemaphore(value: 0)

    public init(writer: FeedWriter) {
        self.writer = writer
        path = writer.path
        startThread { [self] in self.run() }
    }

    public func write(_ record: FeedRecord) { enqueue(.record(record)) }
    public func writeKeyframe(of state: ChainState) { enqueue(.keyframe(state)) }
    public var bytesWritten: Int64 { progress.withLock { $0.bytes } }
    public var keyframes: KeyframesWritten { progress.withLock { $0.keyframes } }
    public var linesWritten: Int { progress.withLock { $0.lines } }
    public var failure: String? { progress.withLock { $0.failure } }

    /// Writes what is queued, closes the file and ends the thread; with `wait`, returns once it has.
    public func close(wait: Bool) {
        let first = queue.withLock { q -> Bool in
            defer { q.closing = true }
            return !q.closing
        }
        if first { wake.signal() }
        guard wait else { return }
        done.wait()
        done.signal()  // later waits return at once
    }

    private func enqueue(_ job: Job) {
        // Only the first job after the thread emptied the queue needs to wake it.
        let wasEmpty = queue.withLock { q -> Bool in
            guard !q.closing else { return false }
            q.jobs.append(job)
            return q.jobs.count == 1
        }
        if wasEmpty { wake.signal() }
    }

    private func run() {
        while true {
            wake.wait()
            while true {
                let (jobs, closing) = queue.withLock { q -> ([Job], Bool) in
                    defer { q.jobs.removeAll(keepingCapacity: true) }
                    return (q.jobs, q.closing)
                }
                for job in jobs { perform(job) }
                if closing {
                    writer.close()
                    report()
                    done.signal()
                    return
                }
                report()
                if jobs.isEmpty { break }
            }
        }
    }

    private func perform(_ job: Job) {
        switch job {
        case let .record(r): writer.write(r)
        case let .keyframe(state): writer.writeKeyframe(of: state)
        }
    }

    private func report() {
        let p = Progress(bytes: writer.bytesWritten, keyframes: writer.keyframes,
                         lines: writer.recordsWritten, failure: writer.failure)
        progress.withLock { $0 = p }
    }
}
