import CVulkan
import FlotillaCore

/// A 2D colour image with one view, bound to memory from DeviceMemory.
public struct GpuImage {
    public let image: VkImage
    public let view: VkImageView
    public let allocation: MemoryAllocation
    public let extent: Extent
    public let format: VkFormat
}
