/// Anything read item by item, as fast as the caller asks: a recording, the simulator. The async
/// sources the dashboard runs on (module Sources) are built on this; export and record pull it directly.
public protocol RecordStream: AnyObject {
    /// Shown in the status line: "sim:7", "replay:demo.jsonl".
    var name: String { get }
    /// The next item, or nil when the stream has ended.
    func next() -> FeedItem?
}
