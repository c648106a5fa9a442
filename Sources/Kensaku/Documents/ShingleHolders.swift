/// For each sampled shingle, the kept passages that hold it, in the order they were added: the
/// inverted index of ``DuplicateDetector``.
///
/// An open-addressing hash table (linear probing, at most half full) from shingle to a list
/// number, so no `Dictionary` hashing runs per shingle.
struct ShingleHolders {
    private var slotShingles: [UInt64]
    /// The list number in each slot, or -1 for an empty slot.
    private var slotLists: [Int32]
    /// The holder lists, by list number.
    private var lists: [[Int32]] = []

    init() {
        slotShingles = [UInt64](repeating: 0, count: 1 << 16)
        slotLists = [Int32](repeating: -1, count: 1 << 16)
    }

    /// The list number of `shingle`, or nil when no passage holds it.
    @inline(__always)
    func list(of shingle: UInt64) -> Int32? {
        let mask = slotLists.count - 1
        var slot = Self.slot(shingle, mask: mask)
        while true {
            let list = slotLists[slot]
            if list < 0 { return nil }
            if slotShingles[slot] == shingle { return list }
            slot = (slot + 1) & mask
        }
    }

    /// How many passages list `list` holds.
    @inline(__always)
    func count(of list: Int32) -> Int { lists[Int(list)].count }

    /// Calls `body` with every passage of list `list`, in the order they were added.
    @inline(__always)
    func forEach(in list: Int32, _ body: (Int32) -> Void) {
        lists[Int(list)].withUnsafeBufferPointer { holders in
            for holder in holders { body(holder) }
        }
    }

    /// Records that `passage` holds `shingle`.
    mutating func add(_ passage: Int32, to shingle: UInt64) {
        let mask = slotLists.count - 1
        var slot = Self.slot(shingle, mask: mask)
        while true {
            let list = slotLists[slot]
            if list < 0 { break }
            if slotShingles[slot] == shingle {
                lists[Int(list)].append(passage)
                return
            }
            slot = (slot + 1) & mask
        }
        slotShingles[slot] = shingle
        slotLists[slot] = Int32(truncatingIfNeeded: lists.count)
        lists.append([passage])
        if lists.count * 2 > slotLists.count { rehash(capacity: slotLists.count * 2) }
    }

    /// Sampled shingles are multiples of the sampling modulus: a multiplicative mix spreads them.
    @inline(__always)
    private static func slot(_ shingle: UInt64, mask: Int) -> Int {
        Int(truncatingIfNeeded: (shingle &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    private mutating func rehash(capacity: Int) {
        let oldShingles = slotShingles, oldLists = slotLists
        slotShingles = [UInt64](repeating: 0, count: capacity)
        slotLists = [Int32](repeating: -1, count: capacity)
        let mask = capacity - 1
        for index in oldLists.indices where oldLists[index] >= 0 {
            var slot = Self.slot(oldShingles[index], mask: mask)
            while slotLists[slot] >= 0 { slot = (slot + 1) & mask }
            slotShingles[slot] = oldShingles[index]
            slotLists[slot] = oldLists[index]
        }
    }
}
