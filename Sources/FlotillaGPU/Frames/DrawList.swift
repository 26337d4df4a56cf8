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

/// One command of a window's frame, as data: its draws in the pass, and the work before the
/// pass that a recording thread can record (offscreen passes, barriers).
public enum DrawCommand: Sendable {
    /// Push constants and descriptors from here on use this set's layout.
    case binding(PipelineBinding)
    case pipeline(VulkanHandle)
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

/// A DrawList's commands with what replaying them needs.
public struct RecordedDraws: Sendable {
    let binding: PipelineBinding
    let commands: [DrawCommand]

    /// What replaying does, in order: barriers that follow one another joined into one (their
    /// image transitions together, their memory dependencies merged), and every other command as
    /// it is. Pure, so the joining is tested without a GPU.
    enum Step {
        case barrier([ImageTransition], memory: VkMemoryBarrier2?)
        case command(DrawCommand)
    }

    /// The steps as a list (for tests; replay walks them without building one).
    func steps() -> [Step] {
        var steps: [Step] = []
        forEachStep { steps.append($0) }
        return steps
    }

    /// Hands each step to `body` in order. The hot path (every window's replay every frame):
    /// nothing is gathered but the barriers of one run.
    func forEachStep(_ body: (Step) -> Void) {
        var transitions: [ImageTransition] = []
        var memory: VkMemoryBarrier2?
        func flushBarriers() {
            guard !transitions.isEmpty || memory != nil else { return }
            body(.barrier(transitions, memory: memory))
            transitions.removeAll(keepingCapacity: true)
            memory = nil
        }
        for command in commands {
            switch command {
            case .imageBarrier(let image, let from, let to, let srcStage, let srcAccess, let dstStage, let dstAccess):
                transitions.append(ImageTransition(image.raw, from: VkImageLayout(rawValue: from), to: VkImageLayout(rawValue: to),
                                                   srcStage: srcStage, srcAccess: srcAccess, dstStage: dstStage,
                                                   dstAccess: dstAccess))
            case .memoryBarrier(let srcStage, let srcAccess, let dstStage, let dstAccess):
                memory = Barriers.joined(memory, Barriers.memoryBarrier(srcStage: srcStage, srcAccess: srcAccess,
                                                                        dstStage: dstStage, dstAccess: dstAccess))
            case .binding:
                // Not a GPU command (only which layout later constants use): barriers join across it.
                body(.command(command))
            default:
                flushBarriers()
                body(.command(command))
            }
        }
        flushBarriers()
    }

    /// Records the commands into `commandBuffer`, inside a pass that has begun. Barriers that
    /// follow one another become one `vkCmdPipelineBarrier2`, so a chain of passes pays one
    /// barrier between two passes, not one per image.
    public func replay(into commandBuffer: VkCommandBuffer) {
        var binding = binding
        forEachStep { step in
            guard case .command(let command) = step else {
                if case .barrier(let transitions, let memory) = step {
                    Barriers.transitions(commandBuffer, transitions, memory: memory)
                }
                return
            }
            switch command {
            case .imageBarrier, .memoryBarrier:
                preconditionFailure("barriers are joined into barrier steps")
            case .binding(let other):
                binding = other
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
