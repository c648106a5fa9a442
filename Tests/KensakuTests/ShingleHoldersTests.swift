import Testing
@testable import Kensaku

/// ``ShingleHolders`` against a dictionary of arrays.
@Suite("Shingle holders")
struct ShingleHoldersTests {
    /// Lists the holders of `shingle` as ``ShingleHolders`` gives them, or nil when none holds it.
    private static func holders(of shingle: UInt64, in table: ShingleHolders) -> [Int32]? {
        guard let (list, count) = table.list(of: shingle) else { return nil }
        var holders: [Int32] = []
        table.forEach(in: list, count: count) { holders.append($0) }
        #expect(holders.count == count)
        return holders
    }

    @Test(
        "gives every shingle's holders in the order they were added",
        arguments: [(UInt64(1), 200_000, 300_000), (2, 50_000, 100_000)])
    func matchesDictionary(seed: UInt64, shingleRange: Int, additions: Int) {
        var random = SplitMix64(seed: seed)
        var table = ShingleHolders()
        var plain: [UInt64: [Int32]] = [:]
        for passage in 0..<Int32(additions) {
            // The fourth power skews the draw: a few shingles get long lists, many get one holder.
            let draw = Double(random.next() % 1_000_000) / 1_000_000
            let shingle = UInt64(draw * draw * draw * draw * Double(shingleRange)) << 2
            table.add(passage, to: shingle)
            plain[shingle, default: []].append(passage)
        }
        #expect(plain.values.contains { $0.count == 1 })
        #expect(plain.values.contains { $0.count > 1_000 })
        for (shingle, holders) in plain {
            #expect(Self.holders(of: shingle, in: table) == holders)
        }
        for absent in (0..<100).map({ UInt64($0) << 2 | 1 }) {
            #expect(Self.holders(of: absent, in: table) == nil)
        }
    }
}
