import Foundation
import Testing
@testable import Kensaku

@Suite("Coverer table")
struct CovererTableTests {
    @Test func looksUpCoverersAndReversesThem() {
        // 3 is covered by 1 then 0; 5 by 2.
        let table = CovererTable(passages: [3, 5], starts: [0, 2, 3], coverers: [1, 0, 2])
        #expect(table.duplicates == [3, 5])
        #expect(table[3] == [1, 0] && table[5] == [2])
        #expect(table[0] == nil && table[4] == nil && table[6] == nil)
        let covered = table.covered(passageCount: 6)
        #expect(covered.duplicates(coveredBy: 0) == [3] && covered.duplicates(coveredBy: 1) == [3])
        #expect(covered.duplicates(coveredBy: 2) == [5] && covered.duplicates(coveredBy: 3).isEmpty)
        #expect(CovererTable().isEmpty && CovererTable()[0] == nil)
    }

    /// A file that lists passages out of order, or one passage twice, reads like the dictionary
    /// it replaced: sorted, and the last list of a passage counts.
    @Test func unorderedEntriesAreSortedAndTheLastListWins() {
        let table = CovererTable(passages: [9, 4, 9, 2], starts: [0, 1, 2, 4, 5], coverers: [1, 3, 7, 8, 0])
        #expect(table.duplicates == [2, 4, 9])
        #expect(table[2] == [0] && table[4] == [3] && table[9] == [7, 8])
    }

    @Test func theCorpusIndexListsItsDuplicates() throws {
        _ = try TestSupport.index()
        let reader = try IndexReader(path: TestSupport.corpusIndexPath)
        #expect(!reader.coverers.isEmpty)
        #expect(reader.duplicatePassages.members == reader.coverers.duplicates)
        for duplicate in reader.duplicatePassages.members {
            let coverers = try #require(reader.coverers[duplicate])
            #expect(!coverers.isEmpty && !coverers.contains(duplicate))
        }
    }
}
