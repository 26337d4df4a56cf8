import FlotillaCore
import Testing

@Suite struct UpdateRangesTests {
    @Test func overlappingTouchingAndNearRangesMerge() {
        var ranges = UpdateRanges(mergeGap: 16)
        ranges.insert(100..<200)
        ranges.insert(150..<250)
        ranges.insert(250..<260)
        ranges.insert(270..<300)
        ranges.insert(1000..<1100)
        ranges.insert(0..<10)
        #expect(ranges.ranges == [0..<10, 100..<300, 1000..<1100])
        #expect(ranges.byteCount == 310)
        ranges.insert(5..<1005)
        #expect(ranges.ranges == [0..<1100])
        let taken = ranges.take()
        #expect(taken == [0..<1100])
        #expect(ranges.isEmpty)
    }

    @Test func withoutAGapDistantRangesStayApart() {
        var ranges = UpdateRanges()
        ranges.insert(10..<20)
        ranges.insert(21..<30)
        ranges.insert(20..<21)
        ranges.insert(40..<40)
        #expect(ranges.ranges == [10..<30])
    }
}
