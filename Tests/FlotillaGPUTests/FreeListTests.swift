@testable import FlotillaGPU
import Testing

@Suite struct FreeListTests {
    @Test func carvesFirstFitWithAlignmentKeepingThePaddingFree() {
        var free: [Range<UInt64>] = [0..<1000]
        #expect(DeviceMemory.carve(&free, size: 100, alignment: 1) == 0..<100)
        #expect(DeviceMemory.carve(&free, size: 50, alignment: 256) == 256..<306)
        #expect(free == [100..<256, 306..<1000])
        #expect(DeviceMemory.carve(&free, size: 2000, alignment: 1) == nil)
    }

    @Test func freedRangesMergeWithTheirNeighbours() {
        var free: [Range<UInt64>] = [0..<1000]
        let a = DeviceMemory.carve(&free, size: 100, alignment: 1)!
        let b = DeviceMemory.carve(&free, size: 100, alignment: 1)!
        let c = DeviceMemory.carve(&free, size: 100, alignment: 1)!
        DeviceMemory.insert(b, into: &free)
        #expect(free == [100..<200, 300..<1000])
        DeviceMemory.insert(a, into: &free)
        #expect(free == [0..<200, 300..<1000])
        DeviceMemory.insert(c, into: &free)
        #expect(free == [0..<1000])
    }

    @Test func alignRoundsUp() {
        #expect(DeviceMemory.align(0, to: 64) == 0)
        #expect(DeviceMemory.align(1, to: 64) == 64)
        #expect(DeviceMemory.align(128, to: 64) == 128)
        #expect(DeviceMemory.align(5, to: 1) == 5)
    }
}
