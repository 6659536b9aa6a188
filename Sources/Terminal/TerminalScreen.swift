#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CNcursesw
import UI

public struct TerminalError: Error, CustomStringConvertible, Sendable {
    public let description: String
}

/// The only code that talks to ncursesw: start-up and restore, input decoding, colours, and
/// copying a Canvas to the screen (ncurses sends only what changed).
public final class TerminalScreen: TerminalBackend {
    private var screen: OpaquePointer?
    public private(set) var size: Size
    public let capability: ColorCapability
    public let utf8: Bool
    private var pairs: [Int64: Int32] = [:]  // (fg, bg) colour numbers → pair number
    private let palette: Palette
    private var lastFrame: Canvas?
    private var restored = false
    /// Where keys come from: standard input, or /dev/tty when standard input carries the records.
    private let inputFD: Int32
    /// Reads in a row where poll said there was input and there was none.
    private var emptyReads = 0

    /// Starts curses on the controlling terminal. Fails with a clear message when stdin or stdout
    /// is not a terminal or TERM is unknown, where initscr would have exited the process.
    /// `keysFromTerminal`: standard input carries the records (`--source -`), so keys are read from
    /// the controlling terminal, /dev/tty.
    public init(theme: Theme, environment: [String: String], keysFromTerminal: Bool = false) throws(TerminalError) {
        var keys = ct_stdin()
        if keysFromTerminal, isatty(0) != 1 {
            guard let tty = fopen("/dev/tty", "r") else {
                throw TerminalError(description: "there is no terminal to read keys from (/dev/tty)")
            }
            keys = tty
        }
        inputFD = fileno(keys)
        guard isatty(inputFD) == 1, isatty(1) == 1 else {
            throw TerminalError(description: "standard input and output must be a terminal")
        }
        let locale = setlocale(LC_ALL, "").map { String(cString: $0) } ?? ""
        let codeset = String(cString: ct_codeset())
        utf8 = codeset.uppercased().replacingDashes == "UTF8" || locale.lowercased().contains("utf")
        let term = environment["TERM"] ?? ""
        guard !term.isEmpty else { throw TerminalError(description: "TERM is not set") }
        EmergencyRestore.save(fd: inputFD)
        // COLORTERM=truecolor is the terminal saying it takes 24-bit colour; ncurses emits it only
        // with a "-direct" terminfo entry, so use that entry when this system has it.
        var direct: OpaquePointer?
        let colorterm = (environment["COLORTERM"] ?? "").lowercased()
        if colorterm == "truecolor" || colorterm == "24bit", !term.hasSuffix("-direct") {
            let base = term.hasSuffix("-256color") ? String(term.dropLast(9)) : term
            direct = newterm(base + "-direct", ct_stdout(), keys)
        }
        guard let s = direct ?? newterm(nil, ct_stdout(), keys) else {
            throw TerminalError(description: "TERM=\(term) is not a terminal type this system knows (terminfo)")
        }
        set_term(s)
        guard ct_can_address_cursor() != 0 else {
            endwin()
            delscreen(s)
            throw TerminalError(description: "TERM=\(term) cannot move the cursor, so it cannot draw a dashboard")
        }
        screen = s
        let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
        if !noColor, has_colors() {
            start_color()
            use_default_colors()
            let n = ct_colors()
            capability = n >= 1 << 24 && ct_has_rgb() != 0 ? .direct : n >= 256 ? .indexed256 : n >= 16 ? .basic16 : .basic8
        } else {
            capability = .monochrome
        }
        palette = Palette(theme: theme, capability: capability)
        raw()  // Ctrl-S, Ctrl-Z and Ctrl-\\ are keys here, not flow control or job control
        noecho()
        nonl()
        keypad(ct_stdscr(), true)
        curs_set(0)
        set_escdelay(25)
        mousemask(ct_all_mouse_events(), nil)
        mouseinterval(0)
        EmergencyRestore.installCrashHandlers()
        size = TerminalScreen.currentSize()
    }

    deinit { restore() }

    /// Ends curses and puts the terminal back as it was. Safe to call more than once.
    public func restore() {
        guard !restored, screen != nil else { return }
        restored = true
        endwin()
        if let s = screen { delscreen(s) }
        screen = nil
    }

    static func currentSize() -> Size {
        var y: Int32 = 0, x: Int32 = 0
        ct_getmaxyx(ct_stdscr(), &y, &x)
        return Size(width: Int(x), height: Int(y))
    }

    // MARK: colours

    /// The colour pair for a foreground and background, made the first time it is asked for.
    private func pair(_ fg: Int32, _ bg: Int32) -> Int32 {
        let key = Int64(fg) << 32 | Int64(UInt32(bitPattern: bg))
        if let p = pairs[key] { return p }
        let next = Int32(pairs.count + 1)
        guard next < ct_color_pairs() else { return 0 }
        init_extended_pair(next, fg, bg)
        pairs[key] = next
        return next
    }

    // MARK: drawing

    /// Copies a canvas to the screen; an identical frame costs nothing.
    public func draw(_ canvas: Canvas) {
        guard canvas != lastFrame else { return }
        let mono = capability == .monochrome
        // Only cells that differ from the last frame are handed to curses: a frame where only the
        // clock moved costs a few calls instead of one per cell.
        let previous = lastFrame?.size == canvas.size ? lastFrame : nil
        var wide: [wchar_t] = [0, 0]
        for y in 0..<min(canvas.size.height, size.height) {
            for x in 0..<min(canvas.size.width, size.width) {
                let cell = canvas[x, y]
                if let previous, previous[x, y] == cell { continue }
                guard let scalar = cell.scalar else { continue }  // right half of a wide character
                let paint = palette.paint(cell.style)
                var attrs = ct_a_normal()
                if paint.bold { attrs |= ct_a_bold() }
                if paint.underline { attrs |= ct_a_underline() }
                if paint.dim { attrs |= ct_a_dim() }
                if paint.reverse { attrs |= ct_a_reverse() }
                let pair = mono ? 0 : pair(paint.fg, paint.bg)
                // A control character drawn would move the cursor and leave the screen out of step.
                let printable = scalar.value >= 32 && !(0x7F...0x9F).contains(scalar.value)
                wide[0] = wchar_t(bitPattern: printable ? scalar.value : 0x3F)
                _ = ct_put_cell(Int32(y), Int32(x), wide, attrs, pair)
            }
        }
        wnoutrefresh(ct_stdscr())
        doupdate()
        lastFrame = canvas
    }

    /// Forces a full repaint on the next draw (after a resize).
    public func invalidate() {
        lastFrame = nil
        clearok(ct_stdscr(), true)
    }

    // MARK: input

    /// Waits up to `timeoutMillis` for input or for `wake` to be readable; nil on a timeout, a wake,
    /// a signal, or a key that means nothing here. Only a terminal that went away is the end of input:
    /// a hang-up, or a read that finds nothing where poll said there was something.
    public func nextInput(timeoutMillis: Int, wake: Int32?) -> InputEvent? {
        var fds = [pollfd(fd: inputFD, events: Int16(POLLIN), revents: 0)]
        if let wake { fds.append(pollfd(fd: wake, events: Int16(POLLIN), revents: 0)) }
        let ready = poll(&fds, nfds_t(fds.count), Int32(max(0, min(timeoutMillis, 60_000))))
        // A timeout or a signal: SIGWINCH leaves a KEY_RESIZE for us to read.
        if ready <= 0 { return readPending() }
        let input = fds[0].revents
        if input & Int16(POLLHUP | POLLERR | POLLNVAL) != 0, input & Int16(POLLIN) == 0 { return .endOfInput }
        guard input & Int16(POLLIN) != 0 else { return readPending() }
        if let event = readPending() {
            emptyReads = 0
            return event
        }
        // One empty read can be a key we do not bind; a closed terminal reads empty again and again.
        emptyReads = terminalGone() ? emptyReads + 1 : 0
        return emptyReads >= 16 ? .endOfInput : nil
    }

    /// After a read that gave no event: a key we do not bind was consumed, or the terminal closed.
    /// A closed terminal stays readable with no bytes waiting (read returns 0 or EIO).
    private func terminalGone() -> Bool {
        var again = pollfd(fd: inputFD, events: Int16(POLLIN), revents: 0)
        guard poll(&again, 1, 0) > 0 else { return false }
        if again.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 { return true }
        var waiting: Int32 = 0
        return withUnsafeMutablePointer(to: &waiting) { p in ioctl(inputFD, UInt(FIONREAD), p) } != 0 || waiting == 0
    }

    private func readPending() -> InputEvent? {
        nodelay(ct_stdscr(), true)
        var wch: wint_t = 0
        let r = wget_wch(ct_stdscr(), &wch)
        if r == ERR { return nil }
        if r == KEY_CODE_YES { return functionKey(Int32(wch)) }
        return character(UInt32(wch))
    }

    private func functionKey(_ code: Int32) -> InputEvent? {
        switch code {
        case ct_key_resize():
            size = TerminalScreen.currentSize()
            invalidate()
            return .resize(size)
        case ct_key_mouse(): return mouseEvent()
        case KEY_UP: return .key(.up)
        case KEY_DOWN: return .key(.down)
        case KEY_LEFT: return .key(.left)
        case KEY_RIGHT: return .key(.right)
        case KEY_PPAGE: return .key(.pageUp)
        case KEY_NPAGE: return .key(.pageDown)
        case KEY_HOME: return .key(.home)
        case KEY_END: return .key(.end)
        case KEY_ENTER: return .key(.enter)
        case KEY_BACKSPACE, KEY_DC: return .key(.backspace)
        case KEY_BTAB: return .key(.backTab)
        case ct_key_f(1)...ct_key_f(12): return .key(.function(Int(code - ct_key_f(0))))
        default: return nil
        }
    }

    private func character(_ v: UInt32) -> InputEvent? {
        switch v {
        case 3: return .key(.ctrlC)
        case 9: return .key(.tab)
        case 12: return .redraw  // Ctrl-L
        case 10, 13: return .key(.enter)
        case 27: return escapeOrAlt()
        case 8, 127: return .key(.backspace)
        default:
            // Control characters (C0 and C1) are not text: drawn, they would move the terminal's cursor.
            guard v >= 32, !(0x7F...0x9F).contains(v), let scalar = Unicode.Scalar(v) else { return nil }
            return .key(.char(Character(scalar)))
        }
    }

    /// Esc alone, or Alt-key: a terminal sends Alt-x as Esc and x in one burst, so a character
    /// already waiting after the Esc belongs to it (Alt-q is not q).
    private func escapeOrAlt() -> InputEvent? {
        var wch: wint_t = 0
        let r = wget_wch(ct_stdscr(), &wch)
        if r == ERR { return .key(.escape) }
        if r == KEY_CODE_YES { return nil }  // Esc and a function key: nothing we bind
        if wch == 27 {
            _ = unget_wch(wchar_t(27))  // Esc Esc: two presses of Esc
            return .key(.escape)
        }
        guard let scalar = Unicode.Scalar(UInt32(wch)), UInt32(wch) >= 32 else { return nil }
        return .key(.alt(Character(scalar)))
    }

    private func mouseEvent() -> InputEvent? {
        var event = MEVENT()
        guard getmouse(&event) == OK else { return nil }
        let x = Int(event.x), y = Int(event.y)
        if event.bstate & ct_button4_pressed() != 0 { return .mouse(.wheelUp(x: x, y: y)) }
        if ct_button5_pressed() != 0, event.bstate & ct_button5_pressed() != 0 { return .mouse(.wheelDown(x: x, y: y)) }
        if event.bstate & (ct_button1_pressed() | ct_button1_clicked()) != 0 { return .mouse(.click(x: x, y: y)) }
        return nil
    }
}

extension String {
    var replacingDashes: String { String(filter { $0 != "-" }) }
}
