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

/// An ICU word break iterator for Japanese, with reusable output buffers.
///
/// Not thread-safe: use one per task. Opening loads the break rules, so `WordBreaker` clones
/// a process-wide prototype instead (ICU: expensive to open, cheap to clone).
final class WordBreaker {
    private let handle: OpaquePointer
    private var ends: [Int32] = []
    private var statuses: [Int32] = []

    init() throws(KensakuError) {
        var errorCode: Int32 = 0
        let prototype = try WordBreaker.prototype()
        let handle = kensaku_icu_word_breaker_clone(prototype.pointer, &errorCode)
        try ICU.checkSuccess(errorCode, function: "ubrk_clone")
        guard let handle else {
            throw KensakuError(.icuFailure(function: "ubrk_clone", errorName: "U_MEMORY_ALLOCATION_ERROR"))
        }
        self.handle = handle
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
        guard length > 0, let base = units.baseAddress else { return }
        if ends.count < length {
            ends = [Int32](repeating: 0, count: length)
            statuses = [Int32](repeating: 0, count: length)
        }
        var errorCode: Int32 = 0
        let count = ends.withUnsafeMutableBufferPointer { endBuffer in
            statuses.withUnsafeMutableBufferPointer { statusBuffer in
                kensaku_icu_word_breaker_segment(
                    handle, base, Int32(length), endBuffer.baseAddress, statusBuffer.baseAddress,
                    Int32(length), &errorCode)
            }
        }
        try ICU.checkSuccess(errorCode, function: "ubrk_next")
        var start = 0
        for index in 0..<Int(count) {
            let end = Int(ends[index])
            body(start..<end, statuses[index])
            start = end
        }
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
