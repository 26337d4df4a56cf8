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
        var allocation: MemoryAllocation?
        do {
            let taken = try allocate(requirements, required: required, kind: .linear,
                                            owner: owner, category: category)
            allocation = taken
            try check(vkBindBufferMemory(device, buffer, taken.memory, taken.offset), "vkBindBufferMemory")
            return GpuBuffer(buffer: buffer!, allocation: taken, size: size)
        } catch {
            // Whatever was made before the failure goes back: the memory too, if it was taken.
            vkDestroyBuffer(device, buffer, nil)
            allocation.map(free)
            throw error
        }
    }

    public func destroy(_ buffer: GpuBuffer) {
        vkDestroyBuffer(device, buffer.buffer, nil)
        free(buffer.allocation)
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
        var allocation: MemoryAllocation?
        do {
            let taken = try allocate(requirements,
                                            required: VkMemoryPropertyFlags(VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT.rawValue),
                                            kind: category == .targets ? .target : .optimal, owner: owner, category: category)
            allocation = taken
            try check(vkBindImageMemory(device, image, taken.memory, taken.offset), "vkBindImageMemory")
            let view = try makeColorView(image!, format: format, mipLevels: mipLevels)
            return GpuImage(image: image!, view: view, allocation: taken, extent: extent, format: format)
        } catch {
            vkDestroyImage(device, image, nil)
            allocation.map(free)
            throw error
        }
    }

    public func destroy(_ image: GpuImage) {
        vkDestroyImageView(device, image.view, nil)
        vkDestroyImage(device, image.image, nil)
        free(image.allocation)
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

    public func destroy(_ buffer: GpuBuffer) { memory.destroy(buffer) }

    public func makeColorImage(extent: Extent, format: VkFormat, usage: VkImageUsageFlags,
                               owner: MemoryOwner, category: MemoryCategory, mipLevels: Int = 1) throws -> GpuImage {
        try memory.makeColorImage(extent: extent, format: format, usage: usage, owner: owner, category: category,
                                  mipLevels: mipLevels)
    }

    public func destroy(_ image: GpuImage) { memory.destroy(image) }

    public static let colorRange = VkImageSubresourceRange(
        aspectMask: VkImageAspectFlags(VK_IMAGE_ASPECT_COLOR_BIT.rawValue),
        baseMipLevel: 0, levelCount: 1, baseArrayLayer: 0, layerCount: 1)
}
