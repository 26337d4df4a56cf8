import CVulkan
import FlotillaCore

/// A Vulkan handle that crosses to a recording thread. @unchecked: a handle is a plain
/// identifier; Vulkan's own rules (one thread records a given command buffer) govern its use.
public struct VulkanHandle: @unchecked Sendable, Equatable {
    public let raw: OpaquePointer
    public init(_ raw: OpaquePointer) { self.raw = raw }
}

/// One command of a window's frame, as data: its draws in the pass, and the work before the
/// pass that a recording thread can record (compute steps, offscreen passes, barriers).
public enum DrawCommand: Sendable {
    /// Push constants and descriptors from here on use this set's layout.
    case binding(PipelineBinding)
    case pipeline(VulkanHandle)
    case computePipeline(VulkanHandle)
    case step(ParticleStep)
    case computeStorage(buffer: VulkanHandle, bytes: UInt64)
    case dispatch(groups: UInt32)
    case imageBarrier(image: VulkanHandle, from: UInt32, to: UInt32, srcStage: UInt64, srcAccess: UInt64,
                      dstStage: UInt64, dstAccess: UInt64)
    case memoryBarrier(srcStage: UInt64, srcAccess: UInt64, dstStage: UInt64, dstAccess: UInt64)
    case beginRendering(view: VulkanHandle, extent: Extent, clear: (Float, Float, Float)?)
    case endRendering
    case constants(FrameConstants)
    case texture(view: VulkanHandle, sampler: VulkanHandle)
    case textures(VulkanHandle, VulkanHandle, second: VulkanHandle, VulkanHandle)
    case storage(buffer: VulkanHandle, bytes: UInt64)
    case vertexBuffer(VulkanHandle, offset: UInt64)
    case draw(vertices: UInt32, instances: UInt32)
}

/// What a scene records for its window's frame, written down on the loop thread (where the
/// scene, the pools and the atlas live) and replayed into the command buffer by whichever
/// recording thread takes the window: the draws inside the window's pass, and the frame's
/// prelude before it (compute, offscreen passes). Everything the replay needs is in `recorded`,
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
    public func bindCompute(_ pipeline: VkPipeline) { commands.append(.computePipeline(VulkanHandle(pipeline))) }
    public func push(_ step: ParticleStep) { commands.append(.step(step)) }
    public func bindComputeStorage(_ buffer: VkBuffer, bytes: UInt64) {
        commands.append(.computeStorage(buffer: VulkanHandle(buffer), bytes: bytes))
    }
    public func dispatch(groups: UInt32) { commands.append(.dispatch(groups: groups)) }
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

/// A DrawList's commands with what replaying them needs.
public struct RecordedDraws: Sendable {
    let binding: PipelineBinding
    let commands: [DrawCommand]

    /// Records the commands into `commandBuffer`, inside a pass that has begun.
    public func replay(into commandBuffer: VkCommandBuffer) {
        var binding = binding
        for command in commands {
            switch command {
            case .binding(let other):
                binding = other
            case .computePipeline(let pipeline):
                vkCmdBindPipeline(commandBuffer, VK_PIPELINE_BIND_POINT_COMPUTE, pipeline.raw)
            case .step(let step):
                binding.push(step, into: commandBuffer)
            case .computeStorage(let buffer, let bytes):
                binding.bindStorage(buffer.raw, bytes: bytes, at: VK_PIPELINE_BIND_POINT_COMPUTE, into: commandBuffer)
            case .dispatch(let groups):
                vkCmdDispatch(commandBuffer, groups, 1, 1)
            case .imageBarrier(let image, let from, let to, let srcStage, let srcAccess, let dstStage, let dstAccess):
                Barriers.transition(commandBuffer, image.raw, from: VkImageLayout(rawValue: from), to: VkImageLayout(rawValue: to),
                                    srcStage: srcStage, srcAccess: srcAccess, dstStage: dstStage, dstAccess: dstAccess)
            case .memoryBarrier(let srcStage, let srcAccess, let dstStage, let dstAccess):
                Barriers.memory(commandBuffer, srcStage: srcStage, srcAccess: srcAccess, dstStage: dstStage, dstAccess: dstAccess)
            case .beginRendering(let view, let extent, let clear):
                Rendering.begin(commandBuffer, view.raw, extent: extent, clear: clear)
            case .endRendering:
                vkCmdEndRendering(commandBuffer)
            case .pipeline(let pipeline):
                vkCmdBindPipeline(commandBuffer, VK_PIPELINE_BIND_POINT_GRAPHICS, pipeline.raw)
            case .constants(let constants):
                binding.push(constants, into: commandBuffer)
            case .texture(let view, let sampler):
                binding.bindTextures([(view.raw, sampler.raw)], at: [0], into: commandBuffer)
            case .textures(let view, let sampler, let secondView, let secondSampler):
                binding.bindTextures([(view.raw, sampler.raw), (secondView.raw, secondSampler.raw)], at: [0, 2],
                                     into: commandBuffer)
            case .storage(let buffer, let bytes):
                binding.bindStorage(buffer.raw, bytes: bytes, at: VK_PIPELINE_BIND_POINT_GRAPHICS, into: commandBuffer)
            case .vertexBuffer(let buffer, let offset):
                var handle: VkBuffer? = buffer.raw
                var offset = offset
                vkCmdBindVertexBuffers(commandBuffer, 0, 1, &handle, &offset)
            case .draw(let vertices, let instances):
                vkCmdDraw(commandBuffer, vertices, instances, 0, 0)
            }
        }
    }
}
