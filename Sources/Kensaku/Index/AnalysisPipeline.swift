import Foundation

/// Analyzes corpus files on worker threads and hands the outcomes back in file order.
///
/// Workers take the next file number from a shared counter and may run ahead of the consumer
/// (the merge) by ``minimumWindow`` files per worker, and further while the files taken and not
/// yet handed back hold at most ``aheadByteBudget`` bytes: that bounds the analyzed documents
/// held in memory, yet lets workers go on past a large document the merge is still busy with.
/// Each worker owns one ``DocumentAnalyzer`` (an ICU break iterator is not thread-safe).
final class AnalysisPipeline: Sequence, IteratorProtocol, @unchecked Sendable {
    /// Files per worker that may always be analyzed ahead of the one being merged.
    static let minimumWindow = 2
    /// Source bytes that the files analyzed ahead of the merge may hold beyond the minimum window.
    ///
    /// With a window of two files per worker alone, workers waited whenever the merge and the
    /// duplicate stage (which take documents in order) fell a few files behind, most often at the
    /// ×100 corpus's large data-book copies: two cores were ~88 % busy. Five alternating ×100
    /// builds: mean wall 3.98 s with the two-file window, 3.53 s with 32 files, 3.46 s with no
    /// practical bound, the same CPU time and peak memory (~300 MB: the merge keeps up overall).
    static let aheadByteBudget = 16 << 20

    private let files: [CorpusScanner.DocumentFile]
    /// Files that may always be analyzed ahead of the one being merged.
    private let window: Int
    private let byteBudget: Int
    private let condition = NSCondition()
    // Guarded by `condition`:
    private var outcomes: [Int: DocumentOutcome] = [:]
    private var nextToTake = 0
    private var nextToHand = 0
    /// Source bytes of the files taken and not handed back yet.
    private var bytesAhead = 0
    private var cancelled = false

    /// - Parameter byteBudget: see ``aheadByteBudget`` (tests vary it).
    init(files: [CorpusScanner.DocumentFile], workerCount: Int, byteBudget: Int = aheadByteBudget) {
        self.files = files
        let workers = Swift.max(1, Swift.min(workerCount, files.count))
        window = Self.minimumWindow * workers
        self.byteBudget = byteBudget
        for _ in 0..<workers {
            let thread = Thread { [self] in work() }
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    /// Whether a worker may start file `number` of `byteCount` bytes while the merge waits for
    /// file `nextToHand` and the files taken ahead of it hold `bytesAhead` bytes.
    static func mayStart(_ number: Int, byteCount: Int, nextToHand: Int, bytesAhead: Int, window: Int, byteBudget: Int) -> Bool {
        number < nextToHand + window || bytesAhead + byteCount <= byteBudget
    }

    private func work() {
        let analyzer: DocumentAnalyzer
        do {
            analyzer = try DocumentAnalyzer()
        } catch {
            condition.lock()
            if !cancelled && nextToTake < files.count {
                outcomes[nextToTake] = .failed(error)
                nextToTake = files.count
            }
            condition.broadcast()
            condition.unlock()
            return
        }
        while true {
            condition.lock()
            while !cancelled && nextToTake < files.count
                && !Self.mayStart(nextToTake, byteCount: byteCount(nextToTake), nextToHand: nextToHand, bytesAhead: bytesAhead,
                                   window: window, byteBudget: byteBudget) {
                condition.wait()
            }
            guard !cancelled, nextToTake < files.count else {
                condition.unlock()
                return
            }
            let number = nextToTake
            nextToTake += 1
            bytesAhead += byteCount(number)
            condition.unlock()
            let outcome = DocumentOutcome.make(files[number], analyzer: analyzer)
            condition.lock()
            outcomes[number] = outcome
            condition.broadcast()
            condition.unlock()
        }
    }

    /// The size of file `number` as scanned; 0 for a file over the document limit, which is
    /// refused unread.
    private func byteCount(_ number: Int) -> Int {
        let size = files[number].status.byteCount
        return size > Limits.maximumDocumentBytes ? 0 : size
    }

    /// The next file's outcome, waiting for its worker; nil after the last file.
    func next() -> DocumentOutcome? {
        condition.lock()
        defer { condition.unlock() }
        guard nextToHand < files.count else { return nil }
        while outcomes[nextToHand] == nil { condition.wait() }
        let outcome = outcomes.removeValue(forKey: nextToHand)
        bytesAhead -= byteCount(nextToHand)
        nextToHand += 1
        condition.broadcast()
        return outcome
    }

    /// Stops the workers after their current file (an error ended the build early).
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}
