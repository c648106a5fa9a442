import Foundation
import Synchronization
import Testing
@testable import Kensaku

/// The helper threads of large queries: every part runs exactly once, whatever the helpers are
/// doing (spinning, asleep, busy with another caller's job).
struct PartWorkersTests {
    /// Runs `parts` parts (at most 16) that count their calls and returns the counts.
    private static func counts(parts: Int, work: Int = 0, wakingSleepers: Bool = true) -> [Int] {
        // Four bits of one atomic word per part (an atomic, not a lock: the thread sanitizer
        // sees atomics, but not the futex inside `Mutex` on Linux).
        let calls = Calls()
        PartWorkers.shared.run(parts: parts, wakingSleepers: wakingSleepers) { part in
            // Some work, so that helpers have time to take parts.
            var sum = 0
            for value in 0..<work { sum &+= value }
            withExtendedLifetime(sum) {}
            calls.word.add(1 << (4 * UInt64(part)), ordering: .relaxed)
        }
        let word = calls.word.load(ordering: .relaxed)
        return (0..<parts).map { Int(word >> (4 * UInt64($0)) & 0xF) }
    }

    private final class Calls: Sendable {
        let word = Atomic<UInt64>(0)
    }

    @Test(arguments: [false, true]) func everyPartRunsOnce(wakingSleepers: Bool) {
        for parts in [0, 1, 2, 3, 4, 9] {
            for work in [0, 10_000] {
                for _ in 0..<50 {
                    #expect(Self.counts(parts: parts, work: work, wakingSleepers: wakingSleepers) == Array(repeating: 1, count: parts))
                }
            }
        }
    }

    /// Jobs after the helpers fell asleep still finish, woken or not (the caller never waits
    /// for a helper that has not started: it takes the parts itself).
    @Test func jobsAfterTheHelpersSleepFinish() {
        let idle = PartWorkers.idleSpin.components
        let spin = Double(idle.seconds) + Double(idle.attoseconds) / 1e18
        for round in 0..<6 {
            // Long enough for an idle helper to stop spinning and sleep.
            Thread.sleep(forTimeInterval: 3 * spin)
            #expect(Self.counts(parts: 2, work: 100_000, wakingSleepers: round % 2 == 0) == [1, 1])
        }
    }

    /// Callers on several threads at once: a caller that finds a job running runs its own parts.
    @Test func concurrentCallersEachGetTheirParts() {
        let failures = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            for _ in 0..<100 where Self.counts(parts: 3, work: 1_000) != [1, 1, 1] {
                failures.add(1, ordering: .relaxed)
            }
        }
        #expect(failures.load(ordering: .relaxed) == 0)
    }
}
