import Synchronization

/// A few idle ``AnalysisSession``s for short analyses (queries, snippets): a session clones an
/// ICU break iterator and grows its buffers, ~3 % of a query's ranking at ×1 when made for every
/// query. A session is used by one thread at a time: taken, then given back.
final class AnalysisSessionPool: Sendable {
    static let shared = AnalysisSessionPool()

    /// A session handed from thread to thread, never used by two at once: safe to send.
    private struct Handed: @unchecked Sendable {
        let session: AnalysisSession
    }

    private let idle = Mutex<[Handed]>([])
    /// More idle sessions than this are released.
    private static let capacity = 8

    /// An idle session, or a new one.
    ///
    /// - Throws: `KensakuError` (`icuFailure`) when a new session cannot be made.
    func take() throws(KensakuError) -> AnalysisSession {
        if let handed = idle.withLock({ $0.popLast() }) { return handed.session }
        return try AnalysisSession()
    }

    /// Returns a session taken with ``take()``; it must not be used afterwards.
    func give(_ session: AnalysisSession) {
        let handed = Handed(session: session)
        idle.withLock { idle in
            if idle.count < Self.capacity { idle.append(handed) }
        }
    }
}
