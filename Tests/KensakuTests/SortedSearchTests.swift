import Testing
@testable import Kensaku

@Suite("Sorted search")
struct SortedSearchTests {
    @Test func sortedContainsFindsExactlyTheMembers() {
        let values = [2, 3, 5, 8, 13, 21]
        for probe in 0...25 { #expect(values.sortedContains(probe) == values.contains(probe), "probe \(probe)") }
        #expect(![Int]().sortedContains(1))
    }
}
