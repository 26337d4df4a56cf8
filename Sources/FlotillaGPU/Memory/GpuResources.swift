import CVulkan
import FlotillaCore

extension DeviceMemory {
    /// The one buffer factory: a VkBuffer bound to memory from here, or nothing left behind.
    public func makeBuffer(size: UInt64, usage: VkBufferUsageFlags, hostVisible: Bool,
                           owner: MemoryOwner, category: MemoryCategory) throws -> GpuBuffer {
        var info = VkBufferCreateInfo()
        info.sType = VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO
        info.size = size
        info.usage = usage
        info.sharingMode = VK_SHARING_MODE_EXCLUSIVE
        var buffer: VkBuffer?
        try check(vkCreateBuffer(device, &info, nil, &buffer), "vkCreateBuffer(\(size) bytes)")
        var requirements = VkMemoryRequirements()
        vkGetBufferMemoryRequirements(device, buffer, &requirements)
        let required = hostVisible
            ? VkMemoryPropertyFlags(VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT.rawValue | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT.rawValue)
            : VkMemoryPropertyFlags(VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT.rawValue)
        let taken: MemoryAllocation
        do {
            taken = try allocate(requirements, required: required, kind: .linear, owner: owner, category: category)
        } catch {
            vkDestroyBuffer(device, buffer, nil)
            throw error
        }
        let bound = vkBindBufferMemory(device, buffer, taken.memory, taken.offset)
        guard bound == VK_SUCCESS else {
            // Whatever was made before the failure goes back; the GPU never saw it.
            vkDestroyBuffer(device, buffer, nil)
            taken.release(after: 0)
            throw VulkanError(operation: "vkBindBufferMemory", result: bound)
        }
        return GpuBuffer(buffer: buffer!, allocation: taken.binding(.buffer(buffer!)), size: size)
    }

    public func makeColorImage(extent: Extent, format: VkFormat, usage: VkImageUsageFlags,
                               owner: MemoryOwner, category: MemoryCategory, mipLevels: Int = 1) throws -> GpuImage {
        var info = VkImageCreateInfo()
        info.sType = VK_STRUCTURE_TYPE_IMAGE_CREATE_INFO
        info.imageType = VK_IMAGE_TYPE_2D
        info.format = format
        info.extent = VkExtent3D(width: UInt32(extent.width), height: UInt32(extent.height), depth: 1)
        info.mipLevels = UInt32(max(mipLevels, 1))
        info.arrayLayers = 1
        info.samples = VK_SAMPLE_COUNT_1_BIT
        info.tiling = VK_IMAGE_TILING_OPTIMAL
        info.usage = usage
        info.sharingMode = VK_SHARING_MODE_EXCLUSIVE
        info.initialLayout = VK_IMAGE_LAYOUT_UNDEFINED
        var image: VkImage?
        try check(vkCreateImage(device, &info, nil, &image), "vkCreateImage(\(extent))")
        var requirements = VkMemoryRequirements()
        vkGetImageMemoryRequirements(device, image, &requirements)
        let taken: MemoryAllocation
        do {
            taken = try allocate(requirements, required: VkMemoryPropertyFlags(VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT.rawValue),
                                 kind: category == .targets ? .target : .optimal, owner: owner, category: category)
        } catch {
            vkDestroyImage(device, image, nil)
            throw error
        }
        let view: VkImageView
        do {
            try check(vkBindImageMemory(device, image, taken.memory, taken.offset), "vkBindImageMemory")
            view = try makeColorView(image!, format: format, mipLevels: mipLevels)
        } catch {
            // Whatever was made before the failure goes back; the GPU never saw it.
            vkDestroyImage(device, image, nil)
            taken.release(after: 0)
            throw error
        }
        return GpuImage(image: image!, view: view, allocation: taken.binding(.image(image!, view)), extent: extent,
                        format: format)
    }

    func makeColorView(_ image: VkImage, format: VkFormat, mipLevels: Int = 1) throws -> VkImageView {
        var info = VkImageViewCreateInfo()
        info.sType = VK_STRUCTURE_TYPE_IMAGE_VIEW_CREATE_INFO
        info.image = image
        info.viewType = VK_IMAGE_VIEW_TYPE_2D
        info.format = format
        info.subresourceRange = GpuHost.colorRange
        info.subresourceRange.levelCount = UInt32(max(mipLevels, 1))
        var view: VkImageView?
        try check(vkCreateImageView(device, &info, nil, &view), "vkCreateImageView")
        return view!
    }

}

extension GpuHost {
    public func makeBuffer(size: UInt64, usage: VkBufferUsageFlags, hostVisible: Bool,
                           owner: MemoryOwner, category: MemoryCategory) throws -> GpuBuffer {
        try memory.makeBuffer(size: size, usage: usage, hostVisible: hostVisible, owner: owner, category: category)
    }

    public func makeColorImage(extent: Extent, format: VkFormat, usage: VkImageUsageFlags,
                               owner: MemoryOwner, category: MemoryCategory, mipLevels: Int = 1) throws -> GpuImage {
        try memory.makeColorImage(extent: extent, format: format, usage: usage, owner: owner, category: category,
                                  mipLevels: mipLevels)
    }

    public static let colorRange = VkImageSubresourceRange(
        aspectMask: VkImageAspectFlags(VK_IMAGE_ASPECT_COLOR_BIT.rawValue),
        baseMipLevel: 0, levelCount: 1, baseArrayLayer: 0, layerCount: 1)
}

/// A buffer as a frame's recording sees it: its handle and size. Copyable and owning nothing;
/// the GpuBuffer it was taken from decides when the buffer goes, after the last frame that uses it.
public struct BufferRef {
    public let buffer: VkBuffer
    public let size: UInt64
}

/// An image as a frame's recording sees it: its handles, extent and format. Copyable and owning
/// nothing; the GpuImage it was taken from decides when the image goes, after the last frame
/// that uses it.
public struct ImageRef {
    public let image: VkImage
    public let view: VkImageView
    public let extent: Extent
    public let format: VkFormat
}

/// A VkBuffer bound to memory from DeviceMemory, and the one owner of both: it cannot be
/// copied, and goes back only through `release(after:)`, which destroys the buffer and frees
/// its memory once the GPU has finished the named submission (the allocation carries the
/// buffer, so one dropped by mistake takes its buffer with it). What recording needs of it is a
/// `BufferRef`.
public struct GpuBuffer: ~Copyable {
    public let buffer: VkBuffer
    public let allocation: MemoryAllocation
    public let size: UInt64

    /// The buffer's handle and size, for recording; it does not keep the buffer alive.
    public var ref: BufferRef { BufferRef(buffer: buffer, size: size) }

    /// Destroys the buffer and frees its memory once the GPU has finished submission `serial`.
    public consuming func release(after serial: UInt64) {
        let allocation = allocation
        allocation.release(after: serial)
    }
}

/// A 2D colour image with one view, bound to memory from DeviceMemory, and the one owner of
/// all three: like GpuBuffer it cannot be copied and goes back only through `release(after:)`.
/// What recording needs of it is an `ImageRef`.
public struct GpuImage: ~Copyable {
    public let image: VkImage
    public let view: VkImageView
    public let allocation: MemoryAllocation
    public let extent: Extent
    public let format: VkFormat

    /// The image's handles, extent and format, for recording; it does not keep the image alive.
    public var ref: ImageRef { ImageRef(image: image, view: view, extent: extent, format: format) }

    /// Destroys the view and the image and frees their memory once the GPU has finished
    /// submission `serial`.
    public consuming func release(after serial: UInt64) {
        let allocation = allocation
        allocation.release(after: serial)
    }
}
