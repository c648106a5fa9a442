import Foundation
import Testing
@testable import Kensaku

/// ``FileSystem/writeAtomically(to:byteCount:_:)``: a file of announced size is written through
/// a mapping (``WritableFileMapping``), and a writer that breaks its announcement fails without
/// touching the file already there.
@Suite("Atomic file writes")
struct AtomicWriteTests {
    /// Bytes in a pattern with no period near 4 KB pages or the copy's halves.
    private static func pattern(_ count: Int, seed: UInt64) -> [UInt8] {
        var random = SplitMix64(seed: seed)
        return (0..<count).map { _ in UInt8(truncatingIfNeeded: random.next()) }
    }

    /// The names in `folder` (to see that no temporary file is left behind).
    private static func names(in folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
    }

    @Test("a file of announced size is written exactly, in small and large pieces")
    func announcedSize() throws {
        let folder = try TestSupport.temporaryFolder()
        let path = folder + "/file.bin"
        // Above the mapping's threshold, with one piece large enough to be copied on two threads.
        let pieces = [Self.pattern(13, seed: 1), Self.pattern(WritableFileMapping.parallelCopyBytes + 4_097, seed: 2),
                      [], Self.pattern(1_000_003, seed: 3)]
        let total = pieces.reduce(0) { $0 + $1.count }
        try FileSystem.writeAtomically(to: path, byteCount: total) { file throws(KensakuError) in
            for piece in pieces { try file.append(piece) }
        }
        #expect(Array(try Data(contentsOf: URL(fileURLWithPath: path))) == Array(pieces.joined()))
        #expect(try Self.names(in: folder) == ["file.bin"])
    }

    @Test("writing more or fewer bytes than announced fails and keeps the previous file",
          arguments: [-1, 1], [100, WritableFileMapping.parallelCopyBytes + 10])
    func brokenAnnouncement(difference: Int, size: Int) throws {
        let folder = try TestSupport.temporaryFolder()
        let path = folder + "/file.bin"
        let previous = Self.pattern(100, seed: 4)
        try FileSystem.writeAtomically(previous, to: path)
        // Small files are written, large ones mapped: both check the announcement.
        let bytes = Self.pattern(size, seed: 5)
        #expect(throws: KensakuError.self) {
            try FileSystem.writeAtomically(to: path, byteCount: bytes.count + difference) { file throws(KensakuError) in
                try file.append(bytes)
            }
        }
        #expect(Array(try Data(contentsOf: URL(fileURLWithPath: path))) == previous)
        #expect(try Self.names(in: folder) == ["file.bin"])
    }
}
