import CPrefetch
import Foundation

/// A byte array that is appended to by writing through a pointer: the storage of a
/// ``PostingListWriter``'s entries.
///
/// The builder appends a few bytes at a time to tens of thousands of lists; `Array.append`
/// spends more on its generic path and uniqueness checks than on the bytes. It is a class, so
/// copies share it: ``PostingListWriter`` copies it before writing when it is shared. Growth
/// uses `realloc`, which moves large buffers by remapping pages rather than copying them.
final class GrowableBytes {
    private var base: UnsafeMutablePointer<UInt8>? = nil
    private(set) var count = 0
    private var capacity = 0

    init() {}

    deinit { free(base) }

    /// A pointer to room for at least `extra` more bytes after the first ``count``; call
    /// ``didAppend(_:)`` with how many were written.
    @inline(__always)
    func reserve(_ extra: Int) -> UnsafeMutablePointer<UInt8> {
        if capacity - count < extra { grow(to: count + extra) }
        return base.unsafelyUnwrapped + count
    }

    /// Counts `written` bytes written after a ``reserve(_:)``.
    @inline(__always)
    func didAppend(_ written: Int) {
        count += written
    }

    /// Drops the bytes from `newCount` on (the storage stays).
    func truncate(to newCount: Int) {
        precondition(newCount >= 0 && newCount <= count, "truncating beyond the bytes")
        count = newCount
    }

    /// Starts loading this object (its pointer and counts) into the cache.
    @inline(__always)
    func prefetchObject() {
        kensaku_prefetch(Unmanaged.passUnretained(self).toOpaque())
    }

    /// Starts loading the place of the next byte into the cache (the object itself should be
    /// loaded by then: see ``prefetchObject()``).
    @inline(__always)
    func prefetchEnd() {
        if let base { kensaku_prefetch(base + count) }
    }

    /// Calls `body` with the bytes.
    func withBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try body(UnsafeRawBufferPointer(start: base, count: count))
    }

    /// A copy with its own storage.
    func copy() -> GrowableBytes {
        let copy = GrowableBytes()
        if count > 0 {
            let target = copy.reserve(count)
            target.update(from: base.unsafelyUnwrapped, count: count)
            copy.didAppend(count)
        }
        return copy
    }

    private func grow(to minimum: Int) {
        let newCapacity = Swift.max(minimum, 2 * capacity, 16)
        guard let grown = realloc(base, newCapacity) else { fatalError("out of memory for \(newCapacity) bytes") }
        base = grown.assumingMemoryBound(to: UInt8.self)
        capacity = newCapacity
    }
}
