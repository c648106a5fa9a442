import CPrefetch

/// Hash tables that number distinct terms densely (0, 1, 2… in first-seen order) by comparing
/// their units or bytes: `String` keys cost a `String` per token, and `String` hashing and
/// comparison normalize.
///
/// Both tables use open addressing with linear probing. The tables probed once per token stay at
/// most three-quarters full rather than half: their probe was the build's most frequent cache
/// miss, and a table half the size misses less than the longer probe sequences cost (about −7 %
/// build CPU at ×100 on the benchmark corpus). The rare wide keys' table stays at most half full.

/// Numbers terms that fit in 64 bits: a bigram's one or two characters (at most four UTF-16
/// units, none of them zero) packed by ``key(_:)``.
///
/// Keys of at most two units (every bigram of the Basic Multilingual Plane, nearly all of them)
/// live in a table of 8-byte slots, half the size of one holding any key: the table is probed
/// once per bigram token, and a smaller one misses the cache less. Longer keys (characters
/// outside the BMP) have a table of their own.
struct PackedTermTable {
    /// A key of three or four units and its term number side by side.
    private struct WideSlot {
        var key: UInt64
        /// The term number, or -1 for an empty slot.
        var number: Int32

        static let empty = WideSlot(key: 0, number: -1)
    }

    /// Keys of at most two units: the key in the high 32 bits, the term number plus one in the
    /// low 32 bits; 0 is an empty slot.
    private var narrowSlots: [UInt64]
    private var narrowCount = 0
    private var wideSlots: [WideSlot]
    private var wideCount = 0
    /// The key of each term, by number.
    private(set) var keys: [UInt64] = []

    init() {
        narrowSlots = [UInt64](repeating: 0, count: 1024)
        wideSlots = [WideSlot](repeating: .empty, count: 16)
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
        guard key >> 32 == 0 else { return wideNumber(for: key) }
        let mask = narrowSlots.count - 1
        var index = Self.slot(key, mask: mask)
        while true {
            let slot = narrowSlots[index]
            if slot == 0 { break }
            if slot >> 32 == key { return Int32(truncatingIfNeeded: slot & 0xFFFF_FFFF) - 1 }
            index = (index + 1) & mask
        }
        let number = Int32(truncatingIfNeeded: keys.count)
        keys.append(key)
        narrowSlots[index] = Self.narrowSlot(key: key, number: number)
        narrowCount += 1
        if narrowCount * 4 > narrowSlots.count * 3 { rehashNarrow(capacity: narrowSlots.count * 2) }
        return number
    }

    /// Starts loading the slot where `key` is looked up first (a hint; narrow keys only).
    @inline(__always)
    func prefetch(_ key: UInt64) {
        narrowSlots.withUnsafeBufferPointer { slots in
            kensaku_prefetch(slots.baseAddress.unsafelyUnwrapped + Self.slot(key, mask: slots.count - 1))
        }
    }

    /// ``number(for:)`` for a key of three or four units.
    private mutating func wideNumber(for key: UInt64) -> Int32 {
        let mask = wideSlots.count - 1
        var index = Self.slot(key, mask: mask)
        while true {
            let slot = wideSlots[index]
            if slot.number < 0 { break }
            if slot.key == key { return slot.number }
            index = (index + 1) & mask
        }
        let number = Int32(truncatingIfNeeded: keys.count)
        keys.append(key)
        wideSlots[index] = WideSlot(key: key, number: number)
        wideCount += 1
        if wideCount * 2 > wideSlots.count { rehashWide(capacity: wideSlots.count * 2) }
        return number
    }

    /// Forgets every term, keeping the capacity.
    mutating func removeAll() {
        guard !keys.isEmpty else { return }
        keys.removeAll(keepingCapacity: true)
        if narrowCount > 0 {
            narrowSlots.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
            narrowCount = 0
        }
        if wideCount > 0 {
            wideSlots.withUnsafeMutableBufferPointer { $0.update(repeating: .empty) }
            wideCount = 0
        }
    }

    @inline(__always)
    private static func slot(_ key: UInt64, mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    @inline(__always)
    private static func narrowSlot(key: UInt64, number: Int32) -> UInt64 {
        key << 32 | UInt64(UInt32(bitPattern: number) &+ 1)
    }

    private mutating func rehashNarrow(capacity: Int) {
        narrowSlots = [UInt64](repeating: 0, count: capacity)
        let mask = capacity - 1
        for (number, key) in keys.enumerated() where key >> 32 == 0 {
            var index = Self.slot(key, mask: mask)
            while narrowSlots[index] != 0 { index = (index + 1) & mask }
            narrowSlots[index] = Self.narrowSlot(key: key, number: Int32(truncatingIfNeeded: number))
        }
    }

    private mutating func rehashWide(capacity: Int) {
        wideSlots = [WideSlot](repeating: .empty, count: capacity)
        let mask = capacity - 1
        for (number, key) in keys.enumerated() where key >> 32 != 0 {
            var index = Self.slot(key, mask: mask)
            while wideSlots[index].number >= 0 { index = (index + 1) & mask }
            wideSlots[index] = WideSlot(key: key, number: Int32(truncatingIfNeeded: number))
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

    /// Starts loading the slot where a term of hash `hash` is looked up first (a hint).
    @inline(__always)
    func prefetch(hash: UInt64) {
        slots.withUnsafeBufferPointer { slots in
            kensaku_prefetch(slots.baseAddress.unsafelyUnwrapped + (Int(truncatingIfNeeded: hash) & (slots.count - 1)))
        }
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
        if ends.count * 4 > slots.count * 3 { rehash(capacity: slots.count * 2) }
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
