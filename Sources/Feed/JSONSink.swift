/// Where a structure is written token by token: `JSONWriter` formats the tokens as text, and the
/// store's digest hashes them, so a state is walked by one piece of code for both.
public protocol JSONSink {
    mutating func beginObject()
    mutating func endObject()
    mutating func beginArray()
    mutating func endArray()
    mutating func key(_ name: String)
    mutating func string(_ s: String)
    mutating func int(_ v: Int64)
    mutating func number(_ v: Double)
    mutating func bool(_ v: Bool)
    mutating func null()
    /// Small integers 0…255 as an array (histories): a sink may take them in bulk.
    mutating func byteArray(_ values: [UInt8])
    /// A token amount, written as its exact decimal string.
    mutating func amount(_ a: TokenAmount)
}

extension JSONSink {
    public mutating func int(_ v: Int) { int(Int64(v)) }
    public mutating func string(_ s: String?) { if let s { string(s) } else { null() } }
    public mutating func number(_ v: Double?) { if let v { number(v) } else { null() } }
    public mutating func int(_ v: Int64?) { if let v { int(v) } else { null() } }

    public mutating func amount(_ a: TokenAmount) { string(a.description) }

    public mutating func byteArray(_ values: [UInt8]) {
        beginArray()
        for v in values { int(Int64(v)) }
        endArray()
    }
}
