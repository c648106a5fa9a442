import Testing
@testable import Kensaku

@Suite("Query term numbering")
struct QueryTermNumberingTests {
    private typealias Term = AnalyzedQuery.Term

    @Test func numbersDistinctTermsInFirstSeenOrder() {
        var numbering = QueryTermNumbering(capacity: 5)
        let terms = [Term(kind: .word, text: "排出"), Term(kind: .bigram, text: "排出"), Term(kind: .word, text: "排出"), Term(kind: .word, text: "nec")]
        let numbers = terms.map { numbering.insert($0) }
        #expect(numbers.map(\.number) == [0, 1, 0, 2])
        #expect(numbers.map(\.isNew) == [true, true, false, true])
        #expect(numbering.number(of: Term(kind: .bigram, text: "nec")) == nil)
        #expect(numbering.number(of: Term(kind: .word, text: "nec")) == 2)
    }

    /// Looking up analysis output by its UTF-16 units finds what looking up the `String` made
    /// of them finds: bytes compared, so a decomposed é is not a composed one, and a lone
    /// surrogate spells U+FFFD.
    @Test(arguments: ["排出量", "e\u{301}", "é", "\u{FFFD}", "x", "ガス", "😀"])
    func unitsLookUpLikeStrings(text: String) {
        var numbering = QueryTermNumbering(capacity: 8)
        for known in ["排出量", "é", "\u{FFFD}", "ガス", "😀"] { _ = numbering.insert(Term(kind: .word, text: known)) }
        let units = Array(text.utf16)
        units.withUnsafeBufferPointer { buffer in
            #expect(numbering.number(ofUnits: buffer, kind: .word) == numbering.number(of: Term(kind: .word, text: text)))
            #expect(numbering.number(ofUnits: buffer, kind: .bigram) == nil)
        }
        let loneSurrogate: [UInt16] = [0xD800]
        loneSurrogate.withUnsafeBufferPointer { buffer in
            #expect(numbering.number(ofUnits: buffer, kind: .word) == numbering.number(of: Term(kind: .word, text: "\u{FFFD}")))
        }
    }
}
