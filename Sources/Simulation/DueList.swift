/// Ids due at a second of virtual time, each second's in the order they were added.
struct DueList {
    private var due: [Int64: [String]] = [:]

    mutating func append(_ id: String, at second: Int64) { due[second, default: []].append(id) }

    /// Removes and returns the ids due at or before `second` (every second is taken in turn, so
    /// those are the ones due at it, plus any added for a second already past).
    mutating func take(_ second: Int64) -> [String] {
        guard let first = due.keys.min(), first <= second else { return [] }
        if first == second { return due.removeValue(forKey: second) ?? [] }
        var ids: [String] = []
        for s in due.keys.filter({ $0 <= second }).sorted() { ids += due.removeValue(forKey: s) ?? [] }
        return ids
    }

    mutating func removeAll(where shouldRemove: (String) -> Bool) {
        for (s, ids) in due { due[s] = ids.filter { !shouldRemove($0) } }
    }
}
