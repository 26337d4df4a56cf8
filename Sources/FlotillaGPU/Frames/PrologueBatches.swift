import CVulkan

/// The buffer uploads of every window of a pass (changed grid cells, overlay text), recorded
/// together in the pass's prologue: one barrier before all the copies (earlier passes' reads of
/// the destinations are done), the copies, and one barrier after them, joined with the barrier
/// that makes every window's image a colour attachment. However many windows upload, a pass pays
/// for two barriers, not two per window.
public final class UploadBatch {
    private struct Copy {
        let source: VkBuffer
        let destination: VkBuffer
        let regions: [VkBufferCopy]
    }

    private var copies: [Copy] = []
    private var readerStages: UInt64 = 0
    private var readerAccess: UInt64 = 0

    init() {}

    /// Copies `regions` of `source` (a ring slice's buffer) into `destination`, which the pass's
    /// draws read at `stages` with `access`.
    public func copy(from source: VkBuffer, to destination: VkBuffer, regions: [VkBufferCopy],
                     readBy stages: UInt64, access: UInt64) {
        guard !regions.isEmpty else { return }
        copies.append(Copy(source: source, destination: destination, regions: regions))
        readerStages |= stages
        readerAccess |= access
    }

    public var count: Int { copies.count }

    /// Records the barrier before and the copies; returns the barrier that must follow them
    /// (nil without copies), for the caller to join with its own.
    func record(into commandBuffer: VkCommandBuffer) -> VkMemoryBarrier2? {
        guard !copies.isEmpty else { return nil }
        // A copy overwrites what earlier passes' draws may still read: it waits for those reads.
        Barriers.memory(commandBuffer, srcStage: readerStages, dstStage: VK_PIPELINE_STAGE_2_TRANSFER_BIT)
        for copy in copies {
            copy.regions.withUnsafeBufferPointer { regions in
                vkCmdCopyBuffer(commandBuffer, copy.source, copy.destination, UInt32(regions.count), regions.baseAddress)
            }
        }
        return Barriers.memoryBarrier(srcStage: VK_PIPELINE_STAGE_2_TRANSFER_BIT, srcAccess: VK_ACCESS_2_TRANSFER_WRITE_BIT,
                                      dstStage: readerStages, dstAccess: readerAccess)
    }
}

/// The compute steps of every window of a pass (the particles' simulation), recorded together in
/// the pass's prologue after the uploads: one barrier before all the dispatches (earlier passes'
/// steps and draws are done with the buffers), the dispatches one after another, and one barrier
/// after them, joined with the one that makes every window's image a colour attachment. However
/// many windows simulate, a pass pays two barriers, not two per window; and no window's pass
/// waits between the others' for a compute step (a compute-to-graphics barrier in the middle of
/// a pass drains the GPU's pixel work, and a software GPU's threads, every time).
public final class ComputeBatch {
    private struct Dispatch {
        let pipeline: VkPipeline
        let binding: PipelineBinding
        let step: ParticleStep
        let storage: VkBuffer
        let bytes: UInt64
        let groups: UInt32
    }

    private var dispatches: [Dispatch] = []
    private var readerStages: UInt64 = 0

    init() {}

    /// One step of `pipeline` over `storage` (its first `bytes`), `groups` workgroups, whose
    /// results the pass's draws read at `stages`.
    public func dispatch(_ pipeline: VkPipeline, binding: PipelineBinding, step: ParticleStep, storage: VkBuffer,
                         bytes: UInt64, groups: UInt32, readBy stages: UInt64) {
        guard groups > 0 else { return }
        dispatches.append(Dispatch(pipeline: pipeline, binding: binding, step: step, storage: storage, bytes: bytes, groups: groups))
        readerStages |= stages
    }

    public var count: Int { dispatches.count }

    /// Records the barrier before and the dispatches; returns the barrier that must follow them
    /// (nil without dispatches), for the caller to join with its own.
    func record(into commandBuffer: VkCommandBuffer) -> VkMemoryBarrier2? {
        guard !dispatches.isEmpty else { return nil }
        // A step rewrites the state the previous frame's step wrote and its draw read.
        Barriers.memory(commandBuffer, srcStage: VK_PIPELINE_STAGE_2_COMPUTE_SHADER_BIT | readerStages,
                        srcAccess: VK_ACCESS_2_SHADER_STORAGE_WRITE_BIT, dstStage: VK_PIPELINE_STAGE_2_COMPUTE_SHADER_BIT,
                        dstAccess: VK_ACCESS_2_SHADER_STORAGE_READ_BIT | VK_ACCESS_2_SHADER_STORAGE_WRITE_BIT)
        var bound: VkPipeline?
        for dispatch in dispatches {
            if bound != dispatch.pipeline {
                vkCmdBindPipeline(commandBuffer, VK_PIPELINE_BIND_POINT_COMPUTE, dispatch.pipeline)
                bound = dispatch.pipeline
            }
            dispatch.binding.push(dispatch.step, into: commandBuffer)
            dispatch.binding.bindStorage(dispatch.storage, bytes: dispatch.bytes, at: VK_PIPELINE_BIND_POINT_COMPUTE,
                                         into: commandBuffer)
            vkCmdDispatch(commandBuffer, dispatch.groups, 1, 1)
        }
        return Barriers.memoryBarrier(srcStage: VK_PIPELINE_STAGE_2_COMPUTE_SHADER_BIT, srcAccess: VK_ACCESS_2_SHADER_STORAGE_WRITE_BIT,
                                      dstStage: readerStages, dstAccess: VK_ACCESS_2_SHADER_STORAGE_READ_BIT)
    }
}
