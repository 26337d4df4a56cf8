import FlotillaCore
import Testing

@Suite struct GlyphCacheTests {
    func metrics() -> (width: Int, height: Int, bearingX: Int, bearingY: Int, advance: Int) { (8, 12, 0, 10, 9) }

    @Test func aGlyphIsRasterizedOnceHoweverOftenItIsUsed() {
        var cache = GlyphCache(size: 64, maximumSize: 64)
        let key = GlyphKey(font: 0, pixelSize: 15, codepoint: 65)
        var measured = 0
        for frame in 0..<100 {
            // Ten windows draw "A" every frame.
            for _ in 0..<10 {
                _ = cache.place(key, frame: UInt64(frame)) { measured += 1; return metrics() }
            }
        }
        #expect(measured == 1 && cache.rasterizations == 1)
        #expect(cache.find(key, frame: 100) != nil)
    }

    @Test func pixelSizesAreKeyedApart() {
        var cache = GlyphCache(size: 64, maximumSize: 64)
        let small = cache.place(GlyphKey(font: 0, pixelSize: 15, codepoint: 65), frame: 0) { metrics() }
        let large = cache.place(GlyphKey(font: 0, pixelSize: 30, codepoint: 65), frame: 0) { (16, 24, 0, 20, 18) }
        #expect(small?.isNew == true && large?.isNew == true)
        #expect(small?.slot != large?.slot)
        #expect(cache.count == 2)
    }

    @Test func theAtlasGrowsByDoublingBeforeItEvicts() {
        var cache = GlyphCache(size: 32, maximumSize: 128)
        for codepoint in 0..<40 {
            _ = cache.place(GlyphKey(font: 0, pixelSize: 15, codepoint: UInt32(codepoint)), frame: 0) { metrics() }
        }
        #expect(cache.size == 128 && cache.growths == 2)
        #expect(cache.evictions == 0 && cache.count == 40)
    }

    @Test func fullAtTheLargestSizeTheLeastRecentlyUsedShelfGoes() {
        // 32x32 with 9x13 padded glyphs: 3 a shelf, 2 shelves.
        var cache = GlyphCache(size: 32, maximumSize: 32)
        let keys = (0..<6).map { GlyphKey(font: 0, pixelSize: 15, codepoint: UInt32($0)) }
        for (index, key) in keys.enumerated() { _ = cache.place(key, frame: UInt64(index / 3)) { metrics() } }
        #expect(cache.count == 6)
        // Frame 5 uses the second shelf's glyphs again; the first shelf is the oldest.
        _ = cache.find(keys[3], frame: 5)
        let newcomer = GlyphKey(font: 0, pixelSize: 15, codepoint: 100)
        let placed = cache.place(newcomer, frame: 6) { metrics() }
        #expect(placed?.isNew == true)
        #expect(cache.evictions == 1)
        #expect(cache.find(keys[0], frame: 6) == nil, "evicted with its shelf")
        #expect(cache.find(keys[3], frame: 6) != nil, "recently used: kept")
    }

    @Test func glyphsOfTheCurrentFrameAreNeverEvicted() {
        var cache = GlyphCache(size: 16, maximumSize: 16)
        #expect(cache.place(GlyphKey(font: 0, pixelSize: 15, codepoint: 1), frame: 3) { metrics() } != nil)
        #expect(cache.place(GlyphKey(font: 0, pixelSize: 15, codepoint: 2), frame: 3) { metrics() } == nil,
                "no room, and the only shelf is in use this frame")
    }
}
