import CSHA256

/// SHA-256 (FIPS 180-4), used to fingerprint corpus files in the index's document table.
///
/// Kept in-tree rather than pulling in swift-crypto for one hash: the whole algorithm is a page,
/// and it is pinned by the standard test vectors in `CorpusTests`. Whole blocks go through the
/// x86 SHA extensions when the processor has them (`CSHA256`, several times faster), else
/// through ``compress(_:)``.
public struct SHA256: Sendable {
    /// Whether this processor has the SHA extensions.
    static let hardwareAvailable = kensaku_sha256_has_hardware() != 0

    private var state: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) = (
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
    )
    private var pending: [UInt8] = []
    private var messageLength: UInt64 = 0
    /// Whether ``compressBlocks(_:count:)`` uses the SHA extensions.
    private let usesHardware: Bool

    public init() {
        usesHardware = Self.hardwareAvailable
    }

    /// A hasher that uses the SHA extensions only when `usesHardware` and available (tests
    /// compare both ways).
    init(usesHardware: Bool) {
        self.usesHardware = usesHardware && Self.hardwareAvailable
    }

    /// The 32-byte digest of a byte array.
    public static func digest(of bytes: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// The digest of a byte array in lower-case hex.
    public static func hexDigest(of bytes: [UInt8]) -> String {
        digest(of: bytes).hexString
    }

    /// Adds bytes to the message.
    ///
    /// - Complexity: O(*n*) in the number of bytes.
    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { update($0) }
    }

    /// Adds bytes to the message.
    public mutating func update(_ bytes: UnsafeBufferPointer<UInt8>) {
        messageLength &+= UInt64(bytes.count)
        var index = 0
        if !pending.isEmpty {
            let take = min(64 - pending.count, bytes.count)
            pending.append(contentsOf: bytes[0..<take])
            index = take
            if pending.count == 64 {
                let block = pending
                block.withUnsafeBufferPointer { compressBlocks($0.baseAddress!, count: 1) }
                pending.removeAll(keepingCapacity: true)
            }
        }
        guard let base = bytes.baseAddress else { return }
        let blockCount = (bytes.count - index) / 64
        compressBlocks(base + index, count: blockCount)
        index += 64 * blockCount
        if index < bytes.count {
            pending.append(contentsOf: bytes[index...])
        }
    }

    /// Finishes the hash and returns the 32-byte digest.
    public mutating func finalize() -> [UInt8] {
        let bitLength = messageLength &* 8
        var tail = pending
        tail.append(0x80)
        while tail.count % 64 != 56 { tail.append(0) }
        for shift in stride(from: 56, through: 0, by: -8) {
            tail.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift)))
        }
        tail.withUnsafeBufferPointer { buffer in
            compressBlocks(buffer.baseAddress!, count: buffer.count / 64)
        }
        pending.removeAll()
        var digest: [UInt8] = []
        digest.reserveCapacity(32)
        for word in [state.0, state.1, state.2, state.3, state.4, state.5, state.6, state.7] {
            digest.append(UInt8(truncatingIfNeeded: word >> 24))
            digest.append(UInt8(truncatingIfNeeded: word >> 16))
            digest.append(UInt8(truncatingIfNeeded: word >> 8))
            digest.append(UInt8(truncatingIfNeeded: word))
        }
        return digest
    }

    /// The round constants, shared with the hardware compression (`CSHA256`).
    private static var roundConstants: UnsafeBufferPointer<UInt32> { UnsafeBufferPointer(start: kensaku_sha256_round_constants(), count: 64) }

    /// Compresses `count` consecutive 64-byte blocks into the state.
    private mutating func compressBlocks(_ blocks: UnsafePointer<UInt8>, count: Int) {
        guard count > 0 else { return }
        if usesHardware {
            withUnsafeMutableBytes(of: &state) { words in
                kensaku_sha256_compress_blocks(words.baseAddress!.assumingMemoryBound(to: UInt32.self), blocks, count)
            }
            return
        }
        for block in 0..<count { compress(blocks + 64 * block) }
    }

    /// The portable compression of one 64-byte block.
    private mutating func compress(_ block: UnsafePointer<UInt8>) {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
            for i in 0..<16 {
                let b = block + i * 4
                w[i] = UInt32(b[0]) << 24 | UInt32(b[1]) << 16 | UInt32(b[2]) << 8 | UInt32(b[3])
            }
            for i in 16..<64 {
                let s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3)
                let s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10)
                w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
            }
            var (a, b, c, d, e, f, g, h) = state
            do {
                let k = Self.roundConstants
                for i in 0..<64 {
                    let s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
                    let choice = (e & f) ^ (~e & g)
                    let t1 = h &+ s1 &+ choice &+ k[i] &+ w[i]
                    let s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
                    let majority = (a & b) ^ (a & c) ^ (b & c)
                    let t2 = s0 &+ majority
                    h = g; g = f; f = e; e = d &+ t1
                    d = c; c = b; b = a; a = t1 &+ t2
                }
            }
            state = (
                state.0 &+ a, state.1 &+ b, state.2 &+ c, state.3 &+ d,
                state.4 &+ e, state.5 &+ f, state.6 &+ g, state.7 &+ h
            )
        }
    }
}

@inline(__always)
private func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 {
    (x >> n) | (x << (32 - n))
}

extension Array where Element == UInt8 {
    /// The bytes as lower-case hexadecimal.
    var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(count * 2)
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
