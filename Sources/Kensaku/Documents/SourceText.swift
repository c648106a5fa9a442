import Foundation

/// The bytes of one source file with its line table.
///
/// Lines are numbered from 1. A line's content excludes its terminating `\n` and a `\r` before
/// it, so CRLF files keep exact coordinates.
struct SourceText: Sendable {
    /// The file's bytes, unchanged.
    let bytes: [UInt8]
    /// `lineStarts[i]` is the byte offset where line `i + 1` begins, followed by a sentinel such
    /// that `lineStarts[i + 1] - 1` is always the offset of line `i + 1`'s terminating `\n`
    /// (real, or virtual at `bytes.count` when the file does not end with one).
    private(set) var lineStarts: [Int]

    init(bytes: [UInt8]) {
        self.bytes = bytes
        var starts = [0]
        starts.reserveCapacity(bytes.count / 40 + 2)
        bytes.withUnsafeBufferPointer { buffer in
            // `memchr` finds each newline with vector compares rather than byte by byte.
            guard let base = buffer.baseAddress else { return }
            var index = 0
            while index < buffer.count,
                  let found = memchr(base + index, 0x0A, buffer.count - index) {
                let newline = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                starts.append(newline + 1)
                index = newline + 1
            }
        }
        // A file that ends with a newline has no further line: the start recorded after that
        // newline serves as the sentinel. Otherwise the last line has a virtual terminator at
        // `bytes.count`, so the sentinel is one past it.
        if !(starts.count > 1 && starts.last == bytes.count) {
            starts.append(bytes.count + 1)
        }
        lineStarts = starts
    }

    /// The number of lines (an empty file has one empty line).
    var lineCount: Int { lineStarts.count - 1 }

    /// The byte range of line `line`'s content (1-based), without `\n` or `\r\n`.
    func contentRange(ofLine line: Int) -> Range<Int> {
        let start = lineStarts[line - 1]
        var end = min(lineStarts[line] - 1, bytes.count)
        if end > start && bytes[end - 1] == 0x0D { end -= 1 }
        return start..<end
    }

    /// The 1-based line holding byte `offset` (an offset on a terminator belongs to its line).
    func line(containing offset: Int) -> Int {
        var low = 0, high = lineStarts.count - 1
        while low + 1 < high {
            let middle = (low + high) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle }
        }
        return low + 1
    }
}
