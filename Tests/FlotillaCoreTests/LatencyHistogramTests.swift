import FlotillaCore
import Testing

@Suite struct LatencyHistogramTests {
    @Test func percentilesInMillisecondsFromMicrosecondCounts() {
        var histogram = LatencyHistogram()
        #expect(histogram.milliseconds(atPercentile: 50) == 0 && histogram.maxMilliseconds == 0)
        for milliseconds in 1...100 { histogram.record(.milliseconds(milliseconds)) }
        #expect(histogram.count == 100)
        #expect(abs(histogram.milliseconds(atPercentile: 50) - 50) < 0.1)
        #expect(abs(histogram.milliseconds(atPercentile: 99) - 99) < 0.1)
        #expect(abs(histogram.maxMilliseconds - 100) < 0.1)
    }

    @Test func negativeLatenciesCountAsZeroAndHugeOnesAreKept() {
        var histogram = LatencyHistogram()
        histogram.record(.milliseconds(-5))
        histogram.record(.seconds(30))
        #expect(histogram.count == 2)
        #expect(histogram.milliseconds(atPercentile: 0) == 0)
        #expect(abs(histogram.maxMilliseconds - 30_000) / 30_000 < 0.001)
    }

    @Test func aLatencyPastTheRangeCountsAsItsEnd() {
        var histogram = LatencyHistogram()
        histogram.record(.seconds(1000))
        histogram.record(.seconds(Int64.max))
        #expect(histogram.count == 2, "counted, not dropped, and no trap")
        #expect(abs(histogram.maxMilliseconds - 60_000) / 60_000 < 0.001)
    }
}
