/// One document's occurrences ordered term by term, the order the merge appends postings in.
///
/// The analysis groups occurrences passage by passage; merging them in that order appends to a
/// different posting list at every step, and at scale each append misses the cache on the list's
/// tail. Reordered here, on the worker thread, the merge appends all of a term's entries for the
/// document in a row and reads the keys sequentially.
struct TermMajorOccurrences {
    /// One term's occurrences in one passage.
    struct Entry {
        /// The passage's index in the document.
        var passage: Int32
        /// Where the passage's keys for the term end in ``keys`` (they start where the previous
        /// entry's end).
        var keysEnd: Int32
    }

    /// Occurrence keys (see `AnalyzedDocument.AnalyzedPassage`) by term — word terms, then
    /// bigram terms, each by local number — then by passage, positions increasing.
    private(set) var keys: [UInt64] = []
    /// The (term, passage) entries in the order of ``keys``.
    private(set) var entries: [Entry] = []
    /// Where each term's entries start in ``entries``, by term slot (word terms, then bigram
    /// terms), plus the end.
    private(set) var termStarts: [Int32] = [0]

    init() {}

    /// Reorders `passageKeys` — one passage after another, each grouped by term — whose
    /// passages end at `passageEnds`, for a document of `wordTermCount` word terms and
    /// `bigramTermCount` bigram terms (a counting sort: O(keys + terms)).
    init(passageKeys: [UInt64], passageEnds: [Int], wordTermCount: Int, bigramTermCount: Int) {
        let slotCount = wordTermCount + bigramTermCount
        // Per slot, the next entry and the next key to place (after the prefix sums); counted
        // into the next slot first. Raw buffers: the per-group updates make no access checks.
        let entryStarts = UnsafeMutableBufferPointer<Int32>.allocate(capacity: slotCount + 1)
        let keyStarts = UnsafeMutableBufferPointer<Int32>.allocate(capacity: slotCount + 1)
        defer {
            entryStarts.deallocate()
            keyStarts.deallocate()
        }
        entryStarts.initialize(repeating: 0)
        keyStarts.initialize(repeating: 0)
        var termStarts: [Int32] = []
        var entries: [Entry] = []
        var keys: [UInt64] = []
        passageKeys.withUnsafeBufferPointer { source in
            // Pass 1: count each term's entries and keys (into the next slot, for the prefix sums).
            Self.forEachGroup(source, passageEnds: passageEnds, wordTermCount: wordTermCount) { slot, _, range in
                entryStarts[slot + 1] += 1
                keyStarts[slot + 1] += Int32(truncatingIfNeeded: range.count)
            }
            for slot in 0..<slotCount {
                entryStarts[slot + 1] += entryStarts[slot]
                keyStarts[slot + 1] += keyStarts[slot]
            }
            termStarts = Array(entryStarts)
            // Pass 2: place each group at its term's next free entry and keys.
            entries = [Entry](repeating: Entry(passage: 0, keysEnd: 0), count: Int(entryStarts[slotCount]))
            keys = [UInt64](unsafeUninitializedCapacity: source.count) { keys, initialized in
                entries.withUnsafeMutableBufferPointer { entries in
                    Self.forEachGroup(source, passageEnds: passageEnds, wordTermCount: wordTermCount) { slot, passage, range in
                        let keyStart = Int(keyStarts[slot])
                        for offset in 0..<range.count { keys[keyStart + offset] = source[range.lowerBound + offset] }
                        keyStarts[slot] += Int32(truncatingIfNeeded: range.count)
                        entries[Int(entryStarts[slot])] = Entry(passage: passage, keysEnd: keyStarts[slot])
                        entryStarts[slot] += 1
                    }
                }
                initialized = source.count
            }
        }
        self.keys = keys
        self.entries = entries
        self.termStarts = termStarts
    }

    /// Calls `body` with each group of keys of one term in one passage: its term slot, its
    /// passage and its range in `keys`.
    @inline(__always)
    private static func forEachGroup(
        _ keys: UnsafeBufferPointer<UInt64>, passageEnds: [Int], wordTermCount: Int,
        _ body: (_ slot: Int, _ passage: Int32, _ range: Range<Int>) -> Void
    ) {
        var index = 0
        for (passage, passageEnd) in passageEnds.enumerated() {
            while index < passageEnd {
                let group = keys[index] >> 32
                var end = index + 1
                while end < passageEnd && keys[end] >> 32 == group { end += 1 }
                let term = Int(group & 0x7FFF_FFFF)
                body(group >> 31 == 0 ? term : wordTermCount + term, Int32(truncatingIfNeeded: passage), index..<end)
                index = end
            }
        }
    }
}
