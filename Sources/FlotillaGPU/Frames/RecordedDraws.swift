import CVulkan
import FlotillaCore

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
