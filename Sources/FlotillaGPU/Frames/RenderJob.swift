import CVulkan
import FlotillaCore

/// The second half of one window's frame, which any recording thread can do: replay the
/// frame's prelude (compute, offscreen passes), begin the pass on the acquired image, replay
/// the scene's draws, end the pass, move the image to the layout
/// it leaves in, write the end timestamp and end the command buffer. Everything in it is a
/// value: the loop thread prepared the command buffer (uploads, compute, offscreen passes) and
/// will not touch it again until the pass is submitted.
struct RenderJob: Sendable {
    let commandBuffer: VulkanHandle
    let image: VulkanHandle
    let view: VulkanHandle
    let extent: Extent
    let clear: (Float, Float, Float)
    /// PRESENT_SRC for swapchains, TRANSFER_SRC for offscreen images.
    let finalLayout: UInt32
    let prelude: RecordedDraws
    let draws: RecordedDraws
    /// Copies out of the finished image (thumbnail, screenshot), before it leaves.
    let copies: [FrameCopy]
    /// The pass's timestamps: the first frame of a pass resets the pair and writes the start,
    /// the last writes the end.
    var startTimestamp: (pool: VulkanHandle, query: UInt32)?
    var endTimestamp: (pool: VulkanHandle, query: UInt32)?

    func record() throws {
        let commandBuffer = commandBuffer.raw
        if let startTimestamp {
            vkCmdResetQueryPool(commandBuffer, startTimestamp.pool.raw, startTimestamp.query, 2)
            vkCmdWriteTimestamp2(commandBuffer, VkPipelineStageFlags2(VK_PIPELINE_STAGE_2_TOP_OF_PIPE_BIT),
                                 startTimestamp.pool.raw, startTimestamp.query)
        }
        prelude.replay(into: commandBuffer)
        // The previous contents are not needed: UNDEFINED discards them. The wait stage of the
        // acquire semaphore is COLOR_ATTACHMENT_OUTPUT, so the transition waits there too.
        Barriers.transition(commandBuffer, image.raw, from: VK_IMAGE_LAYOUT_UNDEFINED,
                            to: VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                            srcStage: VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT | VK_PIPELINE_STAGE_2_TRANSFER_BIT,
                            dstStage: VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT,
                            dstAccess: VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT)
        Rendering.begin(commandBuffer, view.raw, extent: extent, clear: clear)
        draws.replay(into: commandBuffer)
        vkCmdEndRendering(commandBuffer)
        let toFinal = VkImageLayout(rawValue: finalLayout)
        let presents = toFinal == VK_IMAGE_LAYOUT_PRESENT_SRC_KHR
        if copies.isEmpty {
            Barriers.transition(commandBuffer, image.raw, from: VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL, to: toFinal,
                                srcStage: VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT,
                                srcAccess: VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT,
                                dstStage: presents ? VK_PIPELINE_STAGE_2_NONE : VK_PIPELINE_STAGE_2_TRANSFER_BIT,
                                dstAccess: presents ? VK_ACCESS_2_NONE : VK_ACCESS_2_TRANSFER_READ_BIT)
        } else {
            FrameCopy.record(copies, from: image.raw, extent: extent, finalLayout: toFinal, into: commandBuffer)
        }
        if let endTimestamp {
            vkCmdWriteTimestamp2(commandBuffer, VkPipelineStageFlags2(VK_PIPELINE_STAGE_2_BOTTOM_OF_PIPE_BIT),
                                 endTimestamp.pool.raw, endTimestamp.query)
        }
        try check(vkEndCommandBuffer(commandBuffer), "vkEndCommandBuffer")
    }
}
