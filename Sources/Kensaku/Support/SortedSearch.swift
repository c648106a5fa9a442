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

extension Array where Element: Comparable {
    /// The index of the first element not below `value` in this increasing array, searching from
    /// `start` on (`count` when there is none): doubling steps, then a binary search, so a walk
    /// of increasing values through a long array costs O(log gap) per step.
    func firstIndex(notBefore value: Element, from start: Int) -> Int {
        var low = start, step = 1
        var high = start
        while high < count && self[high] < value {
            low = high + 1
            high += step
            step *= 2
        }
        high = Swift.min(high, count)
        while low < high {
            let middle = low + (high - low) / 2
            if self[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
