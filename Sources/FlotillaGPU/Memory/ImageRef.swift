import CVulkan
import FlotillaCore

/// An image as a frame's recording sees it: its handles, extent and format. Copyable and owning
/// nothing; the GpuImage it was taken from decides when the image goes, after the last frame
/// that uses it.
public struct ImageRef {
    public let image: VkImage
    public let view: VkImageView
    public let extent: Extent
    public let format: VkFormat
}
