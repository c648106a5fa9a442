import Foundation

/// Runs a ``DuplicateDetector`` on its own thread, so duplicate detection overlaps the posting
/// merge instead of following it. Documents' candidates are classified in the order they are
/// submitted, so the result is the same as classifying them on the calling thread.
final class DuplicateStage: @unchecked Sendable {
    private let condition = NSCondition()
    // Guarded by `condition`:
    private var pending: [[DuplicateDetector.Candidate]] = []
    private var isClosed = false
    private var isDone = false
    /// For each duplicate passage, its coverers, best first; complete once `isDone`.
    private var coverers: [Int: [Int]] = [:]

    init() {
        let thread = Thread { [self] in run() }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// Queues one document's passages for classification.
    func submit(_ candidates: [DuplicateDetector.Candidate]) {
        condition.lock()
        pending.append(candidates)
        condition.signal()
        condition.unlock()
    }

    /// Waits for every submitted passage to be classified; returns the duplicates' coverers.
    func finish() -> [Int: [Int]] {
        close()
        condition.lock()
        defer { condition.unlock() }
        while !isDone { condition.wait() }
        return coverers
    }

    /// Lets the thread end once the submitted passages are classified (also when a build fails).
    func close() {
        condition.lock()
        isClosed = true
        condition.broadcast()
        condition.unlock()
    }

    private func run() {
        var detector = DuplicateDetector()
        var found: [Int: [Int]] = [:]
        while true {
            condition.lock()
            while pending.isEmpty && !isClosed { condition.wait() }
            if pending.isEmpty {
                coverers = found
                isDone = true
                condition.broadcast()
                condition.unlock()
                return
            }
            let batch = pending.removeFirst()
            condition.unlock()
            found.merge(detector.classify(batch)) { first, _ in first }
        }
    }
}
