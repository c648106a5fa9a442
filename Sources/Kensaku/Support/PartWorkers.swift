import Foundation
import Synchronization

/// Runs the parts of a job on the calling thread and on long-lived helper threads, for work
/// that lasts from a tenth of a millisecond to a few (a large query's passage ranges).
///
/// `DispatchQueue.concurrentPerform` cost 30–90 µs a call on this machine: its first part
/// started ~20 µs after the call, its second ~50 µs, and the caller learned that both had
/// finished up to 70 µs after they had. A thread that sleeps in the kernel here takes 20 µs to
/// several hundred to run again. So nothing here sleeps on the way of a job:
/// - the caller starts on a part at once and takes every part no helper has taken, so it never
///   waits for a helper to wake up;
/// - parts are handed out through one atomic word (job number, parts, next part), with no lock;
/// - the caller spins for the parts helpers took, and sees them finish at once;
/// - a helper spins for the next job for ``idleSpin`` before it sleeps. Only a job long enough
///   to repay a wake-up (~100 µs here) wakes sleeping helpers; a shorter one is shared only with
///   helpers that are awake.
///
/// A caller that finds another job running runs its parts alone.
final class PartWorkers: @unchecked Sendable {
    /// The most threads a job runs on, the caller's included.
    static let maximumThreads = 4

    /// One helper per processor but the caller's, at most ``maximumThreads`` − 1.
    static let shared = PartWorkers(helperCount: max(0, min(maximumThreads, ProcessInfo.processInfo.activeProcessorCount) - 1))

    /// How long a helper keeps looking for the next job before it sleeps, so that the large
    /// queries of a burst find it awake (OpenMP's runtime spins 200 ms by default, for the same
    /// reason). With 0.5 ms, the benchmark's large queries found it asleep about half the time:
    /// smaller queries between them took longer than that.
    static let idleSpin = Duration.milliseconds(5)

    /// The current job's number (high 32 bits), its part count (next 16) and the next part not
    /// taken yet (low 16). A part is taken by replacing the word with the next part's.
    private let ticket = Atomic<UInt64>(0)
    /// The current job's parts not finished yet.
    private let unfinished = Atomic<Int>(0)
    /// The current job's work: written before its number is published and cleared after its
    /// last part finished, so a helper reads it only while holding a part of that job.
    private var body: (@Sendable (Int) -> Void)?
    /// Whether a job is running (a second caller meanwhile runs its parts alone).
    private let busy = Atomic<Bool>(false)
    /// Helpers asleep, and what wakes them.
    private let sleepers = Atomic<Int>(0)
    private let wakeUp = NSCondition()
    /// Helper threads started.
    let helperCount: Int

    private init(helperCount: Int) {
        self.helperCount = helperCount
        for _ in 0..<helperCount {
            let thread = Thread { [self] in work() }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    /// Calls `body` once for each part number in `0 ..< parts` (at most 65,535), on this thread
    /// and the helpers, and returns when every call has returned. The calls may run in any
    /// order and at the same time; a call is never run on two threads.
    ///
    /// - Parameter wakingSleepers: wake helpers that sleep, for a job that lasts well over the
    ///   ~100 µs they take to wake up (the caller spends 5–20 µs waking them). Otherwise only
    ///   helpers that are awake take parts, and with none awake the caller runs every part.
    func run(parts: Int, wakingSleepers: Bool, _ body: @escaping @Sendable (Int) -> Void) {
        precondition(parts <= Int(UInt16.max), "too many parts")
        guard parts > 1, helperCount > 0, wakingSleepers || sleepers.load(ordering: .relaxed) < helperCount,
              busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else {
            for part in 0..<parts { body(part) }
            return
        }
        defer { busy.store(false, ordering: .releasing) }
        self.body = body
        unfinished.store(parts, ordering: .relaxed)
        let number = (ticket.load(ordering: .relaxed) >> 32 &+ 1) & 0xFFFF_FFFF
        // Sequentially consistent, as in `sleep(after:)`: a helper going to sleep either is
        // counted below or sees this job.
        ticket.store(number << 32 | UInt64(parts) << 16, ordering: .sequentiallyConsistent)
        if wakingSleepers && sleepers.load(ordering: .sequentiallyConsistent) > 0 {
            wakeUp.lock()
            wakeUp.broadcast()
            wakeUp.unlock()
        }
        runParts(ofJob: number)
        // The helpers' parts take about as long as the caller's: spin until they are done.
        while unfinished.load(ordering: .acquiring) > 0 {}
        self.body = nil
    }

    /// Takes and runs parts of job `number` until none is left (or another job started).
    private func runParts(ofJob number: UInt64) {
        while true {
            var word = ticket.load(ordering: .acquiring)
            var part = 0
            repeat {
                part = Int(word & 0xFFFF)
                guard word >> 32 == number, part < Int(word >> 16 & 0xFFFF) else { return }
                let (exchanged, original) = ticket.compareExchange(expected: word, desired: word + 1, ordering: .acquiring)
                if exchanged { break }
                word = original
            } while true
            // Holding an unfinished part: the caller cannot clear `body` meanwhile.
            body.unsafelyUnwrapped(part)
            unfinished.subtract(1, ordering: .releasing)
        }
    }

    /// A helper's life: take parts of each new job, spin a while for the next, then sleep.
    private func work() {
        // Job numbers start at 1: a helper that starts after the first job was handed out (the
        // pool starts with it) still takes its parts.
        var seen: UInt64 = 0
        let clock = ContinuousClock()
        while true {
            var idleSince = clock.now
            var spins = 0
            while ticket.load(ordering: .acquiring) >> 32 == seen {
                spins &+= 1
                // Read the clock now and then: it costs more than a look at the ticket.
                guard spins & 255 == 0, clock.now - idleSince > Self.idleSpin else { continue }
                sleep(after: seen)
                idleSince = clock.now
            }
            seen = ticket.load(ordering: .acquiring) >> 32
            runParts(ofJob: seen)
        }
    }

    /// Sleeps until a job that wakes sleepers is handed out after job `seen`.
    private func sleep(after seen: UInt64) {
        wakeUp.lock()
        sleepers.add(1, ordering: .sequentiallyConsistent)
        // A job handed out before `sleepers` rose shows here; one handed out after sees a
        // sleeper and, if it wakes sleepers, broadcasts, which waits for this lock.
        while ticket.load(ordering: .sequentiallyConsistent) >> 32 == seen { wakeUp.wait() }
        sleepers.subtract(1, ordering: .sequentiallyConsistent)
        wakeUp.unlock()
    }
}
