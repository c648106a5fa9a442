/// Numbers the distinct terms of one query, 0, 1, 2… in first-seen order: an open-addressing
/// table on the FNV-1a hash of each term's kind and UTF-8 bytes.
///
/// Query analysis and snippets look up every token of a text among a few query terms; a
/// `Dictionary` of `AnalyzedQuery.Term` hashed each token with SipHash and cost a fifth of a
/// short query's ranking and a third of its snippets.
struct QueryTermNumbering {
    private var slots: [Int]
    private var hashes: [UInt64] = []
    /// The numbered terms, by number.
    private(set) var terms: [AnalyzedQuery.Term] = []

    /// A table for up to `capacity` distinct terms.
    init(capacity: Int) {
        // A power of two above twice the capacity: probes stay short and always end.
        let size = 1 << (Int.bitWidth - max(1, 2 * capacity).leadingZeroBitCount)
        slots = [Int](repeating: -1, count: size)
        hashes.reserveCapacity(capacity)
        terms.reserveCapacity(capacity)
    }

    /// The number of `term`, numbering it when it is new (at most `capacity` terms in all).
    mutating func insert(_ term: AnalyzedQuery.Term) -> (number: Int, isNew: Bool) {
        let hash = term.bytesHash
        let slot = self.slot(of: term, hash: hash)
        if slots[slot] >= 0 { return (slots[slot], false) }
        precondition(terms.count < slots.count / 2, "QueryTermNumbering holds more terms than its capacity")
        slots[slot] = terms.count
        terms.append(term)
        hashes.append(hash)
        return (terms.count - 1, true)
    }

    /// The number of `term`, or nil when it was never inserted.
    func number(of term: AnalyzedQuery.Term) -> Int? {
        let number = slots[slot(of: term, hash: term.bytesHash)]
        return number >= 0 ? number : nil
    }

    /// The number of the term spelled by analysis output `units` (UTF-16, compared by their
    /// UTF-8 bytes as `String`s would be), or nil; no `String` is made.
    func number(ofUnits units: UnsafeBufferPointer<UInt16>, kind: Token.Kind) -> Int? {
        var hash = AnalyzedQuery.Term.hashBasis(of: kind)
        UTF16ToUTF8.forEachByte(of: units) { hash = AnalyzedQuery.Term.hashStep(hash, $0) }
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] >= 0 {
            let number = slots[slot]
            if hashes[number] == hash && terms[number].kind == kind && Self.spells(units, terms[number].text) { return number }
            slot = (slot + 1) & mask
        }
        return nil
    }

    /// Whether `units` transcode to exactly the UTF-8 bytes of `text`.
    private static func spells(_ units: UnsafeBufferPointer<UInt16>, _ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var index = 0, equal = true
            UTF16ToUTF8.forEachByte(of: units) { byte in
                equal = equal && index < bytes.count && bytes[index] == byte
                index += 1
            }
            return equal && index == bytes.count
        }
    }

    /// The slot holding `term`, or the empty slot where it belongs.
    private func slot(of term: AnalyzedQuery.Term, hash: UInt64) -> Int {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] >= 0 && !(hashes[slots[slot]] == hash && terms[slots[slot]] == term) { slot = (slot + 1) & mask }
        return slot
    }
}
