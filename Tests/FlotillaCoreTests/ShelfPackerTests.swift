import FlotillaCore
import Testing

@Suite struct ShelfPackerTests {
    @Test func fillsShelvesLeftToRightThenOpensNewOnes() {
        var packer = ShelfPacker(width: 32, height: 32, padding: 1)
        #expect(packer.insert(width: 9, height: 15)! == (0, 0, 0))
        #expect(packer.insert(width: 9, height: 15)! == (10, 0, 0))
        #expect(packer.insert(width: 9, height: 15)! == (20, 0, 0))
        #expect(packer.insert(width: 9, height: 15)! == (0, 16, 1), "the first shelf is full")
        #expect(packer.insert(width: 9, height: 20) == nil, "no shelf tall enough and no height left")
        #expect(packer.insert(width: 40, height: 4) == nil)
    }

    @Test func aClearedShelfIsReusedAndGrowthKeepsPlaces() {
        var packer = ShelfPacker(width: 20, height: 20, padding: 0)
        _ = packer.insert(width: 20, height: 10)
        _ = packer.insert(width: 20, height: 10)
        #expect(packer.insert(width: 5, height: 5) == nil)
        packer.clear(shelf: 0)
        #expect(packer.insert(width: 5, height: 5)! == (0, 0, 0))
        packer.grow(toWidth: 40, height: 40)
        #expect(packer.insert(width: 36, height: 10)! == (0, 20, 2), "too wide for the old shelves")
        #expect(packer.shelves[1].used == 20, "the old shelves kept their places")
    }
}
