internal import CICU

/// Text after normalization, with the source byte range of every UTF-16 unit.
///
/// `sourceStarts[i] ..< sourceEnds[i]` are UTF-8 byte offsets into the original file of the
/// source characters that produced `units[i]` (several units share a range when one source
/// character expands, as `㍻` → `平成` does).
struct NormalizedText {
    var units: [UInt16] = []
    var sourceStarts: [Int32] = []
    var sourceEnds: [Int32] = []
}

/// Normalizes source text for indexing and querying, keeping the way back to source bytes.
///
/// The steps, identical for documents and queries:
/// 1. Decode UTF-8; an invalid byte becomes U+FFFD (which the tokenizer drops).
/// 2. NFKC with case folding (ICU `nfkc_cf`): `ＧＨＧ` → `ghg`, `２０２３` → `2023`, `ｻｰﾊﾞｰ` → `サーバー`.
/// 3. Line-wrap joining: a line break (with the spaces around it) between two CJK characters is
///    removed, because PDF text wraps inside words: `サステナビリ` / `ティ` reads `サステナビリティ`.
/// 4. Prolonged sound mark folding: a katakana run of four or more characters ending in `ー` loses
///    that mark (`サーバー` → `サーバ`, `コピー` stays), as Lucene's JapaneseKatakanaStemFilter does.
struct Normalizer {
    /// Katakana runs at least this long lose a final `ー` (Lucene's default minimum length).
    static let minimumKatakanaFoldLength = 4

    private var sourceUnits: [UInt16] = []
    private var sourceUnitOffsets: [Int32] = []
    private var normalizedUnits: [UInt16] = []
    private var normalizedStarts: [Int32] = []
    private var normalizedEnds: [Int32] = []

    init() {}

    /// Normalizes UTF-8 bytes whose first byte sits at `baseOffset` in the source file.
    ///
    /// - Complexity: O(*n*) in the number of bytes.
    mutating func normalize(_ bytes: UnsafeBufferPointer<UInt8>, baseOffset: Int) throws(KensakuError) -> NormalizedText {
        decode(bytes, baseOffset: Int32(baseOffset))
        try applyICUNormalization()
        return joinWrapsAndFoldKatakana()
    }

    /// Decodes UTF-8 into UTF-16 units, recording the byte offset of each unit's character.
    private mutating func decode(_ bytes: UnsafeBufferPointer<UInt8>, baseOffset: Int32) {
        // At most one unit per byte (a four-byte character makes two), plus the end offset.
        Self.resize(&sourceUnits, to: bytes.count)
        Self.resize(&sourceUnitOffsets, to: bytes.count + 1)
        var written = 0
        sourceUnits.withUnsafeMutableBufferPointer { units in
            sourceUnitOffsets.withUnsafeMutableBufferPointer { offsets in
                var index = 0
                let count = bytes.count
                while index < count {
                    let (scalar, length) = UTF8Decoding.decodeScalar(bytes, at: index)
                    let offset = baseOffset + Int32(index)
                    if scalar < 0x10000 {
                        units[written] = UInt16(scalar)
                        offsets[written] = offset
                        written += 1
                    } else {
                        let value = scalar - 0x10000
                        units[written] = UInt16(0xD800 + (value >> 10))
                        units[written + 1] = UInt16(0xDC00 + (value & 0x3FF))
                        offsets[written] = offset
                        offsets[written + 1] = offset
                        written += 2
                    }
                    index += length
                }
                offsets[written] = baseOffset + Int32(count)
            }
        }
        sourceUnits.removeSubrange(written...)
        sourceUnitOffsets.removeSubrange((written + 1)...)
    }

    /// Sets the count of a buffer that is about to be overwritten, keeping its capacity.
    private static func resize<Element: FixedWidthInteger>(_ buffer: inout [Element], to count: Int) {
        if buffer.count < count {
            buffer.append(contentsOf: repeatElement(0, count: count - buffer.count))
        } else {
            buffer.removeSubrange(count...)
        }
    }

    private mutating func applyICUNormalization() throws(KensakuError) {
        var capacity = max(16, sourceUnits.count * 2 + 16)
        while true {
            if normalizedUnits.count < capacity {
                normalizedUnits = [UInt16](repeating: 0, count: capacity)
                normalizedStarts = [Int32](repeating: 0, count: capacity)
                normalizedEnds = [Int32](repeating: 0, count: capacity)
            }
            var errorCode: Int32 = 0
            let written = sourceUnits.withUnsafeBufferPointer { source in
                normalizedUnits.withUnsafeMutableBufferPointer { destination in
                    normalizedStarts.withUnsafeMutableBufferPointer { starts in
                        normalizedEnds.withUnsafeMutableBufferPointer { ends in
                            kensaku_icu_normalize_mapped(
                                source.baseAddress, Int32(source.count), destination.baseAddress,
                                starts.baseAddress, ends.baseAddress, Int32(capacity), &errorCode)
                        }
                    }
                }
            }
            try ICU.checkSuccess(errorCode, function: "unorm2_normalize")
            if written >= 0 {
                normalizedCount = Int(written)
                return
            }
            capacity = max(Int(-written), capacity * 2)
        }
    }

    private var normalizedCount = 0

    /// The last result, kept for its buffers: once the caller has dropped it, the next call
    /// refills them in place.
    private var reusableOutput = NormalizedText()

    private mutating func joinWrapsAndFoldKatakana() -> NormalizedText {
        var output = reusableOutput
        reusableOutput = NormalizedText()
        let count = normalizedCount
        // The output is never longer than the input: it is written in place, and a line break
        // that joins two lines takes back what was written after the last non-space.
        Self.resize(&output.units, to: count)
        Self.resize(&output.sourceStarts, to: count)
        Self.resize(&output.sourceEnds, to: count)
        var written = 0
        // Every array through a buffer pointer: the loop over the units makes no bounds checks.
        normalizedUnits.withUnsafeBufferPointer { normalizedUnits in
            normalizedStarts.withUnsafeBufferPointer { normalizedStarts in
                normalizedEnds.withUnsafeBufferPointer { normalizedEnds in
                    sourceUnitOffsets.withUnsafeBufferPointer { sourceUnitOffsets in
                        output.units.withUnsafeMutableBufferPointer { units in
                            output.sourceStarts.withUnsafeMutableBufferPointer { starts in
                                output.sourceEnds.withUnsafeMutableBufferPointer { ends in
                                    written = Self.joinWrapsAndFoldKatakana(
                                        UnsafeBufferPointer(rebasing: normalizedUnits[..<count]),
                                        starts: normalizedStarts, ends: normalizedEnds, sourceUnitOffsets: sourceUnitOffsets,
                                        into: (units, starts, ends))
                                }
                            }
                        }
                    }
                }
            }
        }
        output.units.removeSubrange(written...)
        output.sourceStarts.removeSubrange(written...)
        output.sourceEnds.removeSubrange(written...)
        reusableOutput = output
        return output
    }

    /// Steps 3 and 4 (see ``Normalizer``) over the normalized `units`, whose source units are
    /// `starts[i] ..< ends[i]`; writes the units and their source byte ranges to `output`.
    ///
    /// - Returns: how many units were written.
    private static func joinWrapsAndFoldKatakana(
        _ normalizedUnits: UnsafeBufferPointer<UInt16>, starts normalizedStarts: UnsafeBufferPointer<Int32>,
        ends normalizedEnds: UnsafeBufferPointer<Int32>, sourceUnitOffsets: UnsafeBufferPointer<Int32>,
        into output: (units: UnsafeMutableBufferPointer<UInt16>, starts: UnsafeMutableBufferPointer<Int32>,
                      ends: UnsafeMutableBufferPointer<Int32>)
    ) -> Int {
        let (units, starts, ends) = output
        let count = normalizedUnits.count
        var written = 0
        var lastNonSpaceScalar: UInt32 = 0
        var writtenAfterLastNonSpace = 0
        var katakanaRunLength = 0
        var index = 0
        while index < count {
            let (scalar, width) = scalarAt(index, in: normalizedUnits)
            if scalar == 0x0A {
                // Look past the spaces after the break; join when CJK stands on both sides.
                var next = index + 1
                while next < count && CharacterClass.isInlineSpace(normalizedUnits[next]) { next += 1 }
                if next < count && normalizedUnits[next] != 0x0A
                    && CharacterClass.joinsAcrossLineBreak(lastNonSpaceScalar)
                    && CharacterClass.joinsAcrossLineBreak(scalarAt(next, in: normalizedUnits).scalar)
                {
                    written = writtenAfterLastNonSpace
                    index = next
                    continue
                }
            }
            if CharacterClass.isKatakana(scalar) {
                katakanaRunLength += 1
                if scalar == CharacterClass.prolongedSoundMark
                    && katakanaRunLength >= Normalizer.minimumKatakanaFoldLength
                    && !continuesKatakanaRun(after: index + width, in: normalizedUnits)
                {
                    index += width
                    continue
                }
            } else {
                katakanaRunLength = 0
            }
            for offset in 0..<width {
                let unitIndex = index + offset
                units[written] = normalizedUnits[unitIndex]
                starts[written] = sourceUnitOffsets[Int(normalizedStarts[unitIndex])]
                ends[written] = sourceUnitOffsets[Int(normalizedEnds[unitIndex])]
                written += 1
            }
            let isSpace = scalar == 0x0A || (scalar < 0x80 && CharacterClass.isInlineSpace(UInt16(scalar)))
            if !isSpace {
                lastNonSpaceScalar = scalar
                writtenAfterLastNonSpace = written
            }
            index += width
        }
        return written
    }

    /// Whether a katakana scalar follows `index`, directly or across a line break that the
    /// wrap joining removes.
    private static func continuesKatakanaRun(after index: Int, in normalizedUnits: UnsafeBufferPointer<UInt16>) -> Bool {
        let count = normalizedUnits.count
        var next = index
        while next < count && CharacterClass.isInlineSpace(normalizedUnits[next]) { next += 1 }
        if next < count && normalizedUnits[next] == 0x0A {
            next += 1
            while next < count && CharacterClass.isInlineSpace(normalizedUnits[next]) { next += 1 }
        } else if next != index {
            return false
        }
        return next < count && CharacterClass.isKatakana(scalarAt(next, in: normalizedUnits).scalar)
    }

    @inline(__always)
    private static func scalarAt(_ index: Int, in normalizedUnits: UnsafeBufferPointer<UInt16>) -> (scalar: UInt32, width: Int) {
        let unit = normalizedUnits[index]
        if unit & 0xFC00 == 0xD800 && index + 1 < normalizedUnits.count && normalizedUnits[index + 1] & 0xFC00 == 0xDC00 {
            let high = UInt32(unit - 0xD800), low = UInt32(normalizedUnits[index + 1] - 0xDC00)
            return (0x10000 + (high << 10) + low, 2)
        }
        return (UInt32(unit), 1)
    }
}
