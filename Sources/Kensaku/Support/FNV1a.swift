/// FNV-1a, 64-bit: a fast hash for short keys (terms, shingles, file names) that is the same on
/// every run and machine, unlike Swift's per-process seeded `Hasher`.
enum FNV1a {
    static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    static let prime: UInt64 = 0x100_0000_01b3

    /// The hash after one more byte or code unit.
    @inline(__always)
    static func step(_ hash: UInt64, _ value: UInt64) -> UInt64 { (hash ^ value) &* prime }
}
