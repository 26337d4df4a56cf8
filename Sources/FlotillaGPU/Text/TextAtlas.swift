import CVulkan
import FlotillaCore

/// The glyph atlas of text (the overlay, the key help): glyphs keyed by font, pixel size and code
/// point, rasterized once by the FontRegistry when first asked for, uploaded through the ring in
/// the frame that first needs them. Its texture comes from the texture pool and doubles when
/// full (the old one copied in and given back); past the largest size the least recently used
/// shelf is evicted. One per ResourceSet: every window of the set shares it.
public final class TextAtlas {
    public private(set) var cache = GlyphCache(size: 256, maximumSize: 2048)
    let fonts: FontRegistry
    private let owner: MemoryOwner
    private var texture: PooledTexture?
    /// The texture's image, read by every frame (the checkout itself cannot be copied out).
    private var current: LentTexture?
    private var pending: [(slot: GlyphSlot, pixels: [UInt8])] = []
    private var metrics: [Int: (ascender: Int, lineHeight: Int)] = [:]
    /// A white block: solid quads (panels, graph bars) sample it.
    public private(set) var white: GlyphSlot!

    static let format = VK_FORMAT_R8_UNORM
    static let usage = VkImageUsageFlags(VK_IMAGE_USAGE_SAMPLED_BIT.rawValue | VK_IMAGE_USAGE_TRANSFER_DST_BIT.rawValue
        | VK_IMAGE_USAGE_TRANSFER_SRC_BIT.rawValue)

    init(owner: MemoryOwner) throws {
        fonts = try FontRegistry()
        self.owner = owner
        let placed = cache.place(GlyphKey(font: -1, pixelSize: 0, codepoint: 0), frame: .max) {
            (4, 4, 0, 0, 0)
        }!
        white = placed.slot
        pending.append((placed.slot, [UInt8](repeating: 255, count: 16)))
    }

    /// The glyph's place, rasterizing and queueing it the first time. nil: no room this frame.
    public func glyph(_ codepoint: UInt32, pixelSize: Int, frame: UInt64) -> GlyphSlot? {
        let key = GlyphKey(font: 0, pixelSize: pixelSize, codepoint: codepoint)
        if let slot = cache.find(key, frame: frame) { return slot }
        var bitmap: FontRegistry.Bitmap?
        guard let placement = cache.place(key, frame: frame, measure: {
            let made = fonts.rasterize(key)
            bitmap = made
            return (made.width, made.height, made.bearingX, made.bearingY, made.advance)
        }) else { return nil }
        if placement.isNew, let bitmap, !bitmap.pixels.isEmpty { pending.append((placement.slot, bitmap.pixels)) }
        return placement.slot
    }

    public func lineMetrics(pixelSize: Int) -> (ascender: Int, lineHeight: Int) {
        if let known = metrics[pixelSize] { return known }
        let measured = fonts.lineMetrics(font: 0, pixelSize: pixelSize)
        metrics[pixelSize] = measured
        return measured
    }

    /// The texture to sample this frame; valid after `prepare`.
    public var view: VkImageView? { current?.image.view }

    /// Records, before the frame's pass, whatever the atlas needs: a bigger texture (the old
    /// one copied in) and the glyphs rasterized since the last upload.
    public func prepare(_ frame: FrameContext) throws {
        let size = cache.size
        let commandBuffer = frame.commandBuffer
        var writing = false
        if current == nil || current!.bucket.width < size {
            let grown = try frame.resources.texturePool.checkout(Extent(width: size, height: size), format: Self.format,
                                                                 usage: Self.usage, for: owner)
            let grownImage = grown.lent
            Barriers.transition(commandBuffer, grownImage.image.image, from: VK_IMAGE_LAYOUT_UNDEFINED,
                                to: VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, srcStage: VK_PIPELINE_STAGE_2_NONE,
                                dstStage: VK_PIPELINE_STAGE_2_TRANSFER_BIT, dstAccess: VK_ACCESS_2_TRANSFER_WRITE_BIT)
            var black = VkClearColorValue()
            var range = GpuHost.colorRange
            vkCmdClearColorImage(commandBuffer, grownImage.image.image, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, &black, 1, &range)
            Barriers.memory(commandBuffer, srcStage: VK_PIPELINE_STAGE_2_TRANSFER_BIT, srcAccess: VK_ACCESS_2_TRANSFER_WRITE_BIT,
                            dstStage: VK_PIPELINE_STAGE_2_TRANSFER_BIT, dstAccess: VK_ACCESS_2_TRANSFER_WRITE_BIT)
            if let old = current {
                Barriers.transition(commandBuffer, old.image.image, from: VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL,
                                    to: VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, srcStage: VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT,
                                    dstStage: VK_PIPELINE_STAGE_2_TRANSFER_BIT, dstAccess: VK_ACCESS_2_TRANSFER_READ_BIT)
                var region = VkImageCopy()
                region.srcSubresource = VkImageSubresourceLayers(aspectMask: VkImageAspectFlags(VK_IMAGE_ASPECT_COLOR_BIT.rawValue),
                                                                 mipLevel: 0, baseArrayLayer: 0, layerCount: 1)
                region.dstSubresource = region.srcSubresource
                region.extent = VkExtent3D(width: UInt32(old.bucket.width), height: UInt32(old.bucket.height), depth: 1)
                vkCmdCopyImage(commandBuffer, old.image.image, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, grownImage.image.image,
                               VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, 1, &region)
                // Windows prepared earlier in this pass drew with the old texture, and their
                // passes run after this prologue: it goes back to being sampled once copied (the
                // layout change only waits for the copy's read), and lives until this pass is done.
                Barriers.transition(commandBuffer, old.image.image, from: VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL,
                                    to: VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL, srcStage: VK_PIPELINE_STAGE_2_TRANSFER_BIT,
                                    dstStage: VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT,
                                    dstAccess: VK_ACCESS_2_SHADER_SAMPLED_READ_BIT)
                // The glyph upload below writes the same image: two transfer writes need a barrier
                // between them even where their regions do not overlap (synchronization
                // validation reports WRITE_AFTER_WRITE otherwise).
                Barriers.memory(commandBuffer, srcStage: VK_PIPELINE_STAGE_2_TRANSFER_BIT, srcAccess: VK_ACCESS_2_TRANSFER_WRITE_BIT,
                                dstStage: VK_PIPELINE_STAGE_2_TRANSFER_BIT, dstAccess: VK_ACCESS_2_TRANSFER_WRITE_BIT)
                // This pass is the last to read the old texture: it goes back after this pass's
                // submission, not after the one before it.
                texture.take()?.release(after: frame.serial)
            }
            texture = .some(grown)
            current = grownImage
            writing = true
        } else if !pending.isEmpty {
            Barriers.transition(commandBuffer, current!.image.image, from: VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL,
                                to: VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, srcStage: VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT,
                                dstStage: VK_PIPELINE_STAGE_2_TRANSFER_BIT, dstAccess: VK_ACCESS_2_TRANSFER_WRITE_BIT)
            writing = true
        }
        guard writing, let texture = current else { return }
        if !pending.isEmpty {
            // Every bitmap into one ring slice, each at a 4-byte aligned offset.
            var total = 0
            var placed: [(Int, GlyphSlot, [UInt8])] = []
            for entry in pending {
                placed.append((total, entry.slot, entry.pixels))
                total += (entry.pixels.count + 3) & ~3
            }
            let slice = try frame.resources.ring.allocate(UInt64(total), alignment: 16)
            var regions: [VkBufferImageCopy] = []
            for (offset, slot, pixels) in placed {
                pixels.withUnsafeBytes { (slice.pointer + offset).copyMemory(from: $0.baseAddress!, byteCount: pixels.count) }
                var region = VkBufferImageCopy()
                region.bufferOffset = slice.offset + UInt64(offset)
                region.imageSubresource = VkImageSubresourceLayers(aspectMask: VkImageAspectFlags(VK_IMAGE_ASPECT_COLOR_BIT.rawValue),
                                                                   mipLevel: 0, baseArrayLayer: 0, layerCount: 1)
                region.imageOffset = VkOffset3D(x: Int32(slot.x), y: Int32(slot.y), z: 0)
                region.imageExtent = VkExtent3D(width: UInt32(slot.width), height: UInt32(slot.height), depth: 1)
                regions.append(region)
            }
            vkCmdCopyBufferToImage(commandBuffer, slice.buffer, texture.image.image, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                                   UInt32(regions.count), &regions)
            slice.release(after: frame.serial)
            pending.removeAll()
        }
        Barriers.transition(commandBuffer, texture.image.image, from: VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                            to: VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL, srcStage: VK_PIPELINE_STAGE_2_TRANSFER_BIT,
                            srcAccess: VK_ACCESS_2_TRANSFER_WRITE_BIT,
                            dstStage: VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT, dstAccess: VK_ACCESS_2_SHADER_SAMPLED_READ_BIT)
    }

    /// Gives the texture back to the pool, after `serial`, the last submission that may read it.
    func destroy(after serial: UInt64) {
        texture.take()?.release(after: serial)
        current = nil
    }
}
