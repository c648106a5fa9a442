/// One source document as recorded in the index.
public struct DocumentRecord: Sendable, Hashable {
    /// The file's name relative to the corpus folder, for example `nec-dx-report.md`.
    public let name: String
    /// The file's size in bytes when indexed.
    public let byteCount: Int
    /// The file's modification time when indexed, in nanoseconds since 1970.
    public let modificationTimeNanoseconds: Int64
    /// The SHA-256 of the file's bytes when indexed (32 bytes).
    public let sha256Digest: [UInt8]
    /// The number of lines.
    public let lineCount: Int
    /// The passages of this document: indices into the passage table.
    public let passageRange: Range<Int>

    /// The SHA-256 in lower-case hex.
    public var sha256: String { sha256Digest.hexString }
}

/// A passage with the token counts that BM25 length normalization needs.
struct PassageRecord: Sendable, Hashable {
    var passage: Passage
    var wordCount: Int
    var bigramCount: Int
}

/// One term of the dictionary with its encoded posting list.
struct TermRecord {
    var field: Token.Kind
    var key: [UInt8]
    var documentFrequency: Int
    var postings: [UInt8]
}

/// Everything an index file holds, in memory: what ``IndexBuilder`` makes and
/// ``IndexSerializer`` writes.
struct IndexContents {
    var metadata: [(key: String, value: String)]
    var documents: [DocumentRecord]
    var passages: [PassageRecord]
    /// Sorted by field, then by key bytes.
    var terms: [TermRecord]
}
