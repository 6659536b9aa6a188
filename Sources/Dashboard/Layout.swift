import UI
/// Where things go on each screen for a terminal size. `update` uses it too, to map mouse clicks.
struct Layout {
    let size: Size
    let screen: Screen
    let ascii: Bool

    /// Row 0 is the tab bar, the last row the status line; the body is between.
    var body: Rect { Rect(x: 0, y: 1, width: size.width, height: max(0, size.height - 2)) }
    var statusRow: Int { size.height - 1 }

    /// The list's box on list screens (the table is its inside).
    var listBox: Rect {
        switch screen {
        case .rewards:
            if size.width >= 110 { return Rect(x: 0, y: 1, width: size.width - 40, height: body.height) }
            return Rect(x: 0, y: 1, width: size.width, height: max(3, body.height - 9))
        case .stablecoins, .governance:
            return Rect(x: 0, y: 1, width: size.width, height: max(3, body.height - panelHeight))
        default:
            return Rect(x: 0, y: 1, width: size.width, height: body.height)
        }
    }

    /// Height of the panel under the list on Stablecoins and Governance (concentration, summary).
    var panelHeight: Int { screen == .governance ? min(9, body.height / 3) : min(8, body.height / 3) }

    var table: Rect { listBox.inner }

    /// Inside a proposal, the Lorenz curve goes beside the voters when there is room.
    var votersBesidePlot: Bool { body.inner.width >= 100 }

    /// The voters' table inside a proposal (its header is the first row), under the title lines.
    var voterTable: Rect {
        let inner = body.inner
        let width = votersBesidePlot ? inner.width - 40 : inner.width
        return Rect(x: inner.x + 1, y: inner.y + 3, width: width - 2, height: inner.maxY - inner.y - 3)
    }
    var tableRows: Int { max(0, table.height - 1) }

    /// Columns of the tab bar: " chaintop " then "1 Overview " …
    static let tabStart = 10
    /// Terminals narrower than this show the short tab titles.
    static let fullTabsWidth = 100

    static func tabLabel(_ s: Screen, width: Int) -> String {
        " \(s.rawValue + 1) \(width >= fullTabsWidth ? s.title : s.shortTitle) "
    }

    static func tabRanges(width: Int) -> [(Screen, Range<Int>)] {
        var x = tabStart
        return Screen.allCases.map { s in
            let w = displayWidth(tabLabel(s, width: width))
            defer { x += w }
            return (s, x..<(x + w))
        }
    }

    static func tab(at x: Int, width: Int) -> Screen? { tabRanges(width: width).first { $0.1.contains(x) }?.0 }
}
