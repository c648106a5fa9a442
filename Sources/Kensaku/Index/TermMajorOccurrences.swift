/// One document's occurrences ordered term by term, the order the merge appends postings in.
///
/// The analysis collects occurrences passage by passage, in token order; merging them in that
/// order would append to a different posting list at every step, and at scale each append misses
/// the cache on the list's tail. Reordered here, on the worker thread, the merge appends all of a
/// term's entries for the document in a row and reads the keys sequentially.
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

    /// Reorders `passageKeys` — one passage after another, each in token order — whose passages
    /// end at `passageEnds`, for a document of `wordTermCount` word terms and `bigramTermCount`
    /// bigram terms: a counting sort by term that keeps passage order (O(keys + terms)). A term's
    /// positions in a passage come in increasing order, but for context tokens after a large
    /// expansion; such an entry's keys are sorted.
    init(passageKeys: [UInt64], passageEnds: [Int], wordTermCount: Int, bigramTermCount: Int) {
        let slotCount = wordTermCount + bigramTermCount
        // Per slot, the next entry and the next key to place (after the prefix sums); counted
        // into the next slot first. Per slot, the last passage that held it, marked +(passage + 1)
        // in the first pass and −(passage + 1) in the second (so no reset between them). Raw
        // buffers: the per-key updates make no access checks.
        let entryStarts = UnsafeMutableBufferPointer<Int32>.allocate(capacity: slotCount + 1)
        let keyStarts = UnsafeMutableBufferPointer<Int32>.allocate(capacity: slotCount + 1)
        let lastPassage = UnsafeMutableBufferPointer<Int32>.allocate(capacity: slotCount)
        defer {
            entryStarts.deallocate()
            keyStarts.deallocate()
            lastPassage.deallocate()
        }
        entryStarts.initialize(repeating: 0)
        keyStarts.initialize(repeating: 0)
        lastPassage.initialize(repeating: 0)
        var termStarts: [Int32] = []
        var entries: [Entry] = []
        var keys: [UInt64] = []
        passageKeys.withUnsafeBufferPointer { source in
            // Pass 1: count each term's keys and entries (into the next slot, for the prefix sums).
            Self.forEachKey(source, passageEnds: passageEnds, wordTermCount: wordTermCount) { slot, passage, _ in
                keyStarts[slot + 1] += 1
                let mark = passage + 1
                if lastPassage[slot] != mark {
                    lastPassage[slot] = mark
                    entryStarts[slot + 1] += 1
                }
            }
            for slot in 0..<slotCount {
                entryStarts[slot + 1] += entryStarts[slot]
                keyStarts[slot + 1] += keyStarts[slot]
            }
            termStarts = Array(entryStarts)
            // Pass 2: place each key at its term's next free place; a term's first key in a
            // passage opens an entry, the others extend it.
            var unordered: [Int] = []
            entries = [Entry](repeating: Entry(passage: 0, keysEnd: 0), count: Int(entryStarts[slotCount]))
            keys = [UInt64](unsafeUninitializedCapacity: source.count) { keys, initialized in
                entries.withUnsafeMutableBufferPointer { entries in
                    Self.forEachKey(source, passageEnds: passageEnds, wordTermCount: wordTermCount) { slot, passage, key in
                        let place = Int(keyStarts[slot])
                        keys[place] = key
                        keyStarts[slot] += 1
                        let mark = -(passage + 1)
                        if lastPassage[slot] != mark {
                            lastPassage[slot] = mark
                            entries[Int(entryStarts[slot])] = Entry(passage: passage, keysEnd: keyStarts[slot])
                            entryStarts[slot] += 1
                        } else {
                            let entry = Int(entryStarts[slot]) - 1
                            if key < keys[place - 1] && unordered.last != entry { unordered.append(entry) }
                            entries[entry].keysEnd = keyStarts[slot]
                        }
                    }
                }
                for entry in unordered {
                    let start = entry == 0 ? 0 : Int(entries[entry - 1].keysEnd)
                    var range = UnsafeMutableBufferPointer(rebasing: keys[start..<Int(entries[entry].keysEnd)])
                    range.sort()
                }
                initialized = source.count
            }
        }
        self.keys = keys
        self.entries = entries
        self.termStarts = termStarts
    }

    /// Calls `body` with each key, its term slot (word terms, then bigram terms) and its passage.
    @inline(__always)
    private static func forEachKey(
        _ keys: UnsafeBufferPointer<UInt64>, passageEnds: [Int], wordTermCount: Int,
        _ body: (_ slot: Int, _ passage: Int32, _ key: UInt64) -> Void
    ) {
        var index = 0
        for (passage, passageEnd) in passageEnds.enumerated() {
            while index < passageEnd {
                let key = keys[index]
                let term = Int(truncatingIfNeeded: key >> 32 & 0x7FFF_FFFF)
                body(key >> 63 == 0 ? term : wordTermCount + term, Int32(truncatingIfNeeded: passage), key)
                index += 1
            }
        }
    }
}
