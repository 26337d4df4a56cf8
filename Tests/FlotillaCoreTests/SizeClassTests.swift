import FlotillaCore
import Testing

@Suite struct SizeClassTests {
    @Test(arguments: [(1, 4096), (4096, 4096), (4097, 8192), (60_000, 65_536), (4 << 20, 4 << 20)])
    func requestsRoundUpToAClass(bytes: Int, expected: Int) {
        #expect(SizeClass.forRequest(bytes) == expected)
    }

    @Test func largerThanEveryClassIsExact() {
        #expect(SizeClass.forRequest((4 << 20) + 1) == nil)
    }
}
