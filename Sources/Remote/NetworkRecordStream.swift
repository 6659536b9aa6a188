import Dispatch
import Feed
import Sources
import Synchronization

/// A network source read item by item, for the batch commands (`record`, `export`), which pull.
/// The source runs as a task and fills a bounded queue; `next` waits for it. A connection that is
/// lost before anything arrived, or a refused token, ends it with `failure` set; `record` rides out
/// later drops (the source resumes without a gap), unless told to stop at the first.
public final class NetworkRecordStream: RecordStream, @unchecked Sendable {
    struct Queue {
        var items: [FeedItem] = []
        var head = 0
        var finished = false
        var failure: String?
        var live = false
        var count: Int { items.count - head }
    }

    /// What the source's task and the reader share.
    final class Shared: Sendable {
        let queue = Mutex(Queue())
        let ready = DispatchSemaphore(value: 0)
        let space = DispatchSemaphore(value: 0)
    }

    public let name: String
    private let shared = Shared()
    private var task: Task<Void, Never>?
    /// Checked while waiting: true ends the stream (Ctrl-C in the command).
    private let stop: @Sendable () -> Bool
    static let capacity = 1 << 16

    public init<S: AsyncSequence & Sendable>(name: String, events: S, failOnDrop: Bool,
                                             stop: @escaping @Sendable () -> Bool) where S.Element == SourceEvent, S.Failure == Never {
        self.name = name
        self.stop = stop
        task = Task.detached { [shared] in
            for await event in events {
                if Self.take(event, queue: shared.queue, failOnDrop: failOnDrop) { break }
                shared.ready.signal()
                while shared.queue.withLock({ $0.count }) > Self.capacity, !Task.isCancelled {
                    _ = shared.space.wait(timeout: .now() + .milliseconds(50))
                }
            }
            shared.queue.withLock { $0.finished = true }
            shared.ready.signal()
        }
    }

    deinit { task?.cancel() }

    /// Why the source ended before it should have, once it has.
    public var failure: String? { shared.queue.withLock { $0.failure } }

    /// Files an event; true when the source should stop.
    private static func take(_ event: SourceEvent, queue: borrowing Mutex<Queue>, failOnDrop: Bool) -> Bool {
        queue.withLock { q in
            switch event {
            case let .items(batch): q.items += batch
            case .phase(.live), .phase(.lagging): q.live = true
            case let .phase(.lost(reason, retry)):
                guard retry == nil || failOnDrop || !q.live else { return false }
                q.failure = reason
                return true
            default: break
            }
            return false
        }
    }

    public func next() -> FeedItem? {
        while true {
            let (item, over) = shared.queue.withLock { q -> (FeedItem?, Bool) in
                guard q.head < q.items.count else { return (nil, q.finished) }
                let item = q.items[q.head]
                q.head += 1
                if q.head > 4096, q.head * 2 > q.items.count { q.items.removeFirst(q.head); q.head = 0 }
                return (item, false)
            }
            if let item { shared.space.signal(); return item }
            if over || stop() { task?.cancel(); return nil }
            _ = shared.ready.wait(timeout: .now() + .milliseconds(100))
        }
    }
}
