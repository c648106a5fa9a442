import Testing
@testable import Kensaku

@Suite("Sorted search")
struct SortedSearchTests {
    @Test func sortedContainsFindsExactlyTheMembers() {
        let values = [2, 3, 5, 8, 13, 21]
        for probe in 0...25 { #expect(values.sortedContains(probe) == values.contains(probe), "probe \(probe)") }
        #expect(![Int]().sortedContains(1))
    }

    /// Every start and every probe against the plain linear answer, including runs of equal values.
    @Test func firstIndexNotBeforeAgreesWithALinearSearch() {
        let values = [1, 1, 2, 4, 4, 4, 7, 9, 12, 12, 30, 31, 32, 40, 41, 50, 60, 61, 62, 63, 100]
        for start in 0...values.count {
            for probe in -1...101 {
                let expected = values[start...].firstIndex { $0 >= probe } ?? values.count
                #expect(values.firstIndex(notBefore: probe, from: start) == expected, "start \(start), probe \(probe)")
            }
        }
        #expect([Int]().firstIndex(notBefore: 3, from: 0) == 0)
    }
}
