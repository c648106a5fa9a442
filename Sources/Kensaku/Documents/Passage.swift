/// A retrievable unit of text, roughly a paragraph, located exactly in its source file.
///
/// `byteStart..<byteEnd` are UTF-8 offsets into the original file; the bytes begin on line
/// `startLine` and end on line `endLine` (1-based, inclusive), so `sed -n 'START,ENDp' FILE`
/// shows the passage in context.
public struct Passage: Sendable, Hashable {
    /// Index of the passage's document in the index's document table.
    public let documentIndex: Int
    /// First line (1-based).
    public let startLine: Int
    /// Last line (1-based, inclusive).
    public let endLine: Int
    /// UTF-8 offset of the first byte.
    public let byteStart: Int
    /// UTF-8 offset one past the last byte.
    public let byteEnd: Int
    /// The passage's section: an index into its document's `sections`, or nil outside any.
    public let section: Int?

    public init(documentIndex: Int, startLine: Int, endLine: Int, byteStart: Int, byteEnd: Int, section: Int? = nil) {
        self.documentIndex = documentIndex
        self.startLine = startLine
        self.endLine = endLine
        self.byteStart = byteStart
        self.byteEnd = byteEnd
        self.section = section
    }

    /// The passage's bytes as a range.
    public var byteRange: Range<Int> { byteStart..<byteEnd }
}
