import Foundation

/// Frees a large value on a thread of its own, so the caller does not wait for it.
///
/// A build at scale ends holding hundreds of megabytes of posting lists, passages and tables;
/// freeing them takes tens of milliseconds that the caller (and a `kensaku index` process about
/// to exit, whose memory the system reclaims anyway) need not spend. Clang skips freeing its
/// syntax trees at exit for the same reason.
enum BackgroundRelease {
    /// Takes `value` over and frees it on a new thread (the caller must hold no other reference).
    static func release<Value>(_ value: consuming Value) {
        let box = Box(consume value)
        let thread = Thread { box.empty() }
        thread.start()
    }

    /// The value in transit: only the releasing thread touches it once handed over.
    private final class Box<Contents>: @unchecked Sendable {
        private var contents: Contents?

        init(_ contents: consuming Contents) { self.contents = contents }

        func empty() { contents = nil }
    }
}
