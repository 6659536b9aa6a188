/// A bounded history: keeps the last `capacity` values, oldest first when read.
public struct Ring<Element: Sendable & Equatable>: Sendable, Equatable {
    public let capacity: Int
    private var storage: [Element] = []
    private var head = 0  // index of the oldest element once full

    public init(capacity: Int) { self.capacity = max(1, capacity) }

    public init(capacity: Int, elements: [Element]) {
        self.init(capacity: capacity)
        for e in elements.suffix(self.capacity) { append(e) }
    }

    public var count: Int { storage.count }
    public var isEmpty: Bool { storage.isEmpty }

    public mutating func append(_ e: Element) {
        if storage.count < capacity {
            storage.append(e)
        } else {
            storage[head] = e
            head = (head + 1) % capacity
        }
    }

    public var last: Element? {
        guard !storage.isEmpty else { return nil }
        return storage[(head + storage.count - 1) % storage.count]
    }

    /// Replaces the newest value (a sample still being accumulated).
    public mutating func replaceLast(_ e: Element) {
        guard !storage.isEmpty else { append(e); return }
        storage[(head + storage.count - 1) % storage.count] = e
    }

    /// Oldest first.
    public var elements: [Element] {
        guard head > 0 else { return storage }
        return Array(storage[head...] + storage[..<head])
    }

    /// The newest element that satisfies `p`, read in place (`elements` builds an array once the ring wraps).
    public func last(where p: (Element) -> Bool) -> Element? {
        let n = storage.count
        var i = n
        while i > 0 {
            i -= 1
            let e = storage[(head + i) % n]
            if p(e) { return e }
        }
        return nil
    }

    public static func == (a: Ring, b: Ring) -> Bool { a.capacity == b.capacity && a.elements == b.elements }
}

/// A value at an event time.
public struct TimedValue: Sendable, Equatable {
    public var ts: Int64
    public var value: Double
    public init(ts: Int64, value: Double) { self.ts = ts; self.value = value }
}
