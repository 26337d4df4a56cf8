import CVulkan
import FlotillaCore

/// A copy out of a window's finished frame, recorded after its pass and before the image goes
/// to the compositor: a thumbnail for the TextureBridge, or the pixels for a screenshot.
public enum FrameCopy: Sendable {
    /// Scaled down (linear blit) into `image`, which is then left for sampling by later
    /// submissions on the queue (any window's).
    case thumbnail(image: VulkanHandle, extent: Extent)
    /// Copied into a host-visible buffer of width x height x 4 bytes, for the CPU once the
    /// frame's serial is complete.
    case pixels(buffer: VulkanHandle)

    /// Records the copies: the target moves from colour attachment to TRANSFER_SRC, each copy
    /// is made, and the target goes on to `finalLayout`.
    static func record(_ copies: [FrameCopy], from image: VkImage, extent: Extent, finalLayout: VkImageLayout,
                       into commandBuffer: VkCommandBuffer) {
        Barriers.transition(commandBuffer, image, from: VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                            to: VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL,
                            srcStage: VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT,
                            srcAccess: VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT,
                            dstStage: VK_PIPELINE_STAGE_2_TRANSFER_BIT, dstAccess: VK_ACCESS_2_TRANSFER_READ_BIT)
        for copy in copies {
            switch copy {
            case .thumbnail(let thumbnail, let size):
                // Earlier submissions (other windows' frames) may still sample the thumbnail:
                // the write waits for their fragment shaders; its old contents are not kept.
                Barriers.transition(commandBuffer, thumbnail.raw, from: VK_IMAGE_LAYOUT_UNDEFINED,
                                    to: VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                                    srcStage: VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT | VK_PIPELINE_STAGE_2_TRANSFER_BIT,
                                    dstStage: VK_PIPELINE_STAGE_2_TRANSFER_BIT, dstAccess: VK_ACCESS_2_TRANSFER_WRITE_BIT)
                var blit = VkImageBlit()
                let layers = VkImageSubresourceLayers(aspectMask: VkImageAspectFlags(VK_IMAGE_ASPECT_COLOR_BIT.rawValue),
                                                      mipLevel: 0, baseArrayLayer: 0, layerCount: 1)
                blit.srcSubresource = layers
                blit.dstSubresource = layers
                blit.srcOffsets.1 = VkOffset3D(x: Int32(extent.width), y: Int32(extent.height), z: 1)
                blit.dstOffsets.1 = VkOffset3D(x: Int32(size.width), y: Int32(size.height), z: 1)
                vkCmdBlitImage(commandBuffer, image, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, thumbnail.raw,
                               VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, 1, &blit, VK_FILTER_LINEAR)
                // Later submissions on this queue sample it: submission order and this barrier
                // are all the synchronization a subscriber needs (no semaphore).
                Barriers.transition(commandBuffer, thumbnail.raw, from: VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                                    to: VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL,
                                    srcStage: VK_PIPELINE_STAGE_2_TRANSFER_BIT, srcAccess: VK_ACCESS_2_TRANSFER_WRITE_BIT,
                                    dstStage: VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT,
                                    dstAccess: VK_ACCESS_2_SHADER_SAMPLED_READ_BIT)
            case .pixels(let buffer):
                var region = VkBufferImageCopy()
                region.imageSubresource = VkImageSubresourceLayers(
                    aspectMask: VkImageAspectFlags(VK_IMAGE_ASPECT_COLOR_BIT.rawValue), mipLevel: 0, baseArrayLayer: 0,
                    layerCount: 1)
                region.imageExtent = VkExtent3D(width: UInt32(extent.width), height: UInt32(extent.height), depth: 1)
                vkCmdCopyImageToBuffer(commandBuffer, image, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, buffer.raw, 1, &region)
                Barriers.memory(commandBuffer, srcStage: VK_PIPELINE_STAGE_2_TRANSFER_BIT,
                                srcAccess: VK_ACCESS_2_TRANSFER_WRITE_BIT,
                                dstStage: VK_PIPELINE_STAGE_2_HOST_BIT, dstAccess: VK_ACCESS_2_HOST_READ_BIT)
            }
        }
        guard finalLayout != VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL else { return }
        let presents = finalLayout == VK_IMAGE_LAYOUT_PRESENT_SRC_KHR
        Barriers.transition(commandBuffer, image, from: VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, to: finalLayout,
                            srcStage: VK_PIPELINE_STAGE_2_TRANSFER_BIT,
                            dstStage: presents ? VK_PIPELINE_STAGE_2_NONE : VK_PIPELINE_STAGE_2_TRANSFER_BIT,
                            dstAccess: presents ? VK_ACCESS_2_NONE : VK_ACCESS_2_TRANSFER_READ_BIT)
    }
}
