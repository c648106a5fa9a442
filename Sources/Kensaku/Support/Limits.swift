/// The documented limits of Kensaku (see `docs/reliability.md`). Exceeding one gives a
/// `limitExceeded` error naming the file, never a crash or a wrong result.
public enum Limits {
    /// The largest document, in bytes. Passage offsets are stored as u32, and a document is read
    /// into memory whole while it is indexed; 1 GiB keeps both far from their edges.
    public static let maximumDocumentBytes = 1 << 30
    /// The most passages in one index: passage numbers are 32-bit signed while building (and u32
    /// in the file).
    public static let maximumPassages = Int(Int32.max - 1)
    /// The most distinct terms per field: term ids take 31 bits of the builder's sort keys.
    public static let maximumTermsPerField = Int(Int32.max)
    /// The most bytes of term text in one index: key offsets are u32 in the file.
    public static let maximumTermKeyBytes = Int(UInt32.max)
    /// The most bytes of one term's posting entries: skip entries locate blocks with u32 offsets.
    public static let maximumPostingListBytes = Int(UInt32.max)
    /// Queries longer than this many characters (Unicode scalars) are cut, with a notice: a
    /// longer query is a pasted document, not a search, and would only slow the answer down.
    public static let maximumQueryCharacters = 1_000
}
