#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few file operations Kensaku needs, with errors that name the file.
enum FileSystem {
    /// Size and modification time of a file, or nil when it does not exist.
    struct Status: Equatable {
        var byteCount: Int
        var modificationTimeNanoseconds: Int64
        var isDirectory: Bool
        var isRegularFile: Bool
    }

    static func status(_ path: String) -> Status? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        let mode = info.st_mode & S_IFMT
        #if canImport(Darwin)
        let seconds = Int64(info.st_mtimespec.tv_sec), nanos = Int64(info.st_mtimespec.tv_nsec)
        #else
        let seconds = Int64(info.st_mtim.tv_sec), nanos = Int64(info.st_mtim.tv_nsec)
        #endif
        return Status(byteCount: Int(info.st_size), modificationTimeNanoseconds: seconds * 1_000_000_000 + nanos,
                      isDirectory: mode == S_IFDIR, isRegularFile: mode == S_IFREG)
    }

    /// Reads a whole file.
    static func readFile(_ path: String) throws(KensakuError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw KensakuError(.fileUnreadable(path: path, cause: String(cString: strerror(errno))))
        }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw KensakuError(.fileUnreadable(path: path, cause: String(cString: strerror(errno))))
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return bytes
    }

    /// Reads `range` of a file (used for snippets: only the passage's bytes).
    static func readBytes(_ path: String, range: Range<Int>) throws(KensakuError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw KensakuError(.fileUnreadable(path: path, cause: String(cString: strerror(errno))))
        }
        defer { close(descriptor) }
        var bytes = [UInt8](repeating: 0, count: range.count)
        var done = 0
        while done < range.count {
            let count = bytes.withUnsafeMutableBytes { buffer in
                buffer.baseAddress.map { pread(descriptor, $0 + done, range.count - done, off_t(range.lowerBound + done)) } ?? 0
            }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                throw KensakuError(.fileUnreadable(path: path, cause: "file ended before byte \(range.upperBound)"))
            }
            done += count
        }
        return bytes
    }

    /// Writes `bytes` to `path` atomically (see ``writeAtomically(to:_:)``).
    static func writeAtomically(_ bytes: [UInt8], to path: String) throws(KensakuError) {
        try writeAtomically(to: path) { file throws(KensakuError) in try file.append(bytes) }
    }

    /// Appends bytes to a file being written by ``writeAtomically(to:_:)``.
    struct FileSink {
        fileprivate let descriptor: Int32
        fileprivate let path: String
        /// The file's mapping, when its size was given and it could be mapped.
        fileprivate let mapping: WritableFileMapping?
        /// Bytes written so far.
        private(set) var count = 0

        fileprivate init(descriptor: Int32, path: String, mapping: WritableFileMapping?) {
            self.descriptor = descriptor
            self.path = path
            self.mapping = mapping
        }

        mutating func append(_ bytes: [UInt8]) throws(KensakuError) {
            var failure: KensakuError? = nil
            bytes.withUnsafeBytes { buffer in
                do throws(KensakuError) { try append(buffer) } catch { failure = error }
            }
            if let failure { throw failure }
        }

        mutating func append(_ bytes: UnsafeRawBufferPointer) throws(KensakuError) {
            guard let base = bytes.baseAddress else { return }
            if let mapping {
                guard count + bytes.count <= mapping.byteCount else {
                    throw KensakuError(.ioFailure(path: path, operation: "write", cause: "more bytes than the \(mapping.byteCount) announced"))
                }
                mapping.copy(bytes, to: count)
                count += bytes.count
                return
            }
            var written = 0
            while written < bytes.count {
                let result = write(descriptor, base + written, bytes.count - written)
                if result < 0 {
                    if errno == EINTR { continue }
                    throw KensakuError(.ioFailure(path: path, operation: "write", cause: String(cString: strerror(errno))))
                }
                written += result
            }
            count += written
        }
    }

    /// Writes a file atomically: `body` writes a temporary file in the same folder, which is
    /// flushed to disk and renamed over `path` (and the folder flushed), so readers see the old
    /// file or the new one, never a part, even after a crash or power loss.
    ///
    /// With `byteCount` (what `body` will write, exactly), the file's blocks are allocated first
    /// and the bytes copied into a mapping of it when the file system allows (see
    /// ``WritableFileMapping``): much faster than `write` for large files.
    static func writeAtomically(
        to path: String, byteCount: Int? = nil, _ body: (inout FileSink) throws(KensakuError) -> Void
    ) throws(KensakuError) {
        let folder = directory(of: path)
        try createDirectory(folder)
        removeAbandonedTemporaryFiles(of: path)
        let temporary = "\(path).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let descriptor = open(temporary, O_RDWR | O_CREAT | O_EXCL, 0o644)
        guard descriptor >= 0 else {
            throw KensakuError(.ioFailure(path: temporary, operation: "create", cause: String(cString: strerror(errno))))
        }
        var failure: KensakuError? = nil
        var mapping: WritableFileMapping? = nil
        if let byteCount, byteCount >= WritableFileMapping.leastByteCount {
            do { mapping = try WritableFileMapping.map(descriptor: descriptor, byteCount: byteCount, path: path) } catch { failure = error }
        }
        var sink = FileSink(descriptor: descriptor, path: path, mapping: mapping)
        if failure == nil {
            do {
                try body(&sink)
            } catch {
                failure = error
            }
        }
        if failure == nil, let byteCount, sink.count != byteCount {
            failure = KensakuError(.ioFailure(path: path, operation: "write", cause: "\(sink.count) bytes written of the \(byteCount) announced"))
        }
        if let mapping {
            // A file that failed is removed below: its bytes need not reach the disk.
            let syncFailure = mapping.unmap(flushing: failure == nil)
            if failure == nil && syncFailure != 0 {
                failure = KensakuError(.ioFailure(path: path, operation: "write", cause: String(cString: strerror(syncFailure))))
            }
        }
        if failure == nil && fsync(descriptor) != 0 {
            failure = KensakuError(.ioFailure(path: path, operation: "write", cause: String(cString: strerror(errno))))
        }
        close(descriptor)
        if failure == nil && rename(temporary, path) != 0 {
            failure = KensakuError(.ioFailure(path: path, operation: "write", cause: String(cString: strerror(errno))))
        }
        if let failure {
            unlink(temporary)
            throw failure
        }
        // Make the rename itself durable: flush the folder's entry list too.
        let folderDescriptor = open(folder, O_RDONLY)
        if folderDescriptor >= 0 {
            fsync(folderDescriptor)
            close(folderDescriptor)
        }
    }

    /// Deletes `<path>.tmp-<pid>-<random>` files left by writers that were killed: those whose
    /// process no longer exists. Files of live writers (a concurrent build) are left alone.
    static func removeAbandonedTemporaryFiles(of path: String) {
        let folder = directory(of: path)
        let prefix = String(path.split(separator: "/").last ?? Substring(path)) + ".tmp-"
        guard let names = try? listDirectory(folder) else { return }
        for name in names where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count)
            guard let pidText = rest.split(separator: "-").first, let pid = pid_t(pidText) else { continue }
            if kill(pid, 0) == -1 && errno == ESRCH {
                unlink(join(folder, name))
            }
        }
    }

    static func createDirectory(_ path: String) throws(KensakuError) {
        if status(path)?.isDirectory == true { return }
        let parent = directory(of: path)
        if parent != path && parent != "." && parent != "/" { try createDirectory(parent) }
        if mkdir(path, 0o755) != 0 && errno != EEXIST {
            throw KensakuError(.ioFailure(path: path, operation: "create folder", cause: String(cString: strerror(errno))))
        }
    }

    /// Names in a folder, sorted, without `.` and `..`.
    static func listDirectory(_ path: String) throws(KensakuError) -> [String] {
        guard let handle = opendir(path) else {
            throw KensakuError(.fileUnreadable(path: path, cause: String(cString: strerror(errno))))
        }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// The folder part of a path (`.` for a bare name).
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// Joins two paths; an absolute `component` wins.
    static func join(_ base: String, _ component: String) -> String {
        if component.hasPrefix("/") || base.isEmpty || base == "." { return component }
        return base.hasSuffix("/") ? base + component : base + "/" + component
    }

    /// The absolute, normalized form of a path (no `.`, `..` or repeated slashes).
    static func absolute(_ path: String) -> String {
        var full = path
        if !path.hasPrefix("/") {
            var buffer = [CChar](repeating: 0, count: 4096)
            let cwd = getcwd(&buffer, buffer.count).map { String(cString: $0) } ?? "/"
            full = cwd + "/" + path
        }
        var parts: [Substring] = []
        for part in full.split(separator: "/") {
            if part == "." || part.isEmpty { continue }
            if part == ".." { _ = parts.popLast() } else { parts.append(part) }
        }
        return "/" + parts.joined(separator: "/")
    }

    /// `target` relative to the folder `base`, for example `../Corpus`.
    static func relativePath(of target: String, from base: String) -> String {
        let targetParts = absolute(target).split(separator: "/")
        let baseParts = absolute(base).split(separator: "/")
        var common = 0
        while common < min(targetParts.count, baseParts.count) && targetParts[common] == baseParts[common] { common += 1 }
        let ups = Array(repeating: "..", count: baseParts.count - common)
        let rest = targetParts[common...].map(String.init)
        let parts = ups + rest
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }
}
