import Testing
@testable import Kensaku

@Suite("Uniform hash sort")
struct UniformHashSortTests {
    /// Inputs of every shape: hashes (as the shingles are), hashes with repeats, equal values,
    /// values crowded into one bucket, and sorted and reversed runs.
    private static func inputs(count: Int, seed: UInt64) -> [(name: String, values: [UInt64])] {
        var random = SplitMix64(seed: seed)
        let hashes = (0..<count).map { _ in random.next() & ~3 }
        let repeated = (0..<count).map { _ in hashes[Int(random.next() % UInt64(max(1, count / 3 + 1))) % max(1, count)] }
        return [
            ("hashes", hashes),
            ("hashes with repeats", count == 0 ? [] : repeated),
            ("equal", Array(repeating: 0xDEAD_BEEF, count: count)),
            ("crowded", (0..<count).map { _ in random.next() % 1000 }),
            ("sorted", hashes.sorted()),
            ("reversed", hashes.sorted().reversed()),
        ]
    }

    @Test("sorts as the library does", arguments: [0, 1, 2, 31, 32, 33, 100, 200, 1000, 5000])
    func matchesLibrarySort(count: Int) {
        var sorter = UniformHashSort()
        for seed in UInt64(1)...3 {
            for (name, values) in Self.inputs(count: count, seed: seed) {
                var sorted = values
                sorter.sort(&sorted)
                #expect(sorted == values.sorted(), "\(name), \(count) values, seed \(seed)")
            }
        }
    }
}
