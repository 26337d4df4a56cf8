/// The intervals between a window's last 120 presented frames: the overlay's p50/p99 and graph.
public struct FrameTimes: Sendable {
    public static let capacity = 120
    public private(set) var intervals: [Duration] = []
    private var next = 0
    private var last: Duration?

    public init() {}

    /// A frame was presented at `now` (any monotonic time base).
    public mutating func presented(at now: Duration) {
        defer { last = now }
        guard let last else { return }
        if intervals.count < Self.capacity {
            intervals.append(now - last)
        } else {
            intervals[next] = now - last
            next = (next + 1) % Self.capacity
        }
    }

    /// Oldest first, for the graph.
    public var inOrder: [Duration] { Array(intervals[next...] + intervals[..<next]) }

    public func percentile(_ percentile: Double) -> Duration? {
        guard !intervals.isEmpty else { return nil }
        let sorted = intervals.sorted()
        let index = min(sorted.count - 1, Int((Double(sorted.count) * percentile / 100).rounded(.up)) - 1)
        return sorted[max(index, 0)]
    }
}
