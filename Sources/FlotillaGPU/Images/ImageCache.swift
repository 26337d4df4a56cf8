import CVulkan
import FlotillaCore
import Glibc
import Logging

/// Images decoded once and shared by every window: keyed by path and modification time, made
/// into textures with mipmaps generated on the GPU (a blit chain in the frame that first needs
/// them), bounded by bytes with least-recently-used eviction; an image drawn in a frame still in
/// flight is pinned and never evicted. A missing or corrupt file is one log line and a
/// placeholder, never a crash.
public final class ImageCache {
    /// Pixels a decoder gives: RGBA, 8 bits a channel, tightly packed.
    public struct Decoded: Sendable {
        public let extent: Extent
        public let rgba: [UInt8]

        public init(extent: Extent, rgba: [UInt8]) {
            self.extent = extent
            self.rgba = rgba
        }
    }

    /// An image to draw.
    public struct Texture {
        public let view: VkImageView
        public let extent: Extent
        /// The placeholder stands in: the file was missing or could not be decoded.
        public let isPlaceholder: Bool
    }

    private struct Key: Hashable {
        let path: String
        let modified: Int
    }

    private final class Entry {
        /// The cache owns the image; frames record through `ref`.
        let owned: Holder<GpuImage>
        let ref: ImageRef
        let bytes: UInt64
        var lastUsed: UInt64
        init(image: consuming GpuImage, lastUsed: UInt64) {
            ref = image.ref
            bytes = image.allocation.size
            owned = Holder(image)
            self.lastUsed = lastUsed
        }
    }

    /// Reads a file into RGBA, or throws a reason fit for one log line. Set by the program
    /// (the decoding libraries are met at its edge).
    public var decoder: ((String) throws -> Decoded)?
    /// The images a gallery shows, in order.
    public var catalog: [String] = []
    /// The most bytes of cached images (pinned ones may exceed it until they are off screen).
    public var budget: UInt64 = 64 << 20

    private let memory: DeviceMemory
    private let clock: SubmissionClock
    private let logger: Logger
    private var entries: [Key: Entry] = [:]
    private var failed: Set<Key> = []
    private var placeholder: Entry?
    public private(set) var decodes = 0
    public private(set) var hits = 0
    public private(set) var evictions = 0
    public private(set) var bytes: UInt64 = 0

    init(memory: DeviceMemory, clock: SubmissionClock, logger: Logger) {
        self.memory = memory
        self.clock = clock
        self.logger = logger
    }

    /// Images drawn by a frame not yet finished on the GPU.
    public var pinned: Int {
        let completed = clock.completed()
        return entries.values.filter { $0.lastUsed > completed }.count
    }

    /// The texture of `path` for `frame`: from the cache, or decoded and uploaded now (its
    /// mipmaps made in this frame's command buffer, before the frame's pass samples them).
    public func texture(_ path: String, for frame: FrameContext) throws -> Texture {
        let key = Key(path: path, modified: modificationTime(path))
        if let entry = entries[key] {
            hits += 1
            entry.lastUsed = frame.serial
            return Texture(view: entry.ref.view, extent: entry.ref.extent, isPlaceholder: false)
        }
        if failed.contains(key) { return try placeholderTexture(for: frame) }
        let decoded: Decoded
        do {
            guard let decoder else { throw ImageCacheError.noDecoder }
            decoded = try decoder(path)
            decodes += 1
        } catch {
            failed.insert(key)
            logger.warning("image '\(path)': \(error); showing a placeholder")
            return try placeholderTexture(for: frame)
        }
        let image: GpuImage
        do {
            image = try upload(decoded, frame: frame)
        } catch where VulkanError.isOutOfMemory(error) {
            // Room is made from what no frame in flight draws, and it is tried once more; an
            // image that still does not fit is refused alone, as a damaged file is.
            evict(toFit: 0)
            do {
                image = try upload(decoded, frame: frame)
            } catch where VulkanError.isOutOfMemory(error) {
                failed.insert(key)
                logger.warning("image '\(path)' (\(decoded.extent)): no GPU memory for it (\(error)); showing a placeholder")
                return try placeholderTexture(for: frame)
            }
        }
        let entry = Entry(image: image, lastUsed: frame.serial)
        let size = entry.bytes
        entries[key] = entry
        bytes += size
        evictIfOverBudget()
        return Texture(view: entry.ref.view, extent: entry.ref.extent, isPlaceholder: false)
    }

    /// Least recently used first, never one a frame in flight draws.
    private func evictIfOverBudget() {
        evict(toFit: budget)
    }

    /// Evicts, least recently used first, until the cache holds at most `limit` bytes or only
    /// images a frame in flight draws are left.
    private func evict(toFit limit: UInt64) {
        let completed = clock.completed()
        while bytes > limit {
            guard let (key, entry) = entries.filter({ $0.value.lastUsed <= completed })
                .min(by: { $0.value.lastUsed < $1.value.lastUsed }) else { return }
            entries[key] = nil
            bytes -= entry.bytes
            evictions += 1
            entry.owned.take().release(after: entry.lastUsed)
        }
    }

    /// A grey and magenta checkerboard of 64x64: what a broken image shows.
    private func placeholderTexture(for frame: FrameContext) throws -> Texture {
        if placeholder == nil {
            var rgba = [UInt8](repeating: 0, count: 64 * 64 * 4)
            for y in 0..<64 {
                for x in 0..<64 {
                    let odd = (x / 8 + y / 8) % 2 == 1
                    let index = (y * 64 + x) * 4
                    rgba[index] = odd ? 200 : 60
                    rgba[index + 1] = odd ? 40 : 60
                    rgba[index + 2] = odd ? 200 : 60
                    rgba[index + 3] = 255
                }
            }
            placeholder = Entry(image: try upload(Decoded(extent: Extent(width: 64, height: 64), rgba: rgba), frame: frame),
                                lastUsed: frame.serial)
        }
        placeholder!.lastUsed = frame.serial
        return Texture(view: placeholder!.ref.view, extent: placeholder!.ref.extent, isPlaceholder: true)
    }

    /// Records the upload: level 0 from a staging buffer, each further level blitted from the
    /// one above (linear), then every level made readable by fragment shaders.
    private func upload(_ decoded: Decoded, frame: FrameContext) throws -> GpuImage {
        let extent = decoded.extent
        // A full chain: down to one texel on the longer side.
        let levels = Int(log2(Double(max(extent.width, extent.height, 1)))) + 1
        let usage = VkImageUsageFlags(VK_IMAGE_USAGE_TRANSFER_SRC_BIT.rawValue | VK_IMAGE_USAGE_TRANSFER_DST_BIT.rawValue
                                      | VK_IMAGE_USAGE_SAMPLED_BIT.rawValue)
        let staging = try memory.makeBuffer(size: UInt64(decoded.rgba.count),
                                            usage: VkBufferUsageFlags(VK_BUFFER_USAGE_TRANSFER_SRC_BIT.rawValue),
                                            hostVisible: true, owner: .shared, category: .other)
        // (A Result, not do/catch: Swift 6.3 stops with "copy of noncopyable typed value" when the
        // staging buffer, made before the do, is consumed in its catch.)
        let made = Result { try memory.makeColorImage(extent: extent, format: VK_FORMAT_R8G8B8A8_SRGB, usage: usage,
                                                       owner: .shared, category: .images, mipLevels: levels) }
        let image: GpuImage
        switch consume made {
        case .success(let made): image = made
        case .failure(let error):
            // Nothing has used it.
            staging.release(after: 0)
            throw error
        }
        decoded.rgba.withUnsafeBytes { staging.allocation.mapped!.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        let source = staging.buffer
        staging.release(after: frame.serial)
        let commandBuffer = frame.commandBuffer
        func range(_ level: Int, _ count: Int = 1) -> VkImageSubresourceRange {
            VkImageSubresourceRange(aspectMask: VkImageAspectFlags(VK_IMAGE_ASPECT_COLOR_BIT.rawValue),
                                    baseMipLevel: UInt32(level), levelCount: UInt32(count), baseArrayLayer: 0, layerCount: 1)
        }
        Barriers.transition(commandBuffer, image.image, from: VK_IMAGE_LAYOUT_UNDEFINED, to: VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                            srcStage: VK_PIPELINE_STAGE_2_NONE, dstStage: VK_PIPELINE_STAGE_2_TRANSFER_BIT,
                            dstAccess: VK_ACCESS_2_TRANSFER_WRITE_BIT, range: range(0, levels))
        var region = VkBufferImageCopy()
        region.imageSubresource = VkImageSubresourceLayers(aspectMask: VkImageAspectFlags(VK_IMAGE_ASPECT_COLOR_BIT.rawValue),
                                                           mipLevel: 0, baseArrayLayer: 0, layerCount: 1)
        region.imageExtent = VkExtent3D(width: UInt32(extent.width), height: UInt32(extent.height), depth: 1)
        vkCmdCopyBufferToImage(commandBuffer, source, image.image, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, 1, &region)
        var size = (width: extent.width, height: extent.height)
        for level in 1..<max(levels, 1) {
            // The level above is finished: it becomes the blit's source.
            Barriers.transition(commandBuffer, image.image, from: VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                                to: VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, srcStage: VK_PIPELINE_STAGE_2_TRANSFER_BIT,
                                srcAccess: VK_ACCESS_2_TRANSFER_WRITE_BIT, dstStage: VK_PIPELINE_STAGE_2_TRANSFER_BIT,
                                dstAccess: VK_ACCESS_2_TRANSFER_READ_BIT, range: range(level - 1))
            let next = (width: max(size.width / 2, 1), height: max(size.height / 2, 1))
            var blit = VkImageBlit()
            blit.srcSubresource = VkImageSubresourceLayers(aspectMask: VkImageAspectFlags(VK_IMAGE_ASPECT_COLOR_BIT.rawValue),
                                                           mipLevel: UInt32(level - 1), baseArrayLayer: 0, layerCount: 1)
            blit.dstSubresource = VkImageSubresourceLayers(aspectMask: VkImageAspectFlags(VK_IMAGE_ASPECT_COLOR_BIT.rawValue),
                                                           mipLevel: UInt32(level), baseArrayLayer: 0, layerCount: 1)
            blit.srcOffsets.1 = VkOffset3D(x: Int32(size.width), y: Int32(size.height), z: 1)
            blit.dstOffsets.1 = VkOffset3D(x: Int32(next.width), y: Int32(next.height), z: 1)
            vkCmdBlitImage(commandBuffer, image.image, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, image.image,
                           VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, 1, &blit, VK_FILTER_LINEAR)
            size = next
        }
        // Every level but the last is TRANSFER_SRC now, the last TRANSFER_DST: all become readable.
        if levels > 1 {
            Barriers.transition(commandBuffer, image.image, from: VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL,
                                to: VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL, srcStage: VK_PIPELINE_STAGE_2_TRANSFER_BIT,
                                dstStage: VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT,
                                dstAccess: VK_ACCESS_2_SHADER_SAMPLED_READ_BIT, range: range(0, levels - 1))
        }
        Barriers.transition(commandBuffer, image.image, from: VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                            to: VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL, srcStage: VK_PIPELINE_STAGE_2_TRANSFER_BIT,
                            srcAccess: VK_ACCESS_2_TRANSFER_WRITE_BIT, dstStage: VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT,
                            dstAccess: VK_ACCESS_2_SHADER_SAMPLED_READ_BIT, range: range(levels - 1))
        return image
    }

    /// Everything goes (the host is going, or the device was lost), after the last frame that drew it.
    func destroyAll() {
        for entry in entries.values { entry.owned.take().release(after: entry.lastUsed) }
        entries.removeAll()
        bytes = 0
        if let placeholder { placeholder.owned.take().release(after: placeholder.lastUsed) }
        placeholder = nil
    }

    /// A file's modification time, looked at once a second per path (not for every lookup of
    /// every frame): a file changed on disk is decoded again within a second.
    private var modificationTimes: [String: (time: Int, checked: ContinuousClock.Instant)] = [:]

    private func modificationTime(_ path: String) -> Int {
        let now = ContinuousClock.now
        if let known = modificationTimes[path], now - known.checked < .seconds(1) { return known.time }
        let time = Self.modificationTime(path)
        modificationTimes[path] = (time, now)
        return time
    }

    static func modificationTime(_ path: String) -> Int {
        var status = stat()
        guard stat(path, &status) == 0 else { return -1 }
        return Int(status.st_mtim.tv_sec) * 1_000_000_000 + Int(status.st_mtim.tv_nsec)
    }
}

enum ImageCacheError: Error, CustomStringConvertible {
    case noDecoder

    var description: String { "no image decoder was set" }
}
