/// Numbered rows in pages of a fixed size, with the rows given back kept for reuse.
///
/// A flat array of 100,000 tasks that grows copies all of them (10 MB, and the page faults of a new
/// buffer) on the insert that finds it full; pages never move what they hold, and a copy of the
/// table (copy-on-write) copies only the pages that a change then writes.
struct PagedRows<Element> {
    private static var pageShift: Int { 10 }
    private static var pageSize: Int { 1 << pageShift }
    private var pages: [[Element?]] = []
    private var vacant: [Int32] = []
    private var end: Int32 = 0

    /// A free row for a new element (a vacant one first), with the element in it.
    mutating func add(_ element: Element) -> Int32 {
        if let r = vacant.popLast() {
            self[r] = element
            return r
        }
        let r = end
        if Int(r) >> Self.pageShift >= pages.count {
            var page: [Element?] = []
            page.reserveCapacity(Self.pageSize)
            pages.append(page)
        }
        pages[pages.count - 1].append(element)
        end += 1
        return r
    }

    /// Empties row r and keeps it for reuse; what it held.
    mutating func free(_ r: Int32) -> Element? {
        guard let old = self[r] else { return nil }
        self[r] = nil
        vacant.append(r)
        return old
    }

    /// The element in row r; nil for a vacant row or one never given out.
    subscript(r: Int32) -> Element? {
        get {
            let (p, i) = Self.place(r)
            guard r >= 0, r < end else { return nil }
            return pages[p][i]
        }
        set {
            let (p, i) = Self.place(r)
            guard r >= 0, r < end else { return }
            pages[p][i] = newValue
        }
    }

    /// Changes the element in row r where it is stored (a get and a set would copy it, and its strings).
    mutating func update(_ r: Int32, _ body: (inout Element) -> Void) {
        let (p, i) = Self.place(r)
        guard r >= 0, r < end, var element = pages[p][i].take() else { return }
        body(&element)
        pages[p][i] = element
    }

    /// A part of the element in row r, read where it is stored (no copy of the whole element).
    func read<T>(_ r: Int32, _ part: (Element) -> T) -> T? {
        let (p, i) = Self.place(r)
        guard r >= 0, r < end else { return nil }
        return pages[p][i].map(part)
    }

    private static func place(_ r: Int32) -> (page: Int, index: Int) {
        (Int(r) >> pageShift, Int(r) & (pageSize - 1))
    }
}

extension PagedRows: Sendable where Element: Sendable {}
