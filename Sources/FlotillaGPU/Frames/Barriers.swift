import CVulkan

/// Image layout transitions with synchronization2 barriers.
public enum Barriers {
    public static func transition(_ commandBuffer: VkCommandBuffer, _ image: VkImage,
                           from oldLayout: VkImageLayout, to newLayout: VkImageLayout,
                           srcStage sourceStages: UInt64, srcAccess sourceAccess: UInt64 = 0,
                           dstStage destinationStages: UInt64, dstAccess destinationAccess: UInt64,
                           range: VkImageSubresourceRange = GpuHost.colorRange) {
        transitions(commandBuffer, [ImageTransition(image, from: oldLayout, to: newLayout,
                                                    srcStage: sourceStages, srcAccess: sourceAccess,
                                                    dstStage: destinationStages, dstAccess: destinationAccess,
                                                    range: range)])
    }

    /// Many transitions in one `vkCmdPipelineBarrier2`, and, with `memory`, a global memory
    /// dependency beside them. One barrier for many images matters on a GPU: every barrier can
    /// drain the pipeline, so a pass that moved each window's image alone would idle the GPU
    /// once per window.
    public static func transitions(_ commandBuffer: VkCommandBuffer, _ transitions: [ImageTransition],
                                   memory: VkMemoryBarrier2? = nil) {
        guard !transitions.isEmpty || memory != nil else { return }
        let barriers = transitions.map(\.barrier)
        var dependency = VkDependencyInfo()
        dependency.sType = VK_STRUCTURE_TYPE_DEPENDENCY_INFO
        dependency.imageMemoryBarrierCount = UInt32(barriers.count)
        let memoryBarriers = memory.map { [$0] } ?? []
        barriers.withUnsafeBufferPointer { barrierPointer in
            memoryBarriers.withUnsafeBufferPointer { memoryPointer in
                dependency.pImageMemoryBarriers = barrierPointer.baseAddress
                dependency.memoryBarrierCount = UInt32(memoryPointer.count)
                dependency.pMemoryBarriers = memoryPointer.baseAddress
                vkCmdPipelineBarrier2(commandBuffer, &dependency)
            }
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
        transitions(commandBuffer, [], memory: memoryBarrier(srcStage: sourceStages, srcAccess: sourceAccess,
                                                             dstStage: destinationStages, dstAccess: destinationAccess))
    }

    /// One memory dependency that covers both (nil when neither is there).
    static func joined(_ first: VkMemoryBarrier2?, _ second: VkMemoryBarrier2?) -> VkMemoryBarrier2? {
        guard var joined = first else { return second }
        guard let second else { return joined }
        joined.srcStageMask |= second.srcStageMask
        joined.srcAccessMask |= second.srcAccessMask
        joined.dstStageMask |= second.dstStageMask
        joined.dstAccessMask |= second.dstAccessMask
        return joined
    }

    public static func memoryBarrier(srcStage sourceStages: UInt64, srcAccess sourceAccess: UInt64 = 0,
                                     dstStage destinationStages: UInt64, dstAccess destinationAccess: UInt64 = 0) -> VkMemoryBarrier2 {
        var barrier = VkMemoryBarrier2()
        barrier.sType = VK_STRUCTURE_TYPE_MEMORY_BARRIER_2
        barrier.srcStageMask = sourceStages
        barrier.srcAccessMask = sourceAccess
        barrier.dstStageMask = destinationStages
        barrier.dstAccessMask = destinationAccess
        return barrier
    }
}

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
