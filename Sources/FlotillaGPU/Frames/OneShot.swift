import CVulkan

extension GpuHost {
    /// Records and submits a command buffer outside any window's frame (uploads at creation,
    /// readbacks). Returns its serial; the command buffer is freed once that serial completes.
    @discardableResult
    func submitOneShot(_ record: (VkCommandBuffer) throws -> Void) throws -> UInt64 {
        let commandBuffer = try allocateCommandBuffers(1)[0]
        var begin = VkCommandBufferBeginInfo()
        begin.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO
        begin.flags = VkCommandBufferUsageFlags(VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT.rawValue)
        do {
            try check(vkBeginCommandBuffer(commandBuffer, &begin), "vkBeginCommandBuffer")
            try record(commandBuffer)
            try check(vkEndCommandBuffer(commandBuffer), "vkEndCommandBuffer")
            let serial = try submit(commandBuffer)
            releaseAfterSubmittedWork { [self] in freeCommandBuffers([commandBuffer]) }
            return serial
        } catch {
            freeCommandBuffers([commandBuffer])
            throw error
        }
    }

    /// Copies tightly packed texels into `image` (all of it) through a staging buffer and leaves
    /// it SHADER_READ_ONLY for fragment shaders. Later submissions on the queue see the data.
    func upload(_ bytes: [UInt8], to image: GpuImage) throws {
        let staging = try makeBuffer(size: UInt64(bytes.count), usage: VkBufferUsageFlags(VK_BUFFER_USAGE_TRANSFER_SRC_BIT.rawValue),
                                     hostVisible: true, owner: .shared, category: .other)
        bytes.withUnsafeBytes { staging.allocation.mapped!.copyMemory(from: $0.baseAddress!, byteCount: bytes.count) }
        do {
            try submitOneShot { commandBuffer in
                Barriers.transition(commandBuffer, image.image, from: VK_IMAGE_LAYOUT_UNDEFINED,
                                    to: VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, srcStage: VK_PIPELINE_STAGE_2_NONE,
                                    dstStage: VK_PIPELINE_STAGE_2_TRANSFER_BIT, dstAccess: VK_ACCESS_2_TRANSFER_WRITE_BIT)
                var region = VkBufferImageCopy()
                region.imageSubresource = VkImageSubresourceLayers(aspectMask: VkImageAspectFlags(VK_IMAGE_ASPECT_COLOR_BIT.rawValue),
                                                                   mipLevel: 0, baseArrayLayer: 0, layerCount: 1)
                region.imageExtent = VkExtent3D(width: UInt32(image.extent.width), height: UInt32(image.extent.height), depth: 1)
                vkCmdCopyBufferToImage(commandBuffer, staging.buffer, image.image, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, 1, &region)
                Barriers.transition(commandBuffer, image.image, from: VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                                    to: VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL, srcStage: VK_PIPELINE_STAGE_2_TRANSFER_BIT,
                                    srcAccess: VK_ACCESS_2_TRANSFER_WRITE_BIT,
                                    dstStage: VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT, dstAccess: VK_ACCESS_2_SHADER_SAMPLED_READ_BIT)
            }
        } catch {
            destroy(staging)
            throw error
        }
        releaseAfterSubmittedWork { [self] in destroy(staging) }
    }
}
