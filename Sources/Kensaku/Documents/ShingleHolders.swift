/// For each sampled shingle, the kept passages that hold it, in the order they were added: the
/// inverted index of ``DuplicateDetector``.
///
/// An open-addressing hash table (linear probing, at most half full) from shingle to a list
/// number, so no `Dictionary` hashing runs per shingle. A slot holds the shingle, its list number
/// and the list's length side by side: finding how many passages hold a shingle reads one slot.
struct ShingleHolders {
    /// One slot of the table.
    private struct Slot {
        var shingle: UInt64
        /// The list number, or -1 for an empty slot.
        var list: Int32
        /// How many passages the list holds.
        var count: Int32

        static let empty = Slot(shingle: 0, list: -1, count: 0)
    }

    private var slots: [Slot]
    /// The holder lists, by list number.
    private var lists: [[Int32]] = []

    init() {
        slots = [Slot](repeating: .empty, count: 1 << 16)
    }

    /// The list number of `shingle` and how many passages it holds, or nil when none holds it.
    @inline(__always)
    func list(of shingle: UInt64) -> (list: Int32, count: Int)? {
        slots.withUnsafeBufferPointer { slots in
            let mask = slots.count - 1
            var slot = Self.slot(shingle, mask: mask)
            while true {
                let entry = slots[slot]
                if entry.list < 0 { return nil }
                if entry.shingle == shingle { return (entry.list, Int(entry.count)) }
                slot = (slot + 1) & mask
            }
        }
    }

    /// Calls `body` with every passage of list `list`, in the order they were added.
    @inline(__always)
    func forEach(in list: Int32, _ body: (Int32) -> Void) {
        lists[Int(list)].withUnsafeBufferPointer { holders in
            for holder in holders { body(holder) }
        }
    }

    /// Records that `passage` holds `shingle`.
    mutating func add(_ passage: Int32, to shingle: UInt64) {
        let mask = slots.count - 1
        var slot = Self.slot(shingle, mask: mask)
        while true {
            let list = slots[slot].list
            if list < 0 { break }
            if slots[slot].shingle == shingle {
                lists[Int(list)].append(passage)
                slots[slot].count += 1
                return
            }
            slot = (slot + 1) & mask
        }
        slots[slot] = Slot(shingle: shingle, list: Int32(truncatingIfNeeded: lists.count), count: 1)
        lists.append([passage])
        if lists.count * 2 > slots.count { rehash(capacity: slots.count * 2) }
    }

    /// Sampled shingles are multiples of the sampling modulus: a multiplicative mix spreads them.
    @inline(__always)
    private static func slot(_ shingle: UInt64, mask: Int) -> Int {
        Int(truncatingIfNeeded: (shingle &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    private mutating func rehash(capacity: Int) {
        let old = slots
        slots = [Slot](repeating: .empty, count: capacity)
        let mask = capacity - 1
        for entry in old where entry.list >= 0 {
            var slot = Self.slot(entry.shingle, mask: mask)
            while slots[slot].list >= 0 { slot = (slot + 1) & mask }
            slots[slot] = entry
        }
    }
}
