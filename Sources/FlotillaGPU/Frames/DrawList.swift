import CVulkan
import FlotillaCore

/// A Vulkan handle that crosses to a recording thread. @unchecked: a handle is a plain
/// identifier; Vulkan's own rules (one thread records a given command buffer) govern its use.
public struct VulkanHandle: @unchecked Sendable, Equatable {
    public let raw: OpaquePointer
    public init(_ raw: OpaquePointer) { self.raw = raw }
}

/// One draw-time command of a window's pass, as data.
public enum DrawCommand: Sendable {
    case pipeline(VulkanHandle)
    case constants(FrameConstants)
    case texture(view: VulkanHandle, sampler: VulkanHandle)
    case textures(VulkanHandle, VulkanHandle, second: VulkanHandle, VulkanHandle)
    case storage(buffer: VulkanHandle, bytes: UInt64)
    case vertexBuffer(VulkanHandle, offset: UInt64)
    case draw(vertices: UInt32, instances: UInt32)
}

/// What a scene draws inside its window's pass, written down on the loop thread (where the
/// scene, the pools and the atlas live) and replayed into the command buffer by whichever
/// recording thread takes the window. Everything the replay needs is in `recorded`, a Sendable
/// value: no scene code runs on a recording thread.
public final class DrawList {
    public let binding: PipelineBinding
    public private(set) var commands: [DrawCommand] = []

    init(binding: PipelineBinding) {
        self.binding = binding
    }

    public func bind(_ pipeline: VkPipeline) { commands.append(.pipeline(VulkanHandle(pipeline))) }
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
        for command in commands {
            switch command {
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
