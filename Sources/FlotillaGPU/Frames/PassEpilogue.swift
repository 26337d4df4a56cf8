import CVulkan
import FlotillaCore

/// The end of a pass, after every window has drawn: each window's image leaves for the
/// compositor (PRESENT_SRC) or the readback (TRANSFER_SRC), after the copies its frame asked for
/// (thumbnails, screenshot pixels). However many windows the pass holds, this is at most two
/// barriers: one that takes every image out of colour attachment (and every thumbnail into
/// transfer), and, when there were copies, one after them.
enum PassEpilogue {
    /// One window's finished image.
    struct Image {
        let image: VkImage
        let extent: Extent
        let finalLayout: VkImageLayout
        let copies: [FrameCopy]
    }

    static func record(_ images: [Image], into commandBuffer: VkCommandBuffer) {
        var before: [ImageTransition] = []
        var after: [ImageTransition] = []
        var readsOnHost = false
        for image in images {
            let presents = image.finalLayout == VK_IMAGE_LAYOUT_PRESENT_SRC_KHR
            guard !image.copies.isEmpty else {
                before.append(ImageTransition(image.image, from: VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL, to: image.finalLayout,
                                              srcStage: VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT,
                                              srcAccess: VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT,
                                              dstStage: presents ? VK_PIPELINE_STAGE_2_NONE : VK_PIPELINE_STAGE_2_TRANSFER_BIT,
                                              dstAccess: presents ? VK_ACCESS_2_NONE : VK_ACCESS_2_TRANSFER_READ_BIT))
                continue
            }
            before.append(ImageTransition(image.image, from: VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                                          to: VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL,
                                          srcStage: VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT,
                                          srcAccess: VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT,
                                          dstStage: VK_PIPELINE_STAGE_2_TRANSFER_BIT, dstAccess: VK_ACCESS_2_TRANSFER_READ_BIT))
            for copy in image.copies {
                switch copy {
                case .thumbnail(let thumbnail, _):
                    // Earlier submissions and this pass's windows (an overview) may still sample
                    // the thumbnail: the write waits for their fragment shaders; its old
                    // contents are not kept.
                    before.append(ImageTransition(thumbnail.raw, from: VK_IMAGE_LAYOUT_UNDEFINED,
                                                  to: VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                                                  srcStage: VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT | VK_PIPELINE_STAGE_2_TRANSFER_BIT,
                                                  dstStage: VK_PIPELINE_STAGE_2_TRANSFER_BIT,
                                                  dstAccess: VK_ACCESS_2_TRANSFER_WRITE_BIT))
                    // Later submissions on this queue sample it: submission order and this
                    // barrier are all the synchronization a subscriber needs (no semaphore).
                    after.append(ImageTransition(thumbnail.raw, from: VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                                                 to: VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL,
                                                 srcStage: VK_PIPELINE_STAGE_2_TRANSFER_BIT,
                                                 srcAccess: VK_ACCESS_2_TRANSFER_WRITE_BIT,
                                                 dstStage: VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT,
                                                 dstAccess: VK_ACCESS_2_SHADER_SAMPLED_READ_BIT))
                case .pixels:
                    readsOnHost = true
                }
            }
            if image.finalLayout != VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL {
                after.append(ImageTransition(image.image, from: VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, to: image.finalLayout,
                                             srcStage: VK_PIPELINE_STAGE_2_TRANSFER_BIT,
                                             dstStage: presents ? VK_PIPELINE_STAGE_2_NONE : VK_PIPELINE_STAGE_2_TRANSFER_BIT,
                                             dstAccess: presents ? VK_ACCESS_2_NONE : VK_ACCESS_2_TRANSFER_READ_BIT))
            }
        }
        Barriers.transitions(commandBuffer, before)
        for image in images {
            for copy in image.copies { record(copy, from: image.image, extent: image.extent, into: commandBuffer) }
        }
        let hostReads = readsOnHost ? Barriers.memoryBarrier(srcStage: VK_PIPELINE_STAGE_2_TRANSFER_BIT,
                                                             srcAccess: VK_ACCESS_2_TRANSFER_WRITE_BIT,
                                                             dstStage: VK_PIPELINE_STAGE_2_HOST_BIT,
                                                             dstAccess: VK_ACCESS_2_HOST_READ_BIT) : nil
        Barriers.transitions(commandBuffer, after, memory: hostReads)
    }

    /// One copy out of `image`, which is in TRANSFER_SRC, into a thumbnail in TRANSFER_DST or a
    /// host-visible buffer.
    private static func record(_ copy: FrameCopy, from image: VkImage, extent: Extent, into commandBuffer: VkCommandBuffer) {
        let layers = VkImageSubresourceLayers(aspectMask: VkImageAspectFlags(VK_IMAGE_ASPECT_COLOR_BIT.rawValue),
                                              mipLevel: 0, baseArrayLayer: 0, layerCount: 1)
        switch copy {
        case .thumbnail(let thumbnail, let size):
            var blit = VkImageBlit()
            blit.srcSubresource = layers
            blit.dstSubresource = layers
            blit.srcOffsets.1 = VkOffset3D(x: Int32(extent.width), y: Int32(extent.height), z: 1)
            blit.dstOffsets.1 = VkOffset3D(x: Int32(size.width), y: Int32(size.height), z: 1)
            vkCmdBlitImage(commandBuffer, image, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, thumbnail.raw,
                           VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, 1, &blit, VK_FILTER_LINEAR)
        case .pixels(let buffer):
            var region = VkBufferImageCopy()
            region.imageSubresource = layers
            region.imageExtent = VkExtent3D(width: UInt32(extent.width), height: UInt32(extent.height), depth: 1)
            vkCmdCopyImageToBuffer(commandBuffer, image, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, buffer.raw, 1, &region)
        }
    }
}
