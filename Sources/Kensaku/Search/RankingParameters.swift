/// The constants of passage ranking, with the reasons for their values.
public struct RankingParameters: Sendable, Hashable {
    /// BM25 term-frequency saturation. 1.2 is the long-standing default of Lucene and tantivy:
    /// the third occurrence of a term adds little over the second.
    public var k1: Double = 1.2
    /// BM25 length normalization. 0.75 is the common default; passages are already capped near
    /// 1,500 bytes, so length matters less than in whole-document retrieval.
    public var b: Double = 0.75
    /// Weight of word-token (ICU segmentation) evidence.
    public var wordWeight: Double = 1.0
    /// Weight of bigram evidence. Below the word weight, so whole-word matches beat bigrams
    /// scattered through a passage; above zero, so substrings (`排出` in `排出量`) still match.
    public var bigramWeight: Double = 0.5

    public init() {}

    /// The defaults.
    public static let standard = RankingParameters()
}
