import Testing
@testable import Kensaku

@Suite("Passage set")
struct PassageSetTests {
    /// Membership and places agree with the sorted list, across word boundaries and at both ends.
    @Test func membershipAndPlacesMatchTheSortedList() {
        var generator = SystemRandomNumberGenerator()
        for passageCount in [0, 1, 63, 64, 65, 200, 1_000] {
            let members = (0..<passageCount).filter { _ in Bool.random(using: &generator) }
            let set = PassageSet(members, passageCount: passageCount)
            #expect(set.members == members && set.isEmpty == members.isEmpty)
            for passage in -2..<(passageCount + 130) {
                #expect(set.contains(passage) == members.contains(passage))
                #expect(set.index(of: passage) == members.firstIndex(of: passage))
            }
        }
    }

    @Test func membersPastThePassageCountStillFit() {
        let set = PassageSet([0, 64, 130], passageCount: 0)
        #expect(set.contains(130) && set.index(of: 130) == 2 && set.index(of: 64) == 1)
        #expect(!set.contains(129) && !set.contains(131) && !set.contains(100_000))
    }
}
