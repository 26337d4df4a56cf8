import FlotillaCore
import Testing

/// Scales in 120ths, as wp_fractional_scale_v1 sends them, and integer output scales in the same unit.
@Suite struct DisplayScaleTests {
    @Test func buffersAreTheLogicalSizeTimesTheScaleRoundedHalfAwayFromZero() {
        let oneAndAHalf = DisplayScale(hundredTwentieths: 180)
        #expect(oneAndAHalf.buffer(for: Extent(width: 400, height: 300)) == Extent(width: 600, height: 450))
        let oneAndAQuarter = DisplayScale(hundredTwentieths: 150)
        #expect(oneAndAQuarter.buffer(for: Extent(width: 400, height: 300)) == Extent(width: 500, height: 375))
        // 13 x 1.25 = 16.25 -> 16; 15 x 1.25 = 18.75 -> 19; 13 x 1.5 = 19.5 -> 20 (half away from zero).
        #expect(oneAndAQuarter.pixels(13) == 16)
        #expect(oneAndAQuarter.pixels(15) == 19)
        #expect(oneAndAHalf.pixels(13) == 20)
        // A non-empty length never shrinks to nothing; an empty one stays empty.
        #expect(DisplayScale(hundredTwentieths: 1).pixels(1) == 1)
        #expect(oneAndAHalf.pixels(0) == 0)
    }

    @Test func integerScalesAreMultiplesOf120AndABrokenScaleIsOne() {
        #expect(DisplayScale(integer: 2) == DisplayScale(hundredTwentieths: 240))
        #expect(DisplayScale(integer: 2).isInteger)
        #expect(!DisplayScale(hundredTwentieths: 150).isInteger)
        #expect(DisplayScale(hundredTwentieths: 0) == .one)
        #expect(DisplayScale(hundredTwentieths: -5) == .one)
        #expect(DisplayScale(integer: 0) == .one)
    }

    @Test func itIsWrittenAsAPersonWritesAScale() {
        #expect(DisplayScale.one.description == "1")
        #expect(DisplayScale(integer: 3).description == "3")
        #expect(DisplayScale(hundredTwentieths: 180).description == "1.5")
        #expect(DisplayScale(hundredTwentieths: 150).description == "1.25")
        #expect(DisplayScale(hundredTwentieths: 140).description == "1.166")
        #expect(DisplayScale(hundredTwentieths: 150).json == .number(1.25, decimals: 4))
        #expect(DisplayScale(integer: 2).json == .int(2))
    }
}
