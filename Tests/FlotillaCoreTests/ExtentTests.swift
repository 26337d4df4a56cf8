import FlotillaCore
import Testing

@Suite struct ExtentTests {
    @Test(arguments: [("800x600", 800, 600), ("1X1", 1, 1), ("3840x2160", 3840, 2160)])
    func parsesWidthByHeight(text: String, width: Int, height: Int) {
        #expect(Extent(parsing: text) == Extent(width: width, height: height))
    }

    @Test(arguments: ["", "800", "0x600", "800x0", "-1x5", "axb", "800x600x2", "800 x 600"])
    func rejectsWhatIsNotASize(text: String) {
        #expect(Extent(parsing: text) == nil)
    }

    let fallback = Extent(width: 800, height: 600)
    let minimum = Extent(width: 64, height: 48)
    let maximum = Extent(width: 16384, height: 16384)

    @Test func zeroMeansTheClientDecides() {
        let resolved = Extent(width: 0, height: 0).resolved(fallback: fallback, minimum: minimum, maximum: maximum)
        #expect(resolved == fallback)
        let halfDecided = Extent(width: 1000, height: 0).resolved(fallback: fallback, minimum: minimum, maximum: maximum)
        #expect(halfDecided == Extent(width: 1000, height: 600))
    }

    @Test func hugeAndTinySizesAreClamped() {
        #expect(Extent(width: 100_000, height: 100_000).resolved(fallback: fallback, minimum: minimum, maximum: maximum)
            == maximum)
        #expect(Extent(width: 3, height: 2).resolved(fallback: fallback, minimum: minimum, maximum: maximum) == minimum)
    }
}
