extension RandomAccessCollection where Element: Comparable, Index == Int {
    /// Whether the collection, sorted in increasing order, holds `value` (binary search).
    ///
    /// - Complexity: O(log *n*).
    @inline(__always)
    func sortedContains(_ value: Element) -> Bool {
        var low = startIndex, high = endIndex
        while low < high {
            let middle = low + (high - low) / 2
            if self[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low < endIndex && self[low] == value
    }
}
