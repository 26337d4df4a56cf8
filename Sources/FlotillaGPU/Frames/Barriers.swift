import CVulkan

/// Image layout transitions with synchronization2 barriers.
public enum Barriers {
    public static func transition(_ commandBuffer: VkCommandBuffer, _ image: VkImage,
                           from oldLayout: VkImageLayout, to newLayout: VkImageLayout,
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
        var dependency = VkDependencyInfo()
        dependency.sType = VK_STRUCTURE_TYPE_DEPENDENCY_INFO
        dependency.imageMemoryBarrierCount = 1
        withUnsafePointer(to: &barrier) { barrierPointer in
            dependency.pImageMemoryBarriers = barrierPointer
            vkCmdPipelineBarrier2(commandBuffer, &dependency)
        }
    }

    /// Makes transfer writes to a buffer visible to reads at `stages` with `access`.
    public static func bufferWritten(_ commandBuffer: VkCommandBuffer, _ buffer: VkBuffer,
                                     dstStage stages: UInt64, dstAccess access: UInt64) {
        var barrier = VkBufferMemoryBarrier2()
        barrier.sType = VK_STRUCTURE_TYPE_BUFFER_MEMORY_BARRIER_2
        barrier.srcStageMask = VkPipelineStageFlags2(VK_PIPELINE_STAGE_2_TRANSFER_BIT)
        barrier.srcAccessMask = VkAccessFlags2(VK_ACCESS_2_TRANSFER_WRITE_BIT)
        barrier.dstStageMask = stages
        barrier.dstAccessMask = access
        barrier.srcQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED
        barrier.dstQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED
        barrier.buffer = buffer
        barrier.size = VK_WHOLE_SIZE
        var dependency = VkDependencyInfo()
        dependency.sType = VK_STRUCTURE_TYPE_DEPENDENCY_INFO
        dependency.bufferMemoryBarrierCount = 1
        withUnsafePointer(to: &barrier) { pointer in
            dependency.pBufferMemoryBarriers = pointer
            vkCmdPipelineBarrier2(commandBuffer, &dependency)
        }
    }

    /// A global memory (or, with no access masks, execution) dependency.
    public static func memory(_ commandBuffer: VkCommandBuffer, srcStage sourceStages: UInt64, srcAccess sourceAccess: UInt64 = 0,
                              dstStage destinationStages: UInt64, dstAccess destinationAccess: UInt64 = 0) {
        var barrier = VkMemoryBarrier2()
        barrier.sType = VK_STRUCTURE_TYPE_MEMORY_BARRIER_2
        barrier.srcStageMask = sourceStages
        barrier.srcAccessMask = sourceAccess
        barrier.dstStageMask = destinationStages
        barrier.dstAccessMask = destinationAccess
        var dependency = VkDependencyInfo()
        dependency.sType = VK_STRUCTURE_TYPE_DEPENDENCY_INFO
        dependency.memoryBarrierCount = 1
        withUnsafePointer(to: &barrier) { pointer in
            dependency.pMemoryBarriers = pointer
            vkCmdPipelineBarrier2(commandBuffer, &dependency)
        }
    }
}
