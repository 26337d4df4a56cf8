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
