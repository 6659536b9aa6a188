import DequeModule
import UI

/// A screen with no terminal (ratatui's TestBackend): frames are kept as canvases, input is what a
/// test queued. Waiting never blocks; the test moves the clock.
public final class HeadlessBackend: TerminalBackend {
    public var size: Size
    public var utf8: Bool
    public private(set) var frame: Canvas?
    public private(set) var draws = 0
    public private(set) var restored = false
    var inputs = Deque<InputEvent>()

    public init(size: Size, utf8: Bool = true) {
        self.size = size
        self.utf8 = utf8
    }

    public func draw(_ canvas: Canvas) {
        frame = canvas
        draws += 1
    }

    public func invalidate() {}

    public func nextInput(timeoutMillis: Int, wake: Int32?) -> InputEvent? { inputs.popFirst() }

    public func queue(_ event: InputEvent) { inputs.append(event) }

    public func restore() { restored = true }

    /// The last frame as text, one line per row.
    public var text: String { frame?.text ?? "" }
}
