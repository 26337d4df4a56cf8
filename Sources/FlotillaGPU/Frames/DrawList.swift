import CVulkan
import FlotillaCore

/// What a scene records for its window's frame, written down on the loop thread (where the
/// scene, the pools and the atlas live) and replayed into the command buffer by whichever
/// recording thread takes the window: the draws inside the window's pass, and the frame's
/// prelude before it (offscreen passes). Everything the replay needs is in `recorded`,
/// a Sendable value: no scene code runs on a recording thread.
public final class DrawList {
    public let binding: PipelineBinding
    public private(set) var commands: [DrawCommand] = []

    init(binding: PipelineBinding) {
        self.binding = binding
    }

    public func bind(_ pipeline: VkPipeline) { commands.append(.pipeline(VulkanHandle(pipeline))) }
    /// Later constants and descriptors use `pipelines`' layout.
    public func use(_ pipelines: PipelineSet) { commands.append(.binding(pipelines.binding)) }
    public func transition(_ image: VkImage, from oldLayout: VkImageLayout, to newLayout: VkImageLayout,
                           srcStage: UInt64, srcAccess: UInt64 = 0, dstStage: UInt64, dstAccess: UInt64) {
        commands.append(.imageBarrier(image: VulkanHandle(image), from: oldLayout.rawValue, to: newLayout.rawValue,
                                      srcStage: srcStage, srcAccess: srcAccess, dstStage: dstStage, dstAccess: dstAccess))
    }
    public func memoryBarrier(srcStage: UInt64, srcAccess: UInt64 = 0, dstStage: UInt64, dstAccess: UInt64 = 0) {
        commands.append(.memoryBarrier(srcStage: srcStage, srcAccess: srcAccess, dstStage: dstStage, dstAccess: dstAccess))
    }
    public func beginRendering(_ view: VkImageView, extent: Extent, clear: (Float, Float, Float)?) {
        commands.append(.beginRendering(view: VulkanHandle(view), extent: extent, clear: clear))
    }
    public func endRendering() { commands.append(.endRendering) }
    public func push(_ constants: FrameConstants) { commands.append(.constants(constants)) }
    public func bindTexture(_ view: VkImageView, sampler: VkSampler) {
        commands.append(.texture(view: VulkanHandle(view), sampler: VulkanHandle(sampler)))
    }
    public func bindTextures(_ first: (view: VkImageView, sampler: VkSampler), _ second: (view: VkImageView, sampler: VkSampler)) {
        commands.append(.textures(VulkanHandle(first.view), VulkanHandle(first.sampler),
                                  second: VulkanHandle(second.view), VulkanHandle(second.sampler)))
    }
    public func bindStorage(_ buffer: VkBuffer, bytes: UInt64) {
        commands.append(.storage(buffer: VulkanHandle(buffer), bytes: bytes))
    }
    public func bindVertexBuffer(_ buffer: VkBuffer, offset: UInt64 = 0) {
        commands.append(.vertexBuffer(VulkanHandle(buffer), offset: offset))
    }
    public func draw(vertices: UInt32, instances: UInt32 = 1) {
        commands.append(.draw(vertices: vertices, instances: instances))
    }

    public var recorded: RecordedDraws { RecordedDraws(binding: binding, commands: commands) }
}
