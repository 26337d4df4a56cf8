import CVulkan
import FlotillaCore
import FlotillaGPU
import FlotillaCompositors
import FlotillaTestSupport
import Testing

/// The host's image cache on the GPU, with a decoder that makes solid images (so the test
/// counts decodes exactly): hits, least-recently-used eviction past the budget, pinning of what a
/// frame in flight draws, a placeholder for what cannot be decoded. Validation silent.
@Suite(.serialized) struct ImageCacheTests {
    struct Unreadable: Error, CustomStringConvertible { var description: String { "is damaged (test)" } }

    @Test func evictionTakesOnlyImagesNoFrameInFlightDraws() throws {
        let host = try makeTestHost()
        let cache = host.imageCache
        var decoded: [String] = []
        cache.decoder = { path in
            if path == "broken" { throw Unreadable() }
            decoded.append(path)
            return ImageCache.Decoded(extent: Extent(width: 128, height: 128), rgba: [UInt8](repeating: 200, count: 128 * 128 * 4))
        }
        let extent = Extent(width: 64, height: 64)
        let window = try WindowGPUState(host: host, owner: .window(WindowID(1)),
                                        target: try OffscreenTarget(host: host, extent: extent, owner: .window(WindowID(1))))
        func frame(_ paths: [String], waitAfter: Bool = true) throws -> [ImageCache.Texture] {
            var textures: [ImageCache.Texture] = []
            let outcome = try window.renderFrame(clearColor: (0, 0, 0), prepare: { frame in
                for path in paths { textures.append(try cache.texture(path, for: frame)) }
            }, record: { _ in })
            #expect(outcome == .presented)
            if waitAfter { _ = try host.wait(for: host.lastSubmittedSerial, timeout: 10_000_000_000) }
            return textures
        }

        // Decoded once, then hits; a 128x128 image has eight mip levels, made on the GPU.
        _ = try frame(["a", "b"])
        _ = try frame(["a", "a", "b"])
        let firstDecodes = decoded
        #expect(firstDecodes == ["a", "b"])
        #expect(cache.decodes == 2 && cache.hits == 3)
        let oneImage = cache.bytes / 2
        #expect(oneImage >= 128 * 128 * 4, "level 0 and its mipmaps: \(oneImage) bytes")

        // Room for two: a third evicts the least recently used one the GPU is done with.
        cache.budget = oneImage * 2
        _ = try frame(["b", "c"])
        #expect(cache.evictions == 1)
        _ = try frame(["b", "c"])
        #expect(decoded == ["a", "b", "c"], "b and c stayed: \(decoded)")

        // Room for one, and three drawn by one frame still in flight: each inserted image may
        // evict only images of finished frames, so all three stay while the frame may read them
        // (the budget is exceeded until they leave the screen).
        cache.budget = oneImage
        _ = try frame(["a", "b", "c"], waitAfter: false)
        #expect(cache.bytes == oneImage * 3, "all three drawn by the frame in flight are kept")
        _ = try host.wait(for: host.lastSubmittedSerial, timeout: 10_000_000_000)
        #expect(cache.pinned == 0)
        // The next image inserted evicts the finished ones down to the budget.
        _ = try frame(["d"])
        #expect(cache.bytes == oneImage, "only d is left: \(cache.bytes / oneImage) images")

        // What cannot be decoded is a placeholder, tried once.
        let broken = try frame(["broken", "broken"])
        #expect(broken.allSatisfy { $0.isPlaceholder })
        let allDecodes = decoded
        #expect(!allDecodes.contains("broken"))

        #expect(window.destroy())
        #expect(host.validationMessageCount == 0)
    }
}
