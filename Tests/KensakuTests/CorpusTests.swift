import Foundation
import Testing
@testable import Kensaku

@Suite("Corpus and SHA-256")
struct CorpusTests {
    /// The corpus must be the shared documents byte for byte.
    @Test(arguments: [
        ("nec-esg-databook-2024.txt", "20850a1c71855ccdafd559fecf823a0662151726585f24d69b6ac70ecf631f55"),
        ("nec-dx-report.md", "24f1fab2748ee38b829cc596253911fb9c66b5b8f6c94851e196e7b59432bd42"),
        ("hitachi-nvidia-ai-factory.md", "328c90f838b5225994a44c80377b8711f6dd0f09f0ecd855ec85438f50db94a5"),
    ])
    func corpusFileIsUnchanged(name: String, sha256: String) throws {
        #expect(SHA256.hexDigest(of: try TestSupport.corpusBytes(name)) == sha256)
    }

    @Test func corpusHoldsExactlyTheThreeDocuments() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: TestSupport.corpusPath).filter { !$0.hasPrefix(".") }
        #expect(names.sorted() == ["hitachi-nvidia-ai-factory.md", "nec-dx-report.md", "nec-esg-databook-2024.txt"])
    }

    /// FIPS 180-4 test vectors, including the two-block message and a million 'a's.
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func sha256Vectors(input: String, digest: String) {
        #expect(SHA256.hexDigest(of: Array(input.utf8)) == digest)
    }

    /// The SHA-extension compression (when this processor has it) and the portable one agree.
    @Test func sha256HardwareAndPortableAgree() {
        var generator = SeededGenerator(seed: 11)
        let bytes = (0..<5_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        for length in [0, 55, 56, 64, 119, 128, 1_000, 5_000] {
            var hardware = SHA256(usesHardware: true), portable = SHA256(usesHardware: false)
            hardware.update(Array(bytes[..<length]))
            portable.update(Array(bytes[..<length]))
            #expect(hardware.finalize() == portable.finalize(), "length \(length)")
        }
        var portable = SHA256(usesHardware: false)
        portable.update(Array("abc".utf8))
        #expect(portable.finalize().hexString == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func sha256IncrementalUpdatesMatchOneShot() {
        var generator = SeededGenerator(seed: 7)
        let bytes = (0..<1_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        for split in [0, 1, 63, 64, 65, 500, 1_000] {
            var hasher = SHA256()
            hasher.update(Array(bytes[..<split]))
            hasher.update(Array(bytes[split...]))
            #expect(hasher.finalize() == SHA256.digest(of: bytes), "split at \(split)")
        }
        #expect(SHA256.hexDigest(of: [UInt8](repeating: 0x61, count: 1_000_000))
            == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func crc32MatchesZlib() {
        // zlib.crc32(b"123456789") == 0xCBF43926, the standard check value.
        let bytes = Array("123456789".utf8)
        #expect(bytes.withUnsafeBytes { CRC32.checksum($0) } == 0xCBF4_3926)
        #expect([UInt8]().withUnsafeBytes { CRC32.checksum($0) } == 0)
        // Long enough to be folded with carry-less multiplication where the processor can
        // (Python: zlib.crc32(bytes(range(256))), zlib.crc32(b"The quick … dog" * 3)).
        for folding in [false, true] {
            let counting = (0..<256).map { UInt8($0) }
            #expect(counting.withUnsafeBytes { CRC32.checksum($0, folding: folding) } == 0x2905_8C73)
            let fox = Array(String(repeating: "The quick brown fox jumps over the lazy dog", count: 3).utf8)
            #expect(fox.withUnsafeBytes { CRC32.checksum($0, folding: folding) } == 0xD996_91F3)
        }
    }

    @Test func crc32FoldingMatchesTheTables() {
        var generator = SeededGenerator(seed: 32)
        let bytes = (0..<70_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        bytes.withUnsafeBytes { all in
            // Every length around the folding's steps (64 bytes, then 16), at odd and even starts,
            // with and without an initial checksum to continue.
            for start in [0, 1, 7, 16] {
                for length in Array(0...300) + [1_023, 4_096, 4_111, 65_536, 69_000] {
                    let slice = UnsafeRawBufferPointer(rebasing: all[start..<(start + length)])
                    let tables = CRC32.checksum(slice, folding: false)
                    #expect(CRC32.checksum(slice) == tables, "start \(start), length \(length)")
                    #expect(CRC32.checksum(slice, initial: 0xDEAD_BEEF) == CRC32.checksum(slice, initial: 0xDEAD_BEEF, folding: false))
                }
            }
        }
    }
}

/// A deterministic random number generator (SplitMix64) for reproducible randomized tests.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
