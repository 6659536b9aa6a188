import TOMLKit
import UI

/// How one view's table is sorted, as the settings file keeps it.
public struct SortSetting: Sendable, Equatable {
    public var column: Int
    public var descending: Bool
    public init(column: Int, descending: Bool) { self.column = column; self.descending = descending }
}

/// What `config.toml` holds (htop's htoprc): each value is nil where the file says nothing, and then
/// the built-in default (or a flag) applies.
public struct Settings: Sendable, Equatable {
    public var theme: String?
    public var refreshMillis: Int64?
    /// The view chaintop opens on. Switching views does not change it: only the file does.
    public var view: Screen?
    public var sorts: [Screen: SortSetting] = [:]
    /// The one operator Fleet and Rewards show; nil: everyone.
    public var operatorScope: String?
    public init() {}

    public struct ParseError: Error, CustomStringConvertible, Sendable {
        public let description: String
    }
}

extension Settings {
    static let topKeys = ["theme", "refresh", "view", "operator", "sort"]

    /// Parses a settings file; an error names the key (and its line) and what it must be.
    public static func parse(_ text: String) throws(ParseError) -> Settings {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let e as TOMLParseError {
            throw ParseError(description: "line \(e.source.begin.line): \(e.description)")
        } catch {
            throw ParseError(description: "\(error)")
        }
        func fail(_ key: String, _ what: String) -> ParseError {
            ParseError(description: "'\(key)' must be \(what) (line \(Theme.lineOf(key, in: text)))")
        }
        if let unknown = table.keys.first(where: { !topKeys.contains($0) }) {
            throw ParseError(description: "unknown key '\(unknown)' (line \(Theme.lineOf(unknown, in: text)); known: \(topKeys.joined(separator: ", ")))")
        }
        var s = Settings()
        if let v = table["theme"] {
            guard let name = v.string, !name.isEmpty else { throw fail("theme", "a theme's name or a TOML file's path") }
            s.theme = name
        }
        if let v = table["refresh"] {
            guard let d = v.string.flatMap(DurationSpec.init), d.millis >= 50 else {
                throw fail("refresh", "a duration of at least 50ms, such as \"1s\"")
            }
            s.refreshMillis = d.millis
        }
        if let v = table["view"] {
            guard let screen = v.string.flatMap(Screen.init(name:)) else { throw fail("view", "one of " + viewNames) }
            s.view = screen
        }
        if let v = table["operator"] {
            guard let id = v.string, !id.isEmpty else { throw fail("operator", "an operator's id") }
            s.operatorScope = id
        }
        if let v = table["sort"] {
            guard let sorts = v.table else { throw fail("sort", "a table of views, such as [sort.fleet]") }
            s.sorts = try parseSorts(sorts, fail)
        }
        return s
    }

    static func parseSorts(_ table: TOMLTable, _ fail: (String, String) -> ParseError) throws(ParseError) -> [Screen: SortSetting] {
        var sorts: [Screen: SortSetting] = [:]
        for key in table.keys {
            let names = SortNames.of(Screen(name: key) ?? .overview)
            guard let screen = Screen(name: key), !names.isEmpty else {
                throw fail(key, "a view with a table: " + Screen.allCases.filter { !SortNames.of($0).isEmpty }.map(\.configName).joined(separator: ", "))
            }
            guard let entry = table[key]?.table else { throw fail(key, "a table with column and descending") }
            guard let name = entry["column"]?.string, let column = names.first(where: { $0.name == name.lowercased() }) else {
                throw fail("column", "one of " + names.map { "\"\($0.name)\"" }.joined(separator: ", ") + " for sort.\(key)")
            }
            var descending = false
            if let d = entry["descending"] {
                guard let b = d.bool else { throw fail("descending", "true or false") }
                descending = b
            }
            sorts[screen] = SortSetting(column: column.key, descending: descending)
        }
        return sorts
    }

    static var viewNames: String { Screen.allCases.map(\.configName).joined(separator: ", ") }

    /// The file's text: only what is set, so the built-in defaults stay free to improve.
    public func toml() -> String {
        let table = TOMLTable()
        if let theme { table["theme"] = theme }
        if let refreshMillis { table["refresh"] = refreshMillis % 1000 == 0 ? "\(refreshMillis / 1000)s" : "\(refreshMillis)ms" }
        if let view { table["view"] = view.configName }
        if let operatorScope { table["operator"] = operatorScope }
        if !sorts.isEmpty {
            let sortTable = TOMLTable()
            for screen in Screen.allCases {
                guard let sort = sorts[screen], let name = SortNames.of(screen).first(where: { $0.key == sort.column }) else { continue }
                sortTable[screen.configName] = TOMLTable(["column": name.name, "descending": sort.descending])
            }
            table["sort"] = sortTable
        }
        return "# chaintop settings: written when you change a sort or the operator scope in the dashboard.\n"
            + table.convert(to: .toml, options: [.allowUnicodeStrings, .indentations]) + "\n"
    }
}

extension Screen {
    /// The view's name in the settings file: "overview", "fleet", …
    public var configName: String { title.lowercased() }
}

/// The sort keys of a view's table by column name ("cpu", "rate/h"), for the settings file.
enum SortNames {
    static func of(_ screen: Screen) -> [(key: Int, name: String)] {
        // The widest layout shows every column a view can sort by.
        let columns = tableColumns(Layout(size: Size(width: 400, height: 120), screen: screen, ascii: false))
        var names: [(key: Int, name: String)] = []
        for col in columns {
            guard let key = col.sort, !names.contains(where: { $0.key == key }) else { continue }
            names.append((key, col.title.lowercased()))
        }
        return names
    }
}

extension Model {
    /// Takes the file's settings: the view to open on, each view's sort, the operator scope and the
    /// refresh. The caller applies its flags afterwards, so they win.
    public mutating func apply(_ s: Settings) {
        settings = s
        if let view = s.view { screen = view }
        for (screen, sort) in s.sorts {
            lists[screen.rawValue].sortColumn = sort.column
            lists[screen.rawValue].descending = sort.descending
        }
        if let scope = s.operatorScope { operatorScope = scope }
        if let r = s.refreshMillis { refreshMillis = r }
    }

    /// What the dashboard can change of the settings: each view's sort and the operator scope.
    struct Persisted: Equatable {
        var sorts: [SortSetting]
        var scope: String?
    }

    var persisted: Persisted {
        Persisted(sorts: lists.map { SortSetting(column: $0.sortColumn, descending: $0.descending) }, scope: operatorScope)
    }

    /// After a key or click: if it changed a sort or the scope, the settings take the change (and
    /// only it, so a flag such as --operator is not written unless changed here) and are to be saved.
    mutating func saveIfChanged(since before: Persisted) -> Effect? {
        let now = persisted
        guard now != before else { return nil }
        for screen in Screen.allCases where now.sorts.at(screen.rawValue) != before.sorts.at(screen.rawValue) {
            if let sort = now.sorts.at(screen.rawValue) { settings.sorts[screen] = sort }
        }
        if now.scope != before.scope { settings.operatorScope = now.scope }
        return .saveSettings(settings)
    }
}
