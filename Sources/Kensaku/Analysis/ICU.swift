internal import CICU

/// Swift face of the `CICU` shim; the only file that calls it for word breaks and versions.
enum ICU {
    /// The version of the system ICU library, for example "72.1". Segmentation depends on it.
    static let version: String = {
        var buffer = [CChar](repeating: 0, count: 32)
        _ = kensaku_icu_version(&buffer, Int32(buffer.count))
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }()

    /// Throws when an ICU error code reports a failure (warnings, which are negative, pass).
    static func checkSuccess(_ errorCode: Int32, function: String) throws(KensakuError) {
        guard errorCode > 0 else { return }
        let name = String(cString: kensaku_icu_error_name(errorCode))
        throw KensakuError(.icuFailure(function: function, errorName: name))
    }
}

/// NFC checks for analysis output: tokens are compared by their units, which is canonical
/// equivalence (the `String` equality the analysis promises) only for text in NFC.
enum CanonicalForm {
    /// Whether `units` pass the NFC quick check with "yes": then they and every substring of them
    /// are in NFC.
    static func isQuickNFC(_ units: UnsafeBufferPointer<UInt16>) throws(KensakuError) -> Bool {
        guard let base = units.baseAddress, !units.isEmpty else { return true }
        var errorCode: Int32 = 0
        let result = kensaku_icu_is_quick_nfc(base, Int32(units.count), &errorCode)
        try ICU.checkSuccess(errorCode, function: "unorm2_spanQuickCheckYes")
        return result == 1
    }

    /// The NFC form of `units`, written over `output`.
    static func nfc(_ units: UnsafeBufferPointer<UInt16>, into output: inout [UInt16]) throws(KensakuError) {
        var capacity = Swift.max(16, units.count * 3)
        while true {
            if output.count < capacity { output = [UInt16](repeating: 0, count: capacity) }
            var errorCode: Int32 = 0
            let written = output.withUnsafeMutableBufferPointer { destination in
                kensaku_icu_nfc(units.baseAddress, Int32(units.count), destination.baseAddress, Int32(capacity), &errorCode)
            }
            try ICU.checkSuccess(errorCode, function: "unorm2_normalize")
            if Int(written) <= capacity {
                output.removeSubrange(Int(written)...)
                return
            }
            capacity = Int(written)
        }
    }
}

/// ICU word rule statuses, which are ranges (`UBRK_WORD_NONE` … `UBRK_WORD_IDEO_LIMIT`).
enum WordRuleStatus {
    /// Spaces, punctuation and symbols: `UBRK_WORD_NONE ..< UBRK_WORD_NONE_LIMIT`.
    static let none: Range<Int32> = 0..<100
    /// Numbers: `UBRK_WORD_NUMBER ..< UBRK_WORD_NUMBER_LIMIT`.
    static let number: Range<Int32> = 100..<200
    /// Letters (Latin words and the like): `UBRK_WORD_LETTER ..< UBRK_WORD_LETTER_LIMIT`.
    static let letter: Range<Int32> = 200..<300
    /// Kana words: `UBRK_WORD_KANA ..< UBRK_WORD_KANA_LIMIT`.
    static let kana: Range<Int32> = 300..<400
    /// Ideographic words: `UBRK_WORD_IDEO ..< UBRK_WORD_IDEO_LIMIT`.
    static let ideographic: Range<Int32> = 400..<500
}

/// An ICU word break iterator for Japanese, with reusable output buffers and a memo of the
/// segmentation of recurring chunks of text (see ``IndependentSegmentation``).
///
/// Not thread-safe: use one per task. Opening loads the break rules, so `WordBreaker` clones
/// a process-wide prototype instead (ICU: expensive to open, cheap to clone).
final class WordBreaker {
    private let handle: OpaquePointer
    private var ends: [Int32] = []
    private var statuses: [Int32] = []
    /// Whether ``forEachSegment(in:_:)`` uses and fills `memo`.
    private let memoizes: Bool
    private(set) var memo = SegmentationMemo()
    /// The chunks after the last remembered one, not yet segmented: each one's end and hash.
    private var pendingChunks: [(end: Int, hash: UInt64)] = []
    /// The chunks of the text being segmented: each one's end and hash (0 for one too long).
    private var chunks: [(end: Int, hash: UInt64)] = []
    /// Chunks whose segments did not line up with their cuts when segmented together with their
    /// neighbours (never expected: the cuts are boundaries); they are not remembered.
    private(set) var misalignedChunkCount = 0

    /// - Parameter memoizes: whether to remember and reuse the segmentation of chunks; without,
    ///   every call asks ICU for the whole text (the reference the memo is tested against).
    init(memoizes: Bool = true) throws(KensakuError) {
        var errorCode: Int32 = 0
        let prototype = try WordBreaker.prototype()
        let handle = kensaku_icu_word_breaker_clone(prototype.pointer, &errorCode)
        try ICU.checkSuccess(errorCode, function: "ubrk_clone")
        guard let handle else {
            throw KensakuError(.icuFailure(function: "ubrk_clone", errorName: "U_MEMORY_ALLOCATION_ERROR"))
        }
        self.handle = handle
        self.memoizes = memoizes
    }

    deinit {
        kensaku_icu_word_breaker_close(handle)
    }

    /// Segments UTF-16 text and calls `body` with each segment's range and rule status.
    func forEachSegment(
        in units: UnsafeBufferPointer<UInt16>,
        _ body: (Range<Int>, Int32) -> Void
    ) throws(KensakuError) {
        let length = units.count
        guard length > 0 else { return }
        guard memoizes else {
            try segment(units, from: 0, to: length, body)
            return
        }
        // The chunks are found first, and the memo's slots for all of them start loading; then
        // they are looked up in order (each one's entry starting to load while the one before
        // is looked up), so that the memo's cache misses overlap. A run of chunks not found is
        // segmented by one ICU call just before the next chunk found (or at the end), and its
        // chunks are remembered.
        pendingChunks.removeAll(keepingCapacity: true)
        chunks.removeAll(keepingCapacity: true)
        memo.makeRoom(forUnits: length)
        var chunkStart = 0
        while chunkStart < length {
            let chunkEnd = IndependentSegmentation.chunkEnd(in: units, from: chunkStart)
            let chunk = UnsafeBufferPointer(rebasing: units[chunkStart..<chunkEnd])
            let hash = chunk.count <= SegmentationMemo.maximumChunkLength ? SegmentationMemo.hash(chunk) : 0
            if chunk.count <= SegmentationMemo.maximumChunkLength { memo.prefetchSlot(hash: hash) }
            chunks.append((chunkEnd, hash))
            chunkStart = chunkEnd
        }
        var pendingStart = 0
        chunkStart = 0
        for index in chunks.indices {
            let (chunkEnd, hash) = chunks[index]
            if index + 1 < chunks.count { memo.prefetchEntry(hash: chunks[index + 1].hash) }
            let chunk = UnsafeBufferPointer(rebasing: units[chunkStart..<chunkEnd])
            if chunk.count <= SegmentationMemo.maximumChunkLength, let entry = memo.lookup(chunk, hash: hash) {
                if pendingStart < chunkStart {
                    try segmentAndRemember(units, from: pendingStart, to: chunkStart, body)
                }
                memo.withSegments(of: entry) { segments in
                    var start = chunkStart
                    for packed in segments {
                        let end = chunkStart + Int(packed & 0xFFFF)
                        body(start..<end, Int32(packed >> 16))
                        start = end
                    }
                }
                pendingStart = chunkEnd
            } else {
                pendingChunks.append((chunkEnd, hash))
            }
            chunkStart = chunkEnd
        }
        if pendingStart < length {
            try segmentAndRemember(units, from: pendingStart, to: length, body)
        }
    }

    /// Segments `units[start ..< end]` (the pending chunks), calls `body` with each segment and
    /// remembers each pending chunk whose segments start and end at its cuts.
    private func segmentAndRemember(
        _ units: UnsafeBufferPointer<UInt16>, from start: Int, to end: Int,
        _ body: (Range<Int>, Int32) -> Void
    ) throws(KensakuError) {
        let count = try segment(units, from: start, to: end, body)
        ends.withUnsafeBufferPointer { ends in
            statuses.withUnsafeBufferPointer { statuses in
                var segmentIndex = 0
                var segmentStart = start
                var chunkStart = start
                for chunk in pendingChunks {
                    let firstSegment = segmentIndex
                    let startsAligned = segmentStart == chunkStart
                    while segmentIndex < count && start + Int(ends[segmentIndex]) <= chunk.end {
                        segmentStart = start + Int(ends[segmentIndex])
                        segmentIndex += 1
                    }
                    if startsAligned && segmentStart == chunk.end {
                        let chunkUnits = UnsafeBufferPointer(rebasing: units[chunkStart..<chunk.end])
                        if chunkUnits.count <= SegmentationMemo.maximumChunkLength {
                            rememberChunk(chunkUnits, hash: chunk.hash, offset: chunkStart - start,
                                          ends: UnsafeBufferPointer(rebasing: ends[firstSegment..<segmentIndex]),
                                          statuses: UnsafeBufferPointer(rebasing: statuses[firstSegment..<segmentIndex]))
                        }
                    } else {
                        misalignedChunkCount += 1
                    }
                    chunkStart = chunk.end
                }
            }
        }
        pendingChunks.removeAll(keepingCapacity: true)
    }

    /// Remembers one chunk, its segment ends made relative to its start.
    private func rememberChunk(
        _ units: UnsafeBufferPointer<UInt16>, hash: UInt64, offset: Int,
        ends: UnsafeBufferPointer<Int32>, statuses: UnsafeBufferPointer<Int32>
    ) {
        var relativeEnds = ends.map { $0 - Int32(offset) }
        relativeEnds.withUnsafeMutableBufferPointer { relative in
            memo.remember(units, hash: hash, ends: UnsafeBufferPointer(relative), statuses: statuses)
        }
    }

    /// Asks ICU to segment `units[start ..< end]` on its own, leaves the segment ends (relative
    /// to `start`) and statuses in `ends` and `statuses`, calls `body` with each segment and
    /// returns the segment count.
    @discardableResult
    private func segment(
        _ units: UnsafeBufferPointer<UInt16>, from start: Int, to end: Int,
        _ body: (Range<Int>, Int32) -> Void
    ) throws(KensakuError) -> Int {
        let length = end - start
        guard length > 0, let base = units.baseAddress else { return 0 }
        if ends.count < length {
            ends = [Int32](repeating: 0, count: length)
            statuses = [Int32](repeating: 0, count: length)
        }
        var errorCode: Int32 = 0
        let count = ends.withUnsafeMutableBufferPointer { endBuffer in
            statuses.withUnsafeMutableBufferPointer { statusBuffer in
                kensaku_icu_word_breaker_segment(
                    handle, base + start, Int32(length), endBuffer.baseAddress, statusBuffer.baseAddress,
                    Int32(length), &errorCode)
            }
        }
        try ICU.checkSuccess(errorCode, function: "ubrk_next")
        var segmentStart = start
        for index in 0..<Int(count) {
            let segmentEnd = start + Int(ends[index])
            body(segmentStart..<segmentEnd, statuses[index])
            segmentStart = segmentEnd
        }
        return Int(count)
    }

    /// The prototype every breaker is cloned from, opened once per process.
    private final class Prototype: @unchecked Sendable {
        // Safe to share: after opening, the prototype is only ever read by `ubrk_clone`.
        let pointer: OpaquePointer
        init(pointer: OpaquePointer) { self.pointer = pointer }
    }

    private static let sharedPrototype: Result<Prototype, KensakuError> = {
        var errorCode: Int32 = 0
        guard let pointer = kensaku_icu_word_breaker_open("ja", &errorCode) else {
            let name = String(cString: kensaku_icu_error_name(errorCode))
            return .failure(KensakuError(.icuFailure(function: "ubrk_open", errorName: name)))
        }
        return .success(Prototype(pointer: pointer))
    }()

    private static func prototype() throws(KensakuError) -> Prototype {
        try sharedPrototype.get()
    }
}
