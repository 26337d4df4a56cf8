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
}
