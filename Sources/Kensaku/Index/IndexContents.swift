/// A passage with the token counts that BM25 length normalization needs and its duplicate group.
struct PassageRecord: Sendable, Hashable {
    var passage: Passage
    var wordCount: Int
    var bigramCount: Int
    /// The passage that represents this one's duplicate group: its best coverer when it is a
    /// duplicate (see `IndexContents.coverers`), else itself.
    var representative: Int
}

/// One term of the dictionary with its posting list.
struct TermRecord {
    var field: Token.Kind
    var key: [UInt8]
    var postings: PostingListWriter
}

/// Everything an index file holds, in memory: what ``IndexBuilder`` makes and
/// ``IndexSerializer`` writes.
struct IndexContents {
    var metadata: [(key: String, value: String)]
    var documents: [Document]
    var passages: [PassageRecord]
    /// Sorted by field, then by key bytes.
    var terms: [TermRecord]
    /// For each duplicate passage, the passages that cover it, best first.
    var coverers: [Int: [Int]]
}
