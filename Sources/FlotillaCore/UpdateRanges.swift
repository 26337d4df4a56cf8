/// Byte ranges of a big buffer that changed, merged so an upload copies few regions:
/// overlapping or touching ranges merge, and ranges closer than `mergeGap`
/// merge too, since one slightly larger copy beats two small ones.
public struct UpdateRanges: Sendable, Equatable {
    public private(set) var ranges: [Range<Int>] = []
    public let mergeGap: Int

    public init(mergeGap: Int = 0) {
        self.mergeGap = mergeGap
    }

    public mutating func insert(_ range: Range<Int>) {
        guard !range.isEmpty else { return }
        var merged = range
        var kept: [Range<Int>] = []
        kept.reserveCapacity(ranges.count + 1)
        var placed = false
        for existing in ranges {
            if existing.upperBound + mergeGap < merged.lowerBound {
                kept.append(existing)
            } else if merged.upperBound + mergeGap < existing.lowerBound {
                if !placed { kept.append(merged); placed = true }
                kept.append(existing)
            } else {
                merged = min(existing.lowerBound, merged.lowerBound)..<max(existing.upperBound, merged.upperBound)
            }
        }
        if !placed { kept.append(merged) }
        ranges = kept
    }

    public var isEmpty: Bool { ranges.isEmpty }
    public var byteCount: Int { ranges.reduce(0) { $0 + $1.count } }

    /// Hands the ranges to the upload and starts over.
    public mutating func take() -> [Range<Int>] {
        defer { ranges = [] }
        return ranges
    }
}
