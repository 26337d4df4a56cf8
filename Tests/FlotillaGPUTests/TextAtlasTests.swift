import CVulkan
import FlotillaCore
@testable import FlotillaGPU
import FlotillaCompositors
import FlotillaTestSupport
import Testing

@Suite(.serialized) struct TextAtlasTests {
    /// A frame whose new glyphs make the atlas grow: the grown texture receives the old one's
    /// copy and the new glyphs' upload in one frame, which synchronization validation checks; the
    /// old texture goes back after that frame (the one whose copy reads it), not the frame before.
    @Test func growingWhileUploadingIsFreeOfHazardsAndReturnsTheOldTextureAfterThisFrame() throws {
        let host = try makeTestHost()
        let owner = MemoryOwner.window(WindowID(1))
        let window = try WindowGPUState(host: host, owner: owner,
                                        target: try OffscreenTarget(host: host, extent: Extent(width: 64, height: 48), owner: owner))
        let atlas = try host.shared.textAtlas()
        let pool = host.shared.texturePool
        func frame(_ glyphs: ClosedRange<UInt32>, pixelSize: Int) throws {
            _ = try host.wait(for: host.lastSubmittedSerial, timeout: 5_000_000_000)
            #expect(try window.renderFrame(clearColor: (0, 0, 0), prepare: { frame in
                for codepoint in glyphs { _ = atlas.glyph(codepoint, pixelSize: pixelSize, frame: frame.serial) }
                try atlas.prepare(frame)
            }, record: { _ in }) == .presented)
        }
        try frame(65...70, pixelSize: 12)
        let sizeBefore = atlas.cache.size
        let pendingBefore = pool.statistics.pendingBytes
        try frame(33...126, pixelSize: 48)
        #expect(atlas.cache.size > sizeBefore, "the atlas grew")
        // The old texture is pending until the frame that copied it completes.
        #expect(pool.statistics.pendingBytes > pendingBefore)
        _ = try host.wait(for: host.lastSubmittedSerial, timeout: 5_000_000_000)
        #expect(window.destroy())
        #expect(pool.statistics.dropped == 0)
        #expect(host.validationMessageCount == 0)
    }
}
