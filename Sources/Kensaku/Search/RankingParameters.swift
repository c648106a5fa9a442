/// The constants of passage ranking, with the reasons for their values.
///
/// Chosen on the development set (`../shared/eval/`) from a small grid, keeping values in the
/// middle of flat regions rather than at the best point, and checked by leave-one-out
/// cross-validation (figures in the README's Quality section).
public struct RankingParameters: Sendable, Hashable {
    /// BM25 term-frequency saturation. 1.2 is the long-standing default of Lucene and tantivy:
    /// the third occurrence of a term adds little over the second.
    public var k1: Double = 1.2
    /// BM25 length normalization, below the usual 0.75: passages are already bounded (200 to
    /// 2,000 bytes), and full normalization let one-line table cells that merely repeat a query
    /// word outrank the paragraphs that explain it (dev set: 0.75 → 0.748, 0.5 → 0.757, 0.3 → 0.777;
    /// the middle value is kept rather than the extreme).
    public var b: Double = 0.5
    /// Weight of word-token (ICU segmentation) evidence.
    public var wordWeight: Double = 1.0
    /// Weight of bigram evidence. Below the word weight, so whole-word matches beat bigrams
    /// scattered through a passage; above zero, so substrings (`排出` in `排出量`) still match.
    /// A CJK word of n characters yields n − 1 bigrams, so bigrams would otherwise outvote words.
    /// 0.3 was the steadiest finding of a leave-one-out check over 96 settings (mean nDCG@10 over
    /// the grid: 0.753 at 0.3, 0.740 at 0.5, 0.725 at 0.75, 0.713 at 1.0).
    public var bigramWeight: Double = 0.3
    /// Weight of terms written only in hiragana. Japanese function words (particles, auxiliary
    /// verbs, question endings: は, を, ですか, ます) are hiragana, so a natural question does not
    /// rank passages by its grammar; content words in hiragana still count, a little. (Grid means
    /// 0.799 at 0.1 and 0.2, 0.795 at 0.5, 0.796 at 1.0: a small, steady gain.) Lone hiragana
    /// words, the particles, are left out of a query with other words altogether
    /// (``AnalyzedQuery/isParticle(_:)``).
    public var hiraganaWeight: Double = 0.2
    /// Weight of query terms found in the passage's section headings or document title, relative
    /// to a body occurrence: a heading names what its passages are about (BM25F-style field boost,
    /// with the heading field saturated at one occurrence). Grid means: 0.786 without, 0.801 at
    /// 0.25, 0.800 at 0.5, 0.803 at 1.0; the low end of the plateau is kept.
    public var headingWeight: Double = 0.25
    /// Weight of proximity: adjacent query words (in query order) found close together in the
    /// passage add up to this share of their weight. On the development set proximity is neutral
    /// (grid means 0.800 at 0 and 0.25, 0.798 at 0.5, 0.792 at 1.0): its questions rarely hinge
    /// on word distance, so the bonus is kept small but present for queries that do.
    public var proximityWeight: Double = 0.25
    /// Characters between two query words at which their proximity bonus halves.
    public var proximityScale: Double = 10
    /// Only this many best passages by BM25 and heading bonus get the proximity bonus (positions
    /// are decoded for them alone). 30 covers the pool a page of 10 hits is chosen from
    /// (3 · 10 + 1, see `PassageRanker`); the head size also bounds how much search must score in
    /// full, so it sets the speed of pruned search. On the development set and 140 further queries
    /// the top 10 are the same at 30, 100 and with every passage getting the bonus.
    public var proximityCandidates: Int = 30
    /// A passage next to one already ranked higher (same section, neighbouring passage) is scored
    /// down by this factor, so one stretch of text does not fill the top 10 (`same-unit` slots).
    /// Grid means: 0.784 without (1.0), 0.800 at 0.75, 0.807 at 0.5.
    public var neighbourPenalty: Double = 0.5

    public init() {}

    /// Whether ranking may prune (see `PassageRanker.rank`): it needs BM25 to grow with term
    /// frequency and shrink with length, and no negative weight or bonus. Other settings are
    /// ranked by scoring every matching passage.
    var allowsPruning: Bool {
        k1 >= 0 && b >= 0 && wordWeight >= 0 && bigramWeight >= 0 && hiraganaWeight >= 0 && headingWeight >= 0
            && proximityWeight >= 0 && neighbourPenalty >= 0 && proximityCandidates >= 0
    }

    /// The defaults.
    public static let standard = RankingParameters()
}
