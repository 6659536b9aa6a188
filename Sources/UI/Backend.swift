/// What the terminal reports between frames.
public enum InputEvent: Sendable, Equatable {
    case key(Key)
    case mouse(Mouse)
    case resize(Size)
    /// Ctrl-L: paint the whole screen again.
    case redraw
    /// The terminal went away (its input closed, or reading it failed).
    case endOfInput
}

/// Where frames go and input comes from (ratatui's Backend): ncurses in the terminal, a headless
/// screen in tests.
public protocol TerminalBackend: AnyObject {
    var size: Size { get }
    /// Draw with UTF-8 glyphs; false means ASCII stand-ins.
    var utf8: Bool { get }
    /// Copies a canvas to the screen; an identical frame should cost nothing.
    func draw(_ canvas: Canvas)
    /// Paints everything again on the next draw.
    func invalidate()
    /// Waits up to `timeoutMillis` for input, returning early with nil when `wake` (a file
    /// descriptor) becomes readable or a signal arrives.
    func nextInput(timeoutMillis: Int, wake: Int32?) -> InputEvent?
    /// Puts the terminal back as it was; safe to call more than once.
    func restore()
}
