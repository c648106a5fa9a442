import Testing
@testable import Kensaku

/// ``TermMajorOccurrences``: a document's occurrence keys, in token order passage by passage,
/// grouped by term, then passage, positions increasing.
@Suite("Term-major occurrences")
struct TermMajorOccurrencesTests {
    /// An occurrence key: field (0 words, 1 bigrams), local term, position.
    private static func key(_ field: UInt64, _ term: UInt64, _ position: UInt64) -> UInt64 {
        field << 63 | term << 32 | position
    }

    @Test("keys are grouped by term, then passage, positions sorted where tokens came out of order")
    func grouping() {
        let k = Self.key
        // Passage 0: word 1 at 0 and 3 (context tokens at 1 after them: out of order), bigram 0 at 0.
        // Passage 1: nothing. Passage 2: word 0 at 4, word 1 at 2, bigram 0 at 1 and 2.
        let passageKeys = [k(0, 1, 0), k(0, 1, 3), k(1, 0, 0), k(0, 1, 1),
                           k(0, 0, 4), k(0, 1, 2), k(1, 0, 1), k(1, 0, 2)]
        let occurrences = TermMajorOccurrences(passageKeys: passageKeys, passageEnds: [4, 4, 8],
                                               wordTermCount: 2, bigramTermCount: 1)
        #expect(occurrences.keys == [k(0, 0, 4),
                                     k(0, 1, 0), k(0, 1, 1), k(0, 1, 3), k(0, 1, 2),
                                     k(1, 0, 0), k(1, 0, 1), k(1, 0, 2)])
        #expect(occurrences.entries.map(\.passage) == [2, 0, 2, 0, 2])
        #expect(occurrences.entries.map(\.keysEnd) == [1, 4, 5, 6, 8])
        #expect(occurrences.termStarts == [0, 1, 3, 5])
    }
}
