import Histogram

/// Latencies in microseconds, kept by HdrHistogram (3 significant digits, up to a minute).
public struct LatencyHistogram: Sendable {
    private var histogram = Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three)

    public init() {}

    public mutating func record(_ latency: Duration) {
        let microseconds = latency / .microseconds(1)
        // A latency past the histogram's range (60 s) counts as 60 s, not as nothing.
        _ = histogram.record(UInt64(min(max(microseconds, 0), 60_000_000).rounded(.down)))
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
