import CVulkan

/// One image's layout transition, with the stages and accesses on either side: a value, so a
/// pass can gather every window's transitions into one barrier.
public struct ImageTransition {
    let barrier: VkImageMemoryBarrier2

    public init(_ image: VkImage, from oldLayout: VkImageLayout, to newLayout: VkImageLayout,
                srcStage sourceStages: UInt64, srcAccess sourceAccess: UInt64 = 0,
                dstStage destinationStages: UInt64, dstAccess destinationAccess: UInt64,
                range: VkImageSubresourceRange = GpuHost.colorRange) {
        var barrier = VkImageMemoryBarrier2()
        barrier.sType = VK_STRUCTURE_TYPE_IMAGE_MEMORY_BARRIER_2
        barrier.srcStageMask = sourceStages
        barrier.srcAccessMask = sourceAccess
        barrier.dstStageMask = destinationStages
        barrier.dstAccessMask = destinationAccess
        barrier.oldLayout = oldLayout
        barrier.newLayout = newLayout
        barrier.srcQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED
        barrier.dstQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED
        barrier.image = image
        barrier.subresourceRange = range
        self.barrier = barrier
    }
}
