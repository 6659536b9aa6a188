import UI
import Analytics

/// The colour of an alert's severity.
func alertStyle(_ s: AlertSeverity) -> Style {
    switch s {
    case .watch: Style(.watch)
    case .flag: Style(.flag, bold: true)
    case .critical: Style(.critical, bold: true)
    }
}

extension Derived {
    /// The Alerts view's rows: newest first by default (under way before ended), or sorted by a column.
    static func alertRows(_ all: [AlertEntry], _ list: ListState) -> [Int] {
        var rows = Array(all.indices)
        if !list.filter.isEmpty {
            rows = rows.filter { matches(all[$0].text, list.filter) || matches(all[$0].kind.rawValue, list.filter) }
        }
        return sortIndices(rows, list) { a, b in
            switch list.sortColumn {
            case 1: all[a].severity < all[b].severity
            case 2: all[a].kind.rawValue < all[b].kind.rawValue
            case 3: all[a].subject < all[b].subject
            case 4: all[a].since < all[b].since
            case 5: (all[a].until ?? .max) < (all[b].until ?? .max)
            default: a < b
            }
        }
    }
}
