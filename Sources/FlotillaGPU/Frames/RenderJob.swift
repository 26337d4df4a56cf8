import CVulkan
import FlotillaCore

/// The second half of one window's frame, which any recording thread can do: begin the
/// window's command buffer, replay the frame's prelude (offscreen passes), begin
/// rendering on the acquired image, replay the scene's draws, end rendering and the command
/// buffer. Everything in it is a value. What comes before and after every window's pass (uploads,
/// compute steps, the images' layout transitions, copies, timestamps) is the pass's prologue and
/// epilogue, so a window's command buffer holds no barrier of its own unless its scene needs one
/// (the post scene's chain), and the GPU can run one window's pass into the next.
struct RenderJob: Sendable {
    let commandBuffer: VulkanHandle
    let view: VulkanHandle
    let extent: Extent
    let clear: (Float, Float, Float)
    let prelude: RecordedDraws
    let draws: RecordedDraws

    func record() throws {
        let commandBuffer = commandBuffer.raw
        var begin = VkCommandBufferBeginInfo()
        begin.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO
        begin.flags = VkCommandBufferUsageFlags(VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT.rawValue)
        try check(vkBeginCommandBuffer(commandBuffer, &begin), "vkBeginCommandBuffer")
        prelude.replay(into: commandBuffer)
        Rendering.begin(commandBuffer, view.raw, extent: extent, clear: clear)
        draws.replay(into: commandBuffer)
        vkCmdEndRendering(commandBuffer)
        try check(vkEndCommandBuffer(commandBuffer), "vkEndCommandBuffer")
    }
}
