/// One unit of analysis output: a word from ICU or a CJK character bigram.
public struct Token: Sendable, Hashable, CustomStringConvertible {
    /// The two token streams ("fields") of the index.
    public enum Kind: UInt8, Sendable, CaseIterable, Comparable {
        /// A word from ICU word segmentation: whole-word evidence.
        case word = 0
        /// Two adjacent CJK characters (or a lone one): substring evidence.
        case bigram = 1

        public static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// The normalized term text.
    public let text: String
    /// Which stream the token belongs to.
    public let kind: Kind
    /// Word tokens: the ordinal of the word in its passage. Bigrams: the index of the first
    /// character (in Unicode scalars of normalized text), so adjacent bigrams differ by one.
    public let position: Int
    /// UTF-8 byte offsets of the token in the original file, end exclusive.
    public let byteRange: Range<Int>

    public init(text: String, kind: Kind, position: Int, byteRange: Range<Int>) {
        self.text = text
        self.kind = kind
        self.position = position
        self.byteRange = byteRange
    }

    public var description: String {
        "\(kind == .word ? "w" : "b"):\(text)@\(position)[\(byteRange.lowerBound)..<\(byteRange.upperBound)]"
    }
}

/// A token whose text is still UTF-16 units in an analysis buffer (see
/// `AnalysisSession.analyzeUnits`): the indexer's form, which makes no `String` per token.
struct UnitToken {
    /// The normalized term text; valid only while the token is being emitted.
    let units: UnsafeBufferPointer<UInt16>
    let kind: Token.Kind
    /// As ``Token/position``.
    let position: Int
    /// As ``Token/byteRange``.
    let byteRange: Range<Int>
    /// Whether `units` are known to be in NFC, so that comparing units is comparing `String`s
    /// (canonical equivalence). Almost always true; false only after the normalizer's wrap
    /// joining or katakana folding left a combining mark after a base it now composes with.
    let isNFC: Bool
}
