/// Sorts 64-bit hashes in expected linear time: hash values are spread evenly, so placing each
/// in one of *n* buckets by its top bits (a counting sort) leaves only a few out of order, which
/// an insertion sort then fixes. The result is the same as `sort()`.
///
/// Used for each passage's duplicate-detection shingles (about 200 at a time), where the
/// library's general sort cost some 50 instructions per value.
struct UniformHashSort {
    /// The values in bucket order.
    private var scratch: [UInt64] = []
    /// Per bucket: how many values it holds, then where its next value goes.
    private var bucketStarts: [Int32] = []

    /// A bucket holding more values than this (inputs far from uniform, such as many equal
    /// values) sends the whole input to the library's sort instead, so the insertion sort never
    /// goes quadratic.
    static let largestBucket = 16
    /// Fewer values than this are sorted by insertion directly.
    static let smallest = 32

    init() {}

    /// Sorts `values` ascending.
    ///
    /// - Complexity: O(*n*) expected for evenly spread values; O(*n* log *n*) otherwise.
    mutating func sort(_ values: inout [UInt64]) {
        let count = values.count
        guard count >= Self.smallest else {
            values.withUnsafeMutableBufferPointer { Self.insertionSort($0) }
            return
        }
        guard count < Int(Int32.max) else {
            values.sort()
            return
        }
        if scratch.count < count { scratch = [UInt64](repeating: 0, count: count) }
        if bucketStarts.count < count + 1 { bucketStarts = [Int32](repeating: 0, count: count + 1) }
        let isSpread = values.withUnsafeMutableBufferPointer { values in
            scratch.withUnsafeMutableBufferPointer { scratch in
                bucketStarts.withUnsafeMutableBufferPointer { starts in
                    Self.bucketSort(values, scratch: scratch, starts: starts)
                }
            }
        }
        if !isSpread { values.sort() }
    }

    /// Places `values` in `scratch` bucket by bucket, then insertion-sorts them back into
    /// `values`; false (values untouched) when a bucket exceeds ``largestBucket``.
    private static func bucketSort(
        _ values: UnsafeMutableBufferPointer<UInt64>, scratch: UnsafeMutableBufferPointer<UInt64>,
        starts: UnsafeMutableBufferPointer<Int32>
    ) -> Bool {
        let count = values.count
        // Bucket of a value: its place in [0, count) scaled from [0, 2⁶⁴).
        @inline(__always) func bucket(_ value: UInt64) -> Int {
            Int(truncatingIfNeeded: value.multipliedFullWidth(by: UInt64(count)).high)
        }
        for index in 0...count { starts[index] = 0 }
        for value in values {
            let slot = bucket(value) &+ 1
            starts[slot] &+= 1
            if starts[slot] > Int32(largestBucket) { return false }
        }
        for index in 0..<count { starts[index &+ 1] &+= starts[index] }
        for value in values {
            let slot = bucket(value)
            scratch[Int(starts[slot])] = value
            starts[slot] &+= 1
        }
        _ = values.update(fromContentsOf: scratch[..<count])
        insertionSort(values)
        return true
    }

    /// Sorts by insertion: quick for few values or values nearly in order.
    private static func insertionSort(_ values: UnsafeMutableBufferPointer<UInt64>) {
        guard values.count > 1 else { return }
        for index in 1..<values.count {
            let value = values[index]
            var slot = index
            while slot > 0 && values[slot &- 1] > value {
                values[slot] = values[slot &- 1]
                slot &-= 1
            }
            values[slot] = value
        }
    }
}
