import Feed

/// Anything that produces feed items: the simulator, a recording, later the coordinator.
/// Pull-based: the caller decides how fast to read (as fast as it can for export, paced for the UI).
public protocol FeedSource: AnyObject {
    /// Shown in the status line: "sim:7", "replay:demo.jsonl".
    var name: String { get }
    /// The next item, or nil when the source has ended.
    func next() -> FeedItem?
}
