/// A ranked passage with its location and snippet.
public struct SearchHit: Sendable {
    /// 1-based rank.
    public let rank: Int
    /// The ranking score (BM25 sum over fields; larger is better).
    public let score: Double
    /// The document's file name, relative to the corpus folder.
    public let document: String
    /// The passage's index in the index's passage table.
    public let passageIndex: Int
    /// Where the passage lies in its file.
    public let passage: Passage
    /// Up to ~160 characters around the densest match, with highlights.
    public let snippet: Snippet
    /// The passage's section titles, from the outermost down.
    public let section: [String]
    /// Other places that hold the same content (copies found at index time), not shown as hits.
    public let duplicates: [PassageLocation]
    /// How the score was made, when the search asked for it.
    public let explanation: ScoreExplanation?
}

/// Where a passage lies: document, lines and bytes.
public struct PassageLocation: Sendable, Hashable {
    public let document: String
    public let startLine: Int
    public let endLine: Int
    public let byteStart: Int
    public let byteEnd: Int
}

/// The answer to one query.
public struct SearchResults: Sendable {
    /// The query as given.
    public let query: String
    /// The hits, best first.
    public let hits: [SearchHit]
    /// How many passages hold at least one query term (and pass the filters): exact when
    /// ``matchedPassageCountIsExact``, otherwise a lower bound, because ranking skipped passages
    /// that could not reach the top without looking at them (as Lucene reports "≥ N hits").
    public let matchedPassageCount: Int
    /// Whether ``matchedPassageCount`` is exact.
    public let matchedPassageCountIsExact: Bool
    /// Things the searcher should know, such as a query cut to ``Limits/maximumQueryCharacters``.
    public let notices: [String]
}

/// A short excerpt of a passage with the query's matches marked.
public struct Snippet: Sendable, Hashable {
    /// A run of snippet text, highlighted or not.
    public struct Segment: Sendable, Hashable {
        public let text: String
        public let isHighlighted: Bool
    }

    /// The source bytes the snippet shows (UTF-8 offsets into the file).
    public let byteRange: Range<Int>
    /// The matched ranges, as UTF-8 offsets into the file, sorted and disjoint.
    public let highlights: [Range<Int>]
    /// The text for display: line breaks of wrapped lines joined, `…` where text was cut.
    public let segments: [Segment]

    /// The display text without markup.
    public var text: String { segments.map(\.text).joined() }
}
