import Foundation
import Testing
@testable import Kensaku

@Suite("Sorted key samples")
struct SortedKeySamplesTests {
    /// A table sorted as the term dictionary is: kind, then key bytes, shorter first.
    private static func sortedTable(_ entries: [(UInt8, [UInt8])]) -> [(kind: UInt8, key: [UInt8])] {
        entries.map { (kind: $0.0, key: $0.1) }.sorted { a, b in
            if a.kind != b.kind { return a.kind < b.kind }
            return a.key.lexicographicallyPrecedes(b.key)
        }
    }

    /// Where (kind, key) is or would be inserted in the table.
    private static func insertionPoint(_ table: [(kind: UInt8, key: [UInt8])], kind: UInt8, key: [UInt8]) -> Int {
        table.firstIndex { $0.kind > kind || ($0.kind == kind && !$0.key.lexicographicallyPrecedes(key)) } ?? table.count
    }

    private static func check(_ table: [(kind: UInt8, key: [UInt8])], stride: Int, probes: [(UInt8, [UInt8])]) {
        let stored = table.map { entry in entry.key.withUnsafeBytes { Data($0) } }
        let samples = SortedKeySamples(count: table.count, stride: stride) { index in
            (table[index].kind, stored[index].withUnsafeBytes { UnsafeRawBufferPointer($0) })
        }
        for (kind, key) in probes {
            let candidates = key.withUnsafeBytes { samples.candidates(kind: kind, key: $0) }
            let point = insertionPoint(table, kind: kind, key: key)
            let present = point < table.count && table[point].kind == kind && table[point].key == key
            if present {
                #expect(candidates.contains(point), "\(kind) \(key) at \(point) outside \(candidates)")
            } else {
                // An absent key: the search must still end where it would be inserted.
                #expect(candidates.lowerBound <= point && point <= candidates.upperBound, "\(kind) \(key): \(point) vs \(candidates)")
            }
        }
    }

    /// Keys sharing their first eight bytes, keys that are prefixes of others, empty keys, zero
    /// bytes and both kinds: every entry is inside its candidates, and every absent key's
    /// insertion point at their edge or inside, for strides 1 to 5.
    @Test func candidatesHoldTheEntry() {
        let words = ["", "a", "ab", "abcdefgh", "abcdefgh1", "abcdefgh2", "abcdefgi", "b", "環境", "環境保全", "環境保全活動",
                     "環境保全活動報告", "社会", "ガバナンス", "\u{0}", "a\u{0}", "a\u{0}\u{0}"]
        let table = Self.sortedTable(words.flatMap { word -> [(UInt8, [UInt8])] in [(0, Array(word.utf8)), (1, Array(word.utf8))] })
        let absent = ["aa", "abcdefg", "abcdefgh0", "abcdefgh3", "環", "環境保", "z", "社会的", "\u{0}\u{0}"]
        var probes: [(UInt8, [UInt8])] = table.map { ($0.kind, $0.key) }
        for word in absent {
            for kind: UInt8 in 0...2 { probes.append((kind, Array(word.utf8))) }
        }
        for stride in 1...5 { Self.check(table, stride: stride, probes: probes) }
    }

    /// The real term dictionary: every query term found by a search narrowed by the samples is
    /// the one a full binary search finds.
    @Test func narrowsTheRealDictionary() throws {
        let reader = try IndexReader(path: try TestSupport.index().path)
        var found = 0
        for position in Swift.stride(from: 0, to: reader.termCount, by: 7) {
            guard let (text, info) = reader.term(at: position) else { continue }
            #expect(reader.lookup(text, field: info.field) == info, "\(text)")
            found += 1
        }
        #expect(found > 1000)
        #expect(reader.lookup("存在しない語彙の組み合わせ", field: .word) == nil)
    }

    @Test func prefixIsBigEndianAndPadded() {
        #expect([UInt8]([1, 2]).withUnsafeBytes { SortedKeySamples.prefix($0) } == 0x0102_0000_0000_0000)
        #expect([UInt8](1...9).withUnsafeBytes { SortedKeySamples.prefix($0) } == 0x0102_0304_0506_0708)
        #expect([UInt8]().withUnsafeBytes { SortedKeySamples.prefix($0) } == 0)
    }
}
