/// A set of passage numbers, kept both as an increasing list and as one bit per passage, with
/// the count of members before each 64-bit word: membership is one load, and a member's place
/// in the list one more load and a population count.
///
/// Ranking asks "is this passage a duplicate, and which are its coverers?" for every candidate
/// it keeps. At ×100 (83,000 duplicates) a galloping search through the sorted list touched a
/// dozen cache lines a question and took a tenth of a long query's time; the bits and counts
/// take 54 KB there.
struct PassageSet: Sendable, Equatable {
    /// The members, increasing.
    let members: [Int]
    /// Bit `p & 63` of word `p >> 6` is set for each member `p`.
    private let bits: [UInt64]
    /// `membersBefore[w]`: the members below `64 · w`.
    private let membersBefore: [UInt32]

    /// The set of `members` (increasing and not negative). `passageCount` sizes the bits up
    /// front; members past it still fit.
    init(_ members: [Int], passageCount: Int) {
        self.members = members
        let words = (max(passageCount, (members.last ?? -1) + 1) + 63) / 64
        var bits = [UInt64](repeating: 0, count: words)
        for member in members where member >= 0 {
            bits[member >> 6] |= 1 << UInt64(member & 63)
        }
        var membersBefore = [UInt32](repeating: 0, count: words)
        var total: UInt32 = 0
        for word in 0..<words {
            membersBefore[word] = total
            total &+= UInt32(bits[word].nonzeroBitCount)
        }
        self.bits = bits
        self.membersBefore = membersBefore
    }

    /// Whether `passage` is a member.
    @inline(__always)
    func contains(_ passage: Int) -> Bool {
        let word = passage >> 6
        guard passage >= 0, word < bits.count else { return false }
        return bits[word] & (1 << UInt64(passage & 63)) != 0
    }

    /// The place of `passage` in ``members``, or nil when it is not a member.
    func index(of passage: Int) -> Int? {
        guard contains(passage) else { return nil }
        let word = passage >> 6
        let below = bits[word] & ((1 << UInt64(passage & 63)) &- 1)
        return Int(membersBefore[word]) + below.nonzeroBitCount
    }

    var isEmpty: Bool { members.isEmpty }
}
