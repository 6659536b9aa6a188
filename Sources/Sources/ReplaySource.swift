import Feed

/// Plays a recording back as fast as it is read (pacing and seeking come with the replay UI).
public final class ReplaySource: FeedSource {
    public let path: String
    private let reader: FeedReader
    public var name: String { "replay:\(path)" }

    public init(path: String) throws(FeedFileError) {
        self.path = path
        reader = try FeedFiles.reader(path)
    }

    public func next() -> FeedItem? { reader.next() }
}
