import CVulkan
import FlotillaCore

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
