/// A CSV file (RFC 4180: quoted fields may hold commas, quotes doubled, and line breaks), read into a
/// header and rows. Each row keeps the line it starts on, so that problems name the line a user sees.
public struct CSVTable: Sendable {
    public let header: [String]
    public let rows: [Row]

    public struct Row: Sendable {
        public let line: Int
        public let fields: [String]
    }

    public init(_ bytes: [UInt8]) {
        var parser = CSVParser(bytes)
        header = (parser.next()?.fields ?? []).map { $0.trimmingSpaces }
        var rows: [Row] = []
        while let row = parser.next() {
            if row.fields.count == 1, row.fields[0].isEmpty { continue }  // a blank line
            rows.append(row)
        }
        self.rows = rows
    }

    /// The index of a column, matched without regard to case.
    public func column(_ name: String) -> Int? {
        let want = name.lowercased()
        return header.firstIndex { $0.lowercased() == want }
    }

    /// The first of several names a column goes by.
    public func column(anyOf names: [String]) -> Int? {
        for n in names { if let c = column(n) { return c } }
        return nil
    }
}

struct CSVParser {
    let bytes: [UInt8]
    var pos = 0
    var line = 1

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        // A UTF-8 byte-order mark (spreadsheet exports) is not part of the first column's name.
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { pos = 3 }
    }

    mutating func next() -> CSVTable.Row? {
        guard pos < bytes.count else { return nil }
        let start = line
        var fields: [String] = []
        var field: [UInt8] = []
        var quoted = false
        while pos < bytes.count {
            let b = bytes[pos]
            pos += 1
            if quoted {
                if b == 0x22 {
                    if pos < bytes.count, bytes[pos] == 0x22 { field.append(0x22); pos += 1 } else { quoted = false }
                } else {
                    if b == 0x0A { line += 1 }
                    field.append(b)
                }
                continue
            }
            switch b {
            case 0x22 where field.isEmpty: quoted = true
            case 0x2C:
                fields.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
            case 0x0A:
                line += 1
                if field.last == 0x0D { field.removeLast() }
                fields.append(String(decoding: field, as: UTF8.self))
                return CSVTable.Row(line: start, fields: fields)
            default: field.append(b)
            }
        }
        if field.last == 0x0D { field.removeLast() }
        fields.append(String(decoding: field, as: UTF8.self))
        return CSVTable.Row(line: start, fields: fields)
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
