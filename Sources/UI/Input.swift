/// A key as the dashboard understands it, whatever terminal sent it.
public enum Key: Sendable, Equatable {
    case char(Character)
    case up, down, left, right, pageUp, pageDown, home, end
    case enter, escape, tab, backTab, backspace, ctrlC
    /// F1…F12.
    case function(Int)
    /// Alt (or Esc) and a key, sent together.
    case alt(Character)
}

public enum Mouse: Sendable, Equatable {
    case click(x: Int, y: Int)
    case wheelUp(x: Int, y: Int)
    case wheelDown(x: Int, y: Int)
}
