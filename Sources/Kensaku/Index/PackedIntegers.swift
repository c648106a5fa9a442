/// Fixed-width bit packing of unsigned integers, as the blocks of format 4 posting lists store
/// their passage deltas and frequencies: `count` values of `width` bits each (0…32), least
/// significant bit first, in ⌈count · width / 8⌉ bytes.
///
/// Value `i` starts at bit `i · width`, so it is one unaligned 64-bit load, a shift and a mask
/// (width + 7 ≤ 39 bits fit in the load): no branch per value, and any value can be read
/// without the ones before it. A reader must be able to load 8 bytes from the byte holding
/// the last value's first bit; in an index file the footer guarantees that (see
/// ``PostingsCursor``).
enum PackedIntegers {
    /// The largest width a block may declare.
    static let maximumWidth = 32

    /// The bits needed for `value` (0 for 0).
    @inline(__always)
    static func width(of value: UInt32) -> Int {
        UInt32.bitWidth - value.leadingZeroBitCount
    }

    /// Bytes that `count` values of `width` bits take.
    @inline(__always)
    static func byteCount(count: Int, width: Int) -> Int {
        (count &* width &+ 7) &>> 3
    }

    /// The mask of the low `width` bits.
    @inline(__always)
    static func mask(width: Int) -> UInt64 {
        (1 &<< UInt64(width)) &- 1
    }

    /// Writes `values`, `width` bits each (every value must fit), to the
    /// ``byteCount(count:width:)`` bytes at `output`.
    static func pack(_ values: UnsafeBufferPointer<UInt32>, width: Int, to output: UnsafeMutablePointer<UInt8>) {
        guard width > 0 else { return }
        // Whole 32-bit words are stored as soon as they fill (fewer than 32 bits wait, so one
        // more value of at most 32 bits fits the accumulator), then the last bytes one by one.
        var accumulator: UInt64 = 0
        var bits = 0
        var written = 0
        let raw = UnsafeMutableRawPointer(output)
        for value in values {
            accumulator |= UInt64(value) &<< UInt64(bits)
            bits &+= width
            if bits >= 32 {
                raw.storeBytes(of: UInt32(truncatingIfNeeded: accumulator).littleEndian, toByteOffset: written, as: UInt32.self)
                written &+= 4
                accumulator &>>= 32
                bits &-= 32
            }
        }
        while bits > 0 {
            output[written] = UInt8(truncatingIfNeeded: accumulator)
            written &+= 1
            accumulator &>>= 8
            bits &-= 8
        }
    }

    /// The widest values ``sumOfFour(at:base:width:mask:)`` reads with one load
    /// (7 + 4 × 14 bits ≤ 64).
    static let maximumWidthForFour = 14

    /// The sum of values `index` to `index + 3` of a packed run starting at `base`, from one
    /// 8-byte load; `width` at most ``maximumWidthForFour``.
    @inline(__always)
    static func sumOfFour(at index: Int, base: UnsafeRawPointer, width: Int, mask: UInt64) -> Int {
        let bit = index &* width
        let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: bit &>> 3, as: UInt64.self)) &>> UInt64(bit & 7)
        // (Not `UInt64(width)`: its sign check stayed inside the callers' loops.)
        let shift = UInt64(truncatingIfNeeded: width)
        let sum = (word & mask) &+ ((word &>> shift) & mask) &+ ((word &>> (2 &* shift)) & mask) &+ ((word &>> (3 &* shift)) & mask)
        return Int(truncatingIfNeeded: sum)
    }

    /// Value number `index` of a packed run starting at `base`.
    @inline(__always)
    static func value(at index: Int, base: UnsafeRawPointer, width: Int, mask: UInt64) -> Int {
        let bit = index &* width
        let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: bit &>> 3, as: UInt64.self))
        return Int(truncatingIfNeeded: (word &>> UInt64(bit & 7)) & mask)
    }
}
