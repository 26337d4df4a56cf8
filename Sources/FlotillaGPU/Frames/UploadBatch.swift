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
