import Foundation
import Synchronization
import Testing
@testable import Kensaku

@Suite("Analysis session pool")
struct AnalysisSessionPoolTests {
    /// Tokens from a session made for this text alone.
    private static func freshTokens(_ text: String) throws -> [Token] {
        let session = try AnalysisSession()
        var bytes = Array(text.utf8)
        var tokens: [Token] = []
        try bytes.withUnsafeMutableBufferPointer { buffer in
            try session.analyze(UnsafeBufferPointer(buffer), baseOffset: 0) { tokens.append($0) }
        }
        return tokens
    }

    private static let texts = [
        "NECは2040年までに何を達成することを目指していますか", "ＧＨＧ排出量", "AI Factory", "取締役会の実効性評価",
        "サステナビリティ・アドバイザリ・コミッティ", "Blackwell GPU HGX B200", "ｻｰﾊﾞｰ", "",
        "紛争鉱物\n調達", "ISO14001 認証",
    ]

    /// Reused sessions analyze every text as a fresh session does, in any order and from
    /// several threads at once (each thread takes its own session).
    @Test func reusedSessionsAnalyzeLikeFreshOnes() throws {
        let expected = try Self.texts.map(Self.freshTokens)
        for round in 0..<3 {
            for (text, tokens) in zip(Self.texts, expected).shuffled() {
                #expect(try Analyzer().tokens(of: text) == tokens, "round \(round): \(text)")
            }
        }
        let mismatches = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            for step in 0..<40 {
                let index = (worker * 7 + step * 3) % Self.texts.count
                if (try? Analyzer().tokens(of: Self.texts[index])) != expected[index] {
                    mismatches.withLock { $0 += 1 }
                }
            }
        }
        #expect(mismatches.withLock { $0 } == 0)
    }
}
