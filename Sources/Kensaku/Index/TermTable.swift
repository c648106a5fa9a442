/// Hash tables that number distinct terms densely (0, 1, 2… in first-seen order) by comparing
/// their units or bytes: `String` keys cost a `String` per token, and `String` hashing and
/// comparison normalize.
///
/// Both tables use open addressing with linear probing and stay at most half full.

/// Numbers terms that fit in 64 bits: a bigram's one or two characters (at most four UTF-16
/// units, none of them zero) packed by ``key(_:)``.
struct PackedTermTable {
    /// A key and its term number side by side, so a probe reads one cache line.
    private struct Slot {
        var key: UInt64
        /// The term number, or -1 for an empty slot.
        var number: Int32

        static let empty = Slot(key: 0, number: -1)
    }

    private var slots: [Slot]
    /// The key of each term, by number.
    private(set) var keys: [UInt64] = []

    init() {
        slots = [Slot](repeating: .empty, count: 1024)
    }

    var count: Int { keys.count }

    /// Packs up to four nonzero UTF-16 units, first unit lowest.
    @inline(__always)
    static func key(_ units: UnsafeBufferPointer<UInt16>) -> UInt64 {
        var key: UInt64 = 0
        for index in 0..<units.count { key |= UInt64(units[index]) << (16 * UInt64(index)) }
        return key
    }

    /// Calls `body` with the units of a packed key (in a stack buffer: no array per key).
    static func withUnits<Result>(of key: UInt64, _ body: (UnsafeBufferPointer<UInt16>) -> Result) -> Result {
        withUnsafeTemporaryAllocation(of: UInt16.self, capacity: 4) { units in
            var count = 0
            var rest = key
            while rest != 0 {
                units[count] = UInt16(truncatingIfNeeded: rest)
                count += 1
                rest >>= 16
            }
            return body(UnsafeBufferPointer(rebasing: units[..<count]))
        }
    }

    /// The number of `key`, adding it when new.
    @inline(__always)
    mutating func number(for key: UInt64) -> Int32 {
        let mask = slots.count - 1
        var index = Self.slot(key, mask: mask)
        while true {
            let slot = slots[index]
            if slot.number < 0 { break }
            if slot.key == key { return slot.number }
            index = (index + 1) & mask
        }
        let number = Int32(truncatingIfNeeded: keys.count)
        keys.append(key)
        slots[index] = Slot(key: key, number: number)
        if keys.count * 2 > slots.count { rehash(capacity: slots.count * 2) }
        return number
    }

    /// Forgets every term, keeping the capacity.
    mutating func removeAll() {
        guard !keys.isEmpty else { return }
        keys.removeAll(keepingCapacity: true)
        for index in slots.indices { slots[index] = .empty }
    }

    @inline(__always)
    private static func slot(_ key: UInt64, mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    private mutating func rehash(capacity: Int) {
        slots = [Slot](repeating: .empty, count: capacity)
        let mask = capacity - 1
        for (number, key) in keys.enumerated() {
            var index = Self.slot(key, mask: mask)
            while slots[index].number >= 0 { index = (index + 1) & mask }
            slots[index] = Slot(key: key, number: Int32(truncatingIfNeeded: number))
        }
    }
}

/// Numbers variable-length terms (UTF-16 units or UTF-8 bytes), stored end to end in one array.
struct ArenaTermTable<Unit: FixedWidthInteger> {
    /// Every term's units, end to end, by number.
    private(set) var arena: [Unit] = []
    /// Where each term ends in `arena` (it starts where the previous one ends).
    private(set) var ends: [Int] = []
    /// Each term's hash, by number.
    private(set) var hashes: [UInt64] = []
    /// Each slot: the high 32 bits of its term's hash and the term number plus one, or 0 for
    /// an empty slot. With part of the hash in the slot, a probe reads one array, not two.
    private var slots: [UInt64]

    init() {
        slots = [UInt64](repeating: 0, count: 1024)
    }

    @inline(__always)
    private static func slotValue(hash: UInt64, number: Int) -> UInt64 {
        hash & 0xFFFF_FFFF_0000_0000 | UInt64(number + 1)
    }

    var count: Int { ends.count }

    /// The units of term `number`.
    func key(_ number: Int) -> ArraySlice<Unit> {
        arena[(number == 0 ? 0 : ends[number - 1])..<ends[number]]
    }

    /// FNV-1a over the units, with a final mix so that the low bits depend on every unit.
    @inline(__always)
    static func hash(_ units: UnsafeBufferPointer<Unit>) -> UInt64 {
        var hash = FNV1a.offsetBasis
        for unit in units { hash = FNV1a.step(hash, UInt64(truncatingIfNeeded: unit)) }
        hash ^= hash >> 29
        hash = hash &* 0xBF58_476D_1CE4_E5B9
        return hash ^ (hash >> 32)
    }

    /// The number of the term `units` (whose ``hash(_:)`` is `hash`) and whether it was added.
    @inline(__always)
    mutating func number(for units: UnsafeBufferPointer<Unit>, hash: UInt64) -> (number: Int32, isNew: Bool) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let value = slots[slot]
            if value == 0 { break }
            if value >> 32 == hash >> 32 {
                let number = Int(truncatingIfNeeded: value & 0xFFFF_FFFF) - 1
                if matches(number, units) { return (Int32(truncatingIfNeeded: number), false) }
            }
            slot = (slot + 1) & mask
        }
        let number = ends.count
        arena.append(contentsOf: units)
        ends.append(arena.count)
        hashes.append(hash)
        slots[slot] = Self.slotValue(hash: hash, number: number)
        if ends.count * 2 > slots.count { rehash(capacity: slots.count * 2) }
        return (Int32(truncatingIfNeeded: number), true)
    }

    /// Forgets every term, keeping the capacity.
    mutating func removeAll() {
        guard !ends.isEmpty else { return }
        arena.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        hashes.removeAll(keepingCapacity: true)
        for index in slots.indices { slots[index] = 0 }
    }

    @inline(__always)
    private func matches(_ number: Int, _ units: UnsafeBufferPointer<Unit>) -> Bool {
        let start = number == 0 ? 0 : ends[number - 1]
        guard ends[number] - start == units.count else { return false }
        return arena.withUnsafeBufferPointer { stored in
            for index in 0..<units.count where stored[start + index] != units[index] { return false }
            return true
        }
    }

    private mutating func rehash(capacity: Int) {
        slots = [UInt64](repeating: 0, count: capacity)
        let mask = capacity - 1
        for (number, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Self.slotValue(hash: hash, number: number)
        }
    }
}
