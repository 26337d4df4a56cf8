import Histogram

/// Latencies in microseconds, kept by HdrHistogram (3 significant digits, up to a minute).
public struct LatencyHistogram: Sendable {
    private var histogram = Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three)

    public init() {}

    public mutating func record(_ latency: Duration) {
        let microseconds = latency.components.seconds * 1_000_000 + latency.components.attoseconds / 1_000_000_000_000
        _ = histogram.record(UInt64(clamping: max(microseconds, 0)))
    }

    public var count: UInt64 { histogram.totalCount }

    /// Milliseconds at `percentile` (0...100); 0 when nothing was recorded.
    public func milliseconds(atPercentile percentile: Double) -> Double {
        count == 0 ? 0 : Double(histogram.valueAtPercentile(percentile)) / 1000
    }

    public var maxMilliseconds: Double { count == 0 ? 0 : Double(histogram.max) / 1000 }

    public var json: JSONValue {
        .object([("p50", .number(milliseconds(atPercentile: 50), decimals: 3)),
                 ("p99", .number(milliseconds(atPercentile: 99), decimals: 3)),
                 ("max", .number(maxMilliseconds, decimals: 3)),
                 ("count", .unsigned(count))])
    }
}
