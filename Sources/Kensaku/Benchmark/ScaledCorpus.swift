import Foundation

/// Builds a corpus N times the size of a source corpus, for `kensaku bench`.
///
/// Copy *k* (0 ..< N) of file *F* is named `k-F` and holds one marker line `[copy k/N]` followed by
/// F's bytes for k = 0, and for k ≥ 1 by F's sentences in a seeded random order. A sentence ends
/// after each `。` (U+3002, bytes `E3 80 82`); newlines stay inside the sentence they follow, and the
/// bytes after the last `。` form the last sentence. Copies therefore share vocabulary and size but
/// no passage repeats another byte for byte, and the same source always gives the same bytes.
public enum ScaledCorpus {
    /// One generated file.
    public struct File: Sendable, Hashable {
        /// `k-F`.
        public let name: String
        public let bytes: [UInt8]
    }

    /// The copies of one source file for scale `scale`.
    ///
    /// - Parameters:
    ///   - name: the source file's name.
    ///   - bytes: the source file's bytes.
    ///   - scale: N, the number of copies (at least 1).
    /// - Returns: N files, copy 0 first.
    /// - Complexity: O(N · bytes.count).
    public static func copies(of name: String, bytes: [UInt8], scale: Int) -> [File] {
        let sentences = self.sentences(bytes)
        return (0..<max(1, scale)).map { copy in
            var output = Array("[copy \(copy)/\(scale)]\n".utf8)
            output.reserveCapacity(output.count + bytes.count)
            if copy == 0 {
                output += bytes
            } else {
                var order = Array(sentences.indices)
                var generator = SplitMix64(seed: seed(name: name, copy: copy))
                // Fisher–Yates with the seeded generator (the standard library's shuffle takes any
                // generator, but its algorithm is not promised to stay the same across releases).
                if order.count > 1 {
                    for index in stride(from: order.count - 1, to: 0, by: -1) {
                        let other = Int(generator.next() % UInt64(index + 1))
                        order.swapAt(index, other)
                    }
                }
                for sentence in order { output += bytes[sentences[sentence]] }
            }
            return File(name: "\(copy)-\(name)", bytes: output)
        }
    }

    /// Writes the scaled copies of every regular file of `sourceFolder` (not recursing) into
    /// `outputFolder`, which is created when missing; returns the bytes written.
    ///
    /// - Throws: `KensakuError` (`corpusNotFound`, `fileUnreadable`, `ioFailure`).
    @discardableResult
    public static func write(from sourceFolder: String, to outputFolder: String, scale: Int) throws(KensakuError) -> Int {
        let (files, _) = try CorpusScanner.scan(sourceFolder)
        try FileSystem.createDirectory(outputFolder)
        var total = 0
        for file in files {
            let bytes = try FileSystem.readFile(file.path)
            for copy in copies(of: file.name, bytes: bytes, scale: scale) {
                // A plain write: the benchmark's scratch corpus needs no fsync or atomic rename.
                let path = FileSystem.join(outputFolder, copy.name)
                do {
                    try Data(copy.bytes).write(to: URL(fileURLWithPath: path))
                } catch {
                    throw KensakuError(.ioFailure(path: path, operation: "write", cause: "\(error)"))
                }
                total += copy.bytes.count
            }
        }
        return total
    }

    /// The byte ranges of the sentences of `bytes`, covering all of it in order.
    static func sentences(_ bytes: [UInt8]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        var index = 0
        while index + 2 < bytes.count {
            if bytes[index] == 0xE3 && bytes[index + 1] == 0x80 && bytes[index + 2] == 0x82 {
                ranges.append(start..<index + 3)
                start = index + 3
                index += 3
            } else {
                index += 1
            }
        }
        if start < bytes.count { ranges.append(start..<bytes.count) }
        return ranges
    }

    /// The shuffle seed of one copy: FNV-1a over the file name, mixed with the copy number.
    static func seed(name: String, copy: Int) -> UInt64 {
        var hash = FNV1a.offsetBasis
        for byte in name.utf8 { hash = FNV1a.step(hash, UInt64(byte)) }
        return hash ^ (UInt64(copy) &* 0x9E37_79B9_7F4A_7C15)
    }
}

/// Sebastiano Vigna's SplitMix64: a small generator whose sequence is fixed by its seed, so
/// benchmark corpora are the same on every machine and release.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15  // 2^64 / golden ratio
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
