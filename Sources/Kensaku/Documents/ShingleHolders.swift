import CPrefetch

/// For each sampled shingle, the kept passages that hold it, in the order they were added: the
/// inverted index of ``DuplicateDetector``.
///
/// An open-addressing hash table (linear probing, at most half full) from shingle to its holder
/// list, so no `Dictionary` hashing runs per shingle. A slot holds the shingle, the list's length
/// and a reference to the list side by side: finding how many passages hold a shingle reads one
/// slot. Most shingles have one holder, and it sits in the slot itself; longer lists live in one
/// flat arena, each contiguous, so walking a list touches no per-list heap object:
///
///     slot:  | shingle (64) | count (32) | list (32) |
///              count 0: empty slot
///              count 1: list is the holder
///              count n > 1: list is where the holders start in `arena`,
///                           with room for the next power of two ≥ n
struct ShingleHolders {
    /// One slot of the table.
    private struct Slot {
        var shingle: UInt64
        /// How many passages hold the shingle; 0 for an empty slot.
        var count: Int32
        /// The holder when `count` is 1, else where the holders start in ``ShingleHolders/arena``.
        var list: Int32

        static let empty = Slot(shingle: 0, count: 0, list: 0)
    }

    private var slots: [Slot]
    /// How many slots are in use.
    private var shingleCount = 0
    /// The holder lists of more than one passage. A list of *n* holders has room for the next
    /// power of two ≥ *n*; when full it moves to the end with twice the room, leaving a gap.
    private var arena: [Int32] = []

    init() {
        slots = [Slot](repeating: .empty, count: 1 << 16)
    }

    /// The list of `shingle` and how many passages it holds, or nil when none holds it. The list
    /// is only meaningful to ``forEach(in:count:_:)``, until the next ``add(_:to:)``.
    @inline(__always)
    func list(of shingle: UInt64) -> (list: Int32, count: Int)? {
        slots.withUnsafeBufferPointer { slots in
            let mask = slots.count - 1
            var slot = Self.slot(shingle, mask: mask)
            while true {
                let entry = slots[slot]
                if entry.count == 0 { return nil }
                if entry.shingle == shingle { return (entry.list, Int(entry.count)) }
                slot = (slot + 1) & mask
            }
        }
    }

    /// Starts loading the slot where `shingle` is looked up first (a hint).
    @inline(__always)
    func prefetch(_ shingle: UInt64) {
        slots.withUnsafeBufferPointer { slots in
            kensaku_prefetch(slots.baseAddress! + Self.slot(shingle, mask: slots.count - 1))
        }
    }

    /// Calls `body` with every passage of list `list`, of `count` passages, numbered `least` or
    /// above, in the order they were added. Passages are added in ascending order, so those
    /// end the list: it is read from the end back to the first below `least`.
    @inline(__always)
    func forEach(in list: Int32, count: Int, from least: Int32 = 0, _ body: (Int32) -> Void) {
        if count == 1 { return list >= least ? body(list) : () }
        arena.withUnsafeBufferPointer { arena in
            var first = Int(list)
            let end = first + count
            if least > 0 {
                first = end
                while first > Int(list) && arena[first - 1] >= least { first -= 1 }
            }
            for index in first..<end { body(arena[index]) }
        }
    }

    /// Records that `passage` holds `shingle`; passages must be added in ascending order.
    ///
    /// - Complexity: Amortized O(1).
    mutating func add(_ passage: Int32, to shingle: UInt64) {
        let mask = slots.count - 1
        var slot = Self.slot(shingle, mask: mask)
        while slots[slot].count > 0 {
            if slots[slot].shingle == shingle {
                var entry = slots[slot]
                append(passage, to: &entry)
                slots[slot] = entry
                return
            }
            slot = (slot + 1) & mask
        }
        slots[slot] = Slot(shingle: shingle, count: 1, list: passage)
        shingleCount += 1
        if shingleCount * 2 > slots.count { rehash(capacity: slots.count * 2) }
    }

    /// Appends `passage` to the list of `entry`, moving the list when it has no room left.
    private mutating func append(_ passage: Int32, to entry: inout Slot) {
        let count = Int(entry.count)
        if count & (count - 1) == 0 {
            // Full (a power of two, or the single holder in the slot): move to twice the room.
            let start = arena.count
            arena.append(contentsOf: repeatElement(0, count: 2 * count))
            let old = Int(entry.list)
            arena.withUnsafeMutableBufferPointer { arena in
                if count == 1 {
                    arena[start] = entry.list
                } else {
                    for index in 0..<count { arena[start + index] = arena[old + index] }
                }
                arena[start + count] = passage
            }
            entry.list = Int32(start)
        } else {
            arena[Int(entry.list) + count] = passage
        }
        entry.count += 1
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
        for entry in old where entry.count > 0 {
            var slot = Self.slot(entry.shingle, mask: mask)
            while slots[slot].count > 0 { slot = (slot + 1) & mask }
            slots[slot] = entry
        }
    }
}
