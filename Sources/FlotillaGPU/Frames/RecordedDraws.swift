import CVulkan
import FlotillaCore

/// A DrawList's commands with what replaying them needs.
public struct RecordedDraws: Sendable {
    let binding: PipelineBinding
    let commands: [DrawCommand]

    /// Records the commands into `commandBuffer`, inside a pass that has begun. Barriers that
    /// follow one another become one `vkCmdPipelineBarrier2` (their memory dependencies joined),
    /// so a chain of passes pays one barrier between two passes, not one per image.
    public func replay(into commandBuffer: VkCommandBuffer) {
        var binding = binding
        var transitions: [ImageTransition] = []
        var memory: VkMemoryBarrier2?
        func flushBarriers() {
            Barriers.transitions(commandBuffer, transitions, memory: memory)
            transitions.removeAll(keepingCapacity: true)
            memory = nil
        }
        for command in commands {
            switch command {
            case .imageBarrier(let image, let from, let to, let srcStage, let srcAccess, let dstStage, let dstAccess):
                transitions.append(ImageTransition(image.raw, from: VkImageLayout(rawValue: from), to: VkImageLayout(rawValue: to),
                                                   srcStage: srcStage, srcAccess: srcAccess, dstStage: dstStage,
                                                   dstAccess: dstAccess))
                continue
            case .memoryBarrier(let srcStage, let srcAccess, let dstStage, let dstAccess):
                var joined = memory ?? Barriers.memoryBarrier(srcStage: 0, dstStage: 0)
                joined.srcStageMask |= srcStage
                joined.srcAccessMask |= srcAccess
                joined.dstStageMask |= dstStage
                joined.dstAccessMask |= dstAccess
                memory = joined
                continue
            case .binding(let other):
                // Not a command: only which layout later constants use.
                binding = other
                continue
            default:
                flushBarriers()
            }
            switch command {
            case .imageBarrier, .memoryBarrier, .binding:
                break
            case .computePipeline(let pipeline):
                vkCmdBindPipeline(commandBuffer, VK_PIPELINE_BIND_POINT_COMPUTE, pipeline.raw)
            case .step(let step):
                binding.push(step, into: commandBuffer)
            case .computeStorage(let buffer, let bytes):
                binding.bindStorage(buffer.raw, bytes: bytes, at: VK_PIPELINE_BIND_POINT_COMPUTE, into: commandBuffer)
            case .dispatch(let groups):
                vkCmdDispatch(commandBuffer, groups, 1, 1)
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
        flushBarriers()
    }
}
