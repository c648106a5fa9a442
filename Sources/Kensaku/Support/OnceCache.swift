import Foundation

/// A value computed on first use and shared afterwards, safely across threads.
final class OnceCache<Value: Sendable>: @unchecked Sendable {
    // Safe to share: `stored` is only read or written while `lock` is held.
    private let lock = NSLock()
    private var stored: Result<Value, KensakuError>? = nil

    /// The value, computing it with `make` the first time (a failure is remembered too).
    func value(_ make: () throws(KensakuError) -> Value) throws(KensakuError) -> Value {
        lock.lock()
        defer { lock.unlock() }
        if let stored { return try stored.get() }
        let result: Result<Value, KensakuError>
        do {
            result = .success(try make())
        } catch {
            result = .failure(error)
        }
        stored = result
        return try result.get()
    }
}
