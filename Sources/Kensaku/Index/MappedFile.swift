#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A read-only memory mapping of a whole file.
///
/// The mapping lives as long as this object; `bytes` must not escape it. Pages are read from disk
/// on first touch and shared with the page cache, so nothing is copied into the process.
final class MappedFile: @unchecked Sendable {
    // Safe to share: the mapping is read-only and immutable for the object's lifetime.
    let bytes: UnsafeRawBufferPointer
    private let mappedLength: Int

    /// Maps `path`.
    ///
    /// - Throws: `KensakuError` (`indexNotFound`, `fileUnreadable`) when the file cannot be opened or mapped.
    init(path: String) throws(KensakuError) {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            let error = errno
            if error == ENOENT { throw KensakuError(.indexNotFound(path: path)) }
            throw KensakuError(.fileUnreadable(path: path, cause: String(cString: strerror(error))))
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw KensakuError(.fileUnreadable(path: path, cause: String(cString: strerror(errno))))
        }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            throw KensakuError(.fileUnreadable(path: path, cause: "not a regular file"))
        }
        let length = Int(status.st_size)
        guard length > 0 else {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            mappedLength = 0
            return
        }
        let address = mmap(nil, length, PROT_READ, MAP_PRIVATE, descriptor, 0)
        guard let address, address != MAP_FAILED else {
            throw KensakuError(.fileUnreadable(path: path, cause: "mmap failed: \(String(cString: strerror(errno)))"))
        }
        bytes = UnsafeRawBufferPointer(start: address, count: length)
        mappedLength = length
    }

    deinit {
        if mappedLength > 0, let base = bytes.baseAddress {
            munmap(UnsafeMutableRawPointer(mutating: base), mappedLength)
        }
    }
}
