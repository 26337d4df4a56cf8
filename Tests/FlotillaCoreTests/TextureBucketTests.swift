import FlotillaCore
import Testing

@Suite struct TextureBucketTests {
    @Test func textureBucketsArePowersOfTwoPerSide() {
        let bucket = TextureBucket(format: 50, usage: 6, fitting: Extent(width: 400, height: 300))
        #expect(bucket.extent == Extent(width: 512, height: 512))
        #expect(TextureBucket(format: 50, usage: 6, fitting: Extent(width: 3, height: 1025)).extent == Extent(width: 16, height: 2048))
        #expect(bucket != TextureBucket(format: 44, usage: 6, fitting: Extent(width: 400, height: 300)))
        #expect(bucket == TextureBucket(format: 50, usage: 6, fitting: Extent(width: 512, height: 260)))
    }
}
