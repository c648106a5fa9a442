import Synchronization

/// A few idle ``AnalysisSession``s for short analyses (queries, snippets): a session clones an
/// ICU break iterator and grows its buffers, ~3 % of a query's ranking at ×1 when made for every
/// query. A session is used by one thread at a time: taken, then given back.
final class AnalysisSessionPool: Sendable {
    static let shared = AnalysisSessionPool()

    /// Sessions are handed from thread to thread, never shared: safe to send.
    private struct Idle: @unchecked Sendable {
        var sessions: [AnalysisSession] = []
    }

    private let idle = Mutex(Idle())
    /// More idle sessions than this are released.
    private static let capacity = 8

    /// An idle session, or a new one.
    ///
    /// - Throws: `KensakuError` (`icuFailure`) when a new session cannot be made.
    func take() throws(KensakuError) -> AnalysisSession {
        let session = idle.withLock { idle -> Idle? in
            guard let session = idle.sessions.popLast() else { return nil }
            return Idle(sessions: [session])
        }
        if let session = session?.sessions.first { return session }
        return try AnalysisSession()
    }

    /// Returns a session taken with ``take()``; it must not be used afterwards.
    func give(_ session: AnalysisSession) {
        let returned = Idle(sessions: [session])
        idle.withLock { idle in
            if idle.sessions.count < Self.capacity { idle.sessions += returned.sessions }
        }
    }
}
