import FlotillaCore
import Testing

@Suite struct FrameTimesTests {
    @Test func intervalsRunBetweenPresentsAndTheOldestGoFirst() {
        var times = FrameTimes()
        #expect(times.percentile(50) == nil)
        var now = Duration.zero
        times.presented(at: now)
        #expect(times.intervals.isEmpty, "one frame is no interval")
        for index in 1...(FrameTimes.capacity + 10) {
            now += .milliseconds(index <= FrameTimes.capacity ? 16 : 33)
            times.presented(at: now)
        }
        #expect(times.intervals.count == FrameTimes.capacity)
        // The ten newest intervals (33 ms) replaced the ten oldest; in order they come last.
        #expect(times.inOrder.suffix(10).allSatisfy { $0 == .milliseconds(33) })
        #expect(times.inOrder.prefix(FrameTimes.capacity - 10).allSatisfy { $0 == .milliseconds(16) })
        #expect(times.percentile(50) == .milliseconds(16))
        #expect(times.percentile(99) == .milliseconds(33))
    }
}
