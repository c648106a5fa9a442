import CPrefetch
import Foundation

/// Remembered ICU word segmentations of chunks of text (see ``IndependentSegmentation``), keyed
/// by the chunk's exact UTF-16 units.
///
/// An open-addressing table over flat arrays. Memory is bounded: when the stored units or entries
/// would pass their limits the table forgets everything and starts again (see
/// ``makeRoom(forUnits:)``). Not thread-safe: one per
/// ``WordBreaker``.
struct SegmentationMemo {
    /// Longer chunks are segmented every time: they rarely recur, and segment ends must fit 16 bits.
    static let maximumChunkLength = 2_048
    /// The most chunk units remembered at once (4 MB), and the most chunks.
    static let unitCapacity = 1 << 21
    static let entryCapacity = 1 << 16

    /// One remembered chunk: its units in `keyUnits`, its segments in `segments`.
    private struct Entry {
        var hash: UInt64
        var keyStart: Int32
        var keyLength: Int32
        var segmentStart: Int32
        var segmentCount: Int32
    }

    /// Entry number + 1 per slot, 0 when empty; twice as many slots as entries at most.
    private var slots: [Int32] = []
    private var entries: [Entry] = []
    private var keyUnits: [UInt16] = []
    /// Each segment's end (relative to its chunk's start) in the low 16 bits, its rule status above.
    private var segments: [UInt32] = []

    /// Lookups, and those that found their chunk; and the same in units.
    private(set) var lookupCount = 0
    private(set) var hitCount = 0
    private(set) var lookupUnitCount = 0
    private(set) var hitUnitCount = 0
    /// How many times the full table forgot everything.
    private(set) var forgetCount = 0

    init() {}

    /// The hash of a chunk's units.
    @inline(__always)
    static func hash(_ units: UnsafeBufferPointer<UInt16>) -> UInt64 {
        var hash = FNV1a.offsetBasis
        for unit in units { hash = FNV1a.step(hash, UInt64(unit)) }
        return hash
    }

    /// The remembered chunk equal to `units`, if any (a number for ``withSegments(of:_:)``).
    mutating func lookup(_ units: UnsafeBufferPointer<UInt16>, hash: UInt64) -> Int? {
        lookupCount += 1
        lookupUnitCount += units.count
        guard !slots.isEmpty, let entry = find(units, hash: hash).entry else { return nil }
        hitCount += 1
        hitUnitCount += units.count
        return entry
    }

    /// Starts loading the slot where a chunk of hash `hash` is looked up first (a hint).
    @inline(__always)
    func prefetchSlot(hash: UInt64) {
        guard !slots.isEmpty else { return }
        slots.withUnsafeBufferPointer { slots in
            kensaku_prefetch(slots.baseAddress! + Self.firstSlot(hash, mask: slots.count - 1))
        }
    }

    /// Starts loading the entry in the first slot for `hash` (a hint: best after
    /// ``prefetchSlot(hash:)``).
    @inline(__always)
    func prefetchEntry(hash: UInt64) {
        guard !slots.isEmpty else { return }
        let stored = Int(slots[Self.firstSlot(hash, mask: slots.count - 1)])
        guard stored > 0 else { return }
        entries.withUnsafeBufferPointer { entries in kensaku_prefetch(entries.baseAddress! + stored - 1) }
    }

    /// Calls `body` with the segments of a remembered chunk: each one's end (relative to the
    /// chunk's start) in the low 16 bits and its rule status above.
    @inline(__always)
    func withSegments<Result>(of entry: Int, _ body: (UnsafeBufferPointer<UInt32>) -> Result) -> Result {
        let found = entries[entry]
        return segments.withUnsafeBufferPointer { all in
            body(UnsafeBufferPointer(rebasing: all[Int(found.segmentStart)..<Int(found.segmentStart + found.segmentCount)]))
        }
    }

    /// Remembers the segments of a chunk: `ends` are relative to the chunk's start. Chunks too
    /// long, or with a status outside 0 ..< 65536, are not remembered.
    mutating func remember(
        _ units: UnsafeBufferPointer<UInt16>, hash: UInt64,
        ends: UnsafeBufferPointer<Int32>, statuses: UnsafeBufferPointer<Int32>
    ) {
        guard units.count <= Self.maximumChunkLength,
              statuses.allSatisfy({ (0..<0x10000).contains($0) })
        else { return }
        if slots.isEmpty { slots = [Int32](repeating: 0, count: 2 * Self.entryCapacity) }
        guard entries.count < Self.entryCapacity && keyUnits.count + units.count <= Self.unitCapacity else { return }
        let (slot, existing) = find(units, hash: hash)
        guard existing == nil else { return }
        entries.append(Entry(hash: hash, keyStart: Int32(keyUnits.count), keyLength: Int32(units.count),
                             segmentStart: Int32(segments.count), segmentCount: Int32(ends.count)))
        slots[slot] = Int32(entries.count)
        keyUnits.append(contentsOf: units)
        for index in ends.indices {
            segments.append(UInt32(ends[index]) | UInt32(statuses[index]) << 16)
        }
    }

    /// Forgets everything unless `unitCount` more units in as many chunks still fit. Called
    /// before a text is segmented, never during: entry numbers stay valid until the next call.
    mutating func makeRoom(forUnits unitCount: Int) {
        if entries.count + unitCount > Self.entryCapacity || keyUnits.count + unitCount > Self.unitCapacity {
            forgetAll()
        }
    }

    /// Empties the table, keeping its storage.
    private mutating func forgetAll() {
        forgetCount += 1
        for index in slots.indices { slots[index] = 0 }
        entries.removeAll(keepingCapacity: true)
        keyUnits.removeAll(keepingCapacity: true)
        segments.removeAll(keepingCapacity: true)
    }

    /// The slot holding `units`, with its entry number; or the empty slot where it would go.
    @inline(__always)
    private func find(_ units: UnsafeBufferPointer<UInt16>, hash: UInt64) -> (slot: Int, entry: Int?) {
        let mask = slots.count - 1
        var slot = Self.firstSlot(hash, mask: mask)
        while true {
            let stored = Int(slots[slot])
            if stored == 0 { return (slot, nil) }
            let entry = entries[stored - 1]
            if entry.hash == hash && Int(entry.keyLength) == units.count && keyEquals(entry, units) {
                return (slot, stored - 1)
            }
            slot = (slot + 1) & mask
        }
    }

    /// The slot where a chunk of hash `hash` is looked up first.
    @inline(__always)
    private static func firstSlot(_ hash: UInt64, mask: Int) -> Int {
        Int(truncatingIfNeeded: (hash ^ hash >> 29) & UInt64(mask))
    }

    /// Whether the entry's key is `units` (same length already checked), compared with `memcmp`:
    /// chunks run to hundreds of units, and a hit compares all of them.
    @inline(__always)
    private func keyEquals(_ entry: Entry, _ units: UnsafeBufferPointer<UInt16>) -> Bool {
        guard let unitsBase = units.baseAddress else { return true }
        return keyUnits.withUnsafeBufferPointer { all in
            memcmp(all.baseAddress! + Int(entry.keyStart), unitsBase, units.count * MemoryLayout<UInt16>.stride) == 0
        }
    }
}
