/// Every `stride`-th entry of a table sorted by kind, then key bytes (then length), reduced to
/// its kind and the first eight bytes of its key, in memory: a binary search over these small
/// values narrows a search of the table to the entries between two samples.
///
/// The term dictionary and the heading vocabulary are searched this way. Their binary searches
/// read an entry and its key bytes at every step, two cache lines far from the last ones; the
/// dictionary of the plain corpus (25,000 terms, ~1 MB) took ~15 steps per query term, and
/// about an eighth of the ranking's first-level cache misses at ×1 were those reads.
///
/// Why a sample may decide: the prefixes are compared as big-endian integers, the key padded
/// with zero bytes. Where two padded prefixes differ, the first differing byte is a real byte of
/// both keys (same order as the full comparison) or past the end of the smaller one, which is
/// then a proper prefix of the other (shorter sorts first in the full comparison too). So a
/// prefix strictly smaller (larger) means a key strictly smaller (larger); equal prefixes decide
/// nothing, and the search keeps those entries.
struct SortedKeySamples: Sendable {
    private struct Sample: Sendable {
        let kind: UInt8
        let prefix: UInt64

        @inline(__always)
        static func < (a: Sample, b: Sample) -> Bool {
            a.kind != b.kind ? a.kind < b.kind : a.prefix < b.prefix
        }
    }

    /// Entries of the table.
    private let count: Int
    private let stride: Int
    /// The sample of entry `i × stride`, for every such entry.
    private let samples: [Sample]

    /// Samples a table of `count` entries; `entry(i)` gives entry `i`'s kind and key bytes.
    init(count: Int, stride: Int = 16, entry: (Int) -> (kind: UInt8, key: UnsafeRawBufferPointer)) {
        precondition(stride > 0)
        self.count = count
        self.stride = stride
        samples = Swift.stride(from: 0, to: count, by: stride).map { index in
            let (kind, key) = entry(index)
            return Sample(kind: kind, prefix: Self.prefix(key))
        }
    }

    /// The first eight bytes of `key` as a big-endian integer, padded with zero bytes.
    @inline(__always)
    static func prefix(_ key: UnsafeRawBufferPointer) -> UInt64 {
        if key.count >= 8 { return UInt64(bigEndian: key.loadUnaligned(as: UInt64.self)) }
        var value: UInt64 = 0
        for index in 0..<key.count { value |= UInt64(key[index]) << (56 - 8 * UInt64(index)) }
        return value
    }

    /// The entries that may hold (`kind`, `key`): every entry outside sorts strictly before or
    /// after it (when the table is sorted).
    func candidates(kind: UInt8, key: UnsafeRawBufferPointer) -> Range<Int> {
        let wanted = Sample(kind: kind, prefix: Self.prefix(key))
        return samples.withUnsafeBufferPointer { samples in
            // Samples before `below` sort before `wanted`; those from `above` on sort after it
            // (usually `below` itself: samples with equal prefixes are rare).
            var low = 0, high = samples.count
            while low < high {
                let middle = (low + high) / 2
                if samples[middle] < wanted { low = middle + 1 } else { high = middle }
            }
            let below = low
            var above = below
            while above < samples.count && !(wanted < samples[above]) { above += 1 }
            let start = below == 0 ? 0 : (below - 1) * stride + 1
            let end = above == samples.count ? count : above * stride
            return start..<max(start, end)
        }
    }
}
