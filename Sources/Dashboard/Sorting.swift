import UI

// Sorting as htop sorts: `s` moves to the next column, `S` reverses, a click on a header sorts by
// it and a second click reverses; a column of numbers starts largest first.

/// The columns of a screen's table as drawn at this size: the view draws these, and a click on the
/// header is looked up in them.
func tableColumns(_ layout: Layout) -> [Column] {
    switch layout.screen {
    case .overview: return []
    case .fleet: return fleetTableColumns(layout)
    case .rewards: return rewardColumns
    case .stablecoins: return coinColumns
    case .tvl: return tvlColumns
    case .governance:
        var columns = proposalColumns
        let used = proposalColumns.dropLast().reduce(0) { $0 + $1.width + 1 }
        columns[columns.count - 1].width = max(10, layout.table.width - used - 2)
        return columns
    case .alerts: return alertTableColumns(layout)
    }
}

/// The sort keys a screen's visible columns offer, in column order, each once.
func sortKeys(_ columns: [Column]) -> [Int] {
    var keys: [Int] = []
    for col in columns { if let k = col.sort, !keys.contains(k) { keys.append(k) } }
    return keys
}

extension ListState {
    /// Sorts by `column`: a new column starts as its kind does (numbers largest first), the same
    /// column again reverses.
    mutating func sort(by column: Column) {
        guard let key = column.sort else { return }
        if key == sortColumn {
            descending.toggle()
        } else {
            sortColumn = key
            descending = column.numeric
        }
    }
}

extension Model {
    /// `s`: the next sortable column of the table on show (the voters' list inside a proposal).
    mutating func cycleSort(_ data: DataView) {
        if case .proposal = detail {
            let keys = sortKeys(voterColumns)
            let next = ((keys.firstIndex(of: voterSort.sortColumn) ?? -1) + 1) % keys.count
            voterSort.sortColumn = keys[next]
            voterSort.descending = voterColumns.first { $0.sort == keys[next] }?.numeric ?? false
            return
        }
        let columns = tableColumns(Layout(size: size, screen: screen, ascii: ascii))
        let keys = sortKeys(columns)
        guard !keys.isEmpty else { return }
        let next = keys[((keys.firstIndex(of: list.sortColumn) ?? -1) + 1) % keys.count]
        list.sortColumn = next
        list.descending = columns.first { $0.sort == next }?.numeric ?? false
        refreshRows(data)
    }

    /// `S`: the same column the other way round.
    mutating func reverseSort(_ data: DataView) {
        if case .proposal = detail {
            voterSort.descending.toggle()
            return
        }
        list.descending.toggle()
        refreshRows(data)
    }

    /// A click on a table's header row; true when it was one.
    mutating func clickHeader(x: Int, y: Int, _ data: DataView) -> Bool {
        let layout = Layout(size: size, screen: screen, ascii: ascii)
        if case .proposal = detail {
            let r = layout.voterTable
            guard y == r.y, let col = column(at: x, voterColumns, left: tableLeft(r, voterColumns)) else { return false }
            voterSort.sort(by: col)
            detailOffset = 0
            return true
        }
        let columns = tableColumns(layout)
        guard detail == nil, y == layout.table.y, layout.table.contains(x: x, y: y),
              let col = column(at: x, columns, left: tableLeft(layout.table, columns)), col.sort != nil else { return false }
        list.sort(by: col)
        refreshRows(data)
        return true
    }
}
