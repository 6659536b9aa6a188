/// Rows of named values, from a CSV file or from a JSON list of flat objects (an event's `args` or
/// `returnValues` read as if they were top-level fields), so that one importer reads either.
struct RowSet {
    /// Lowercased column name → index.
    private(set) var columns: [String: Int] = [:]
    private(set) var names: [String] = []
    private(set) var rows: [(line: Int, values: [String?])] = []

    init(csv bytes: [UInt8]) {
        let table = CSVTable(bytes)
        for (i, name) in table.header.enumerated() where columns[name.lowercased()] == nil {
            columns[name.lowercased()] = i
        }
        names = table.header
        rows = table.rows.map { ($0.line, $0.fields.map { Optional($0) }) }
    }

    init(json list: [JSONNode]) {
        for (k, item) in list.enumerated() {
            var values: [String?] = []
            for (key, value) in flatMembers(item) {
                let c = column(for: key)
                while values.count <= c { values.append(nil) }
                values[c] = value.text
            }
            rows.append((k + 1, values))
        }
    }

    private func flatMembers(_ item: JSONNode) -> [(key: String, value: JSONNode)] {
        var out: [(key: String, value: JSONNode)] = []
        for m in item.members ?? [] {
            if m.value.kind == .object, ["args", "returnvalues", "decoded"].contains(m.key.lowercased()) {
                out += m.value.members ?? []
            } else {
                out.append(m)
            }
        }
        return out
    }

    private mutating func column(for key: String) -> Int {
        let lower = key.lowercased()
        if let c = columns[lower] { return c }
        columns[lower] = names.count
        names.append(key)
        return names.count - 1
    }

    /// A file is read as JSON when it starts with `[` or `{`, else as CSV.
    static func read(_ file: ImportFile, listKeys: [String]) throws(ImportError) -> RowSet {
        guard file.bytes.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }).map({ $0 == 0x5B || $0 == 0x7B }) == true else {
            return RowSet(csv: file.bytes)
        }
        let root = try Importer.json(file)
        if let list = root.array { return RowSet(json: list) }
        for key in listKeys { if let list = root[key]?.array ?? root["data"]?[key]?.array { return RowSet(json: list) } }
        throw ImportError("\(file.name): expected a list of objects")
    }

    func column(anyOf aliases: [String]) -> Int? {
        for a in aliases { if let c = columns[a.lowercased()] { return c } }
        return nil
    }

    /// The value of a column in a row, nil when absent or empty.
    static func value(_ row: [String?], _ column: Int?) -> String? {
        guard let column, column < row.count, let v = row[column]?.trimmingSpaces, !v.isEmpty else { return nil }
        return v
    }
}
