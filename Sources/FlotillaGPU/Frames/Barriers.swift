import CVulkan

/// Image layout transitions with synchronization2 barriers.
enum Barriers {
    static func transition(_ commandBuffer: VkCommandBuffer, _ image: VkImage,
                           from oldLayout: VkImageLayout, to newLayout: VkImageLayout,
                           after sourceStages: UInt64, afterWrites sourceAccess: UInt64 = 0,
                           before destinationStages: UInt64, writes destinationAccess: UInt64) {
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
        barrier.subresourceRange = GpuHost.colorRange
        var dependency = VkDependencyInfo()
        dependency.sType = VK_STRUCTURE_TYPE_DEPENDENCY_INFO
        dependency.imageMemoryBarrierCount = 1
        withUnsafePointer(to: &barrier) { barrierPointer in
            dependency.pImageMemoryBarriers = barrierPointer
            vkCmdPipelineBarrier2(commandBuffer, &dependency)
        }
    }
}
