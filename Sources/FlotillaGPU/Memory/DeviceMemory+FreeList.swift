/// The free-list arithmetic of DeviceMemory, kept free of Vulkan so it can be tested alone.
extension DeviceMemory {
    static func align(_ value: UInt64, to alignment: UInt64) -> UInt64 {
        guard alignment > 1 else { return value }
        return (value + alignment - 1) / alignment * alignment
    }

    /// First fit: takes `size` bytes at an offset that is a multiple of `alignment` out of the
    /// sorted free list. Padding before the aligned start stays free.
    static func carve(_ free: inout [Range<UInt64>], size: UInt64, alignment: UInt64) -> Range<UInt64>? {
        for (index, range) in free.enumerated() {
            let start = align(range.lowerBound, to: alignment)
            guard start <= range.upperBound, range.upperBound - start >= size else { continue }
            let taken = start..<(start + size)
            var replacement: [Range<UInt64>] = []
            if range.lowerBound < start { replacement.append(range.lowerBound..<start) }
            if taken.upperBound < range.upperBound { replacement.append(taken.upperBound..<range.upperBound) }
            free.replaceSubrange(index...index, with: replacement)
            return taken
        }
        return nil
    }

    /// Puts a range back, merging it with the free neighbours it touches.
    static func insert(_ range: Range<UInt64>, into free: inout [Range<UInt64>]) {
        let index = free.firstIndex { $0.lowerBound >= range.upperBound } ?? free.endIndex
        var merged = range
        var low = index
        if index > free.startIndex, free[index - 1].upperBound == range.lowerBound {
            low = index - 1
            merged = free[low].lowerBound..<merged.upperBound
        }
        var high = index
        if index < free.endIndex, free[index].lowerBound == range.upperBound {
            merged = merged.lowerBound..<free[index].upperBound
            high = index + 1
        }
        precondition(low == index || free[low].upperBound <= range.lowerBound, "overlapping free")
        free.replaceSubrange(low..<high, with: [merged])
    }
}
