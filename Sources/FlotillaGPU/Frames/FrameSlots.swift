import CVulkan

/// The per-frame-in-flight resources of one window (vkcube's split): an acquire semaphore per
/// slot, reused only once the slot's last submission has finished; and, where the queue has
/// timestamps, two queries per slot that time the slot's frame on the GPU. Command buffers come
/// from the recording thread's pool for each pass (RecordingPools); per-image resources (views,
/// present semaphores) belong to the target.
final class FrameSlots {
    struct Slot {
        let acquired: VkSemaphore
        /// Timeline serial of the slot's last submission (0: never used).
        var serial: UInt64 = 0
        /// Whether that submission wrote the slot's two timestamps (read when the slot is reused).
        var timed = false
    }

    private let host: GpuHost
    private(set) var slots: [Slot]
    private(set) var current = 0
    /// Two timestamps per slot (start and end of its command buffer); nil without timestamps.
    private let queries: VkQueryPool?

    init(host: GpuHost, count: Int) throws {
        self.host = host
        var made: [Slot] = []
        do {
            for _ in 0..<count { made.append(Slot(acquired: try host.makeBinarySemaphore())) }
            queries = host.capabilities.hasTimestamps ? try Self.makeQueryPool(host.device, count: UInt32(count * 2)) : nil
        } catch {
            made.forEach { vkDestroySemaphore(host.device, $0.acquired, nil) }
            throw error
        }
        slots = made
    }

    var slot: Slot { slots[current] }

    /// Whether the current slot may be reused now; never waits.
    var isReady: Bool { host.isComplete(slots[current].serial) }

    /// At the start of the current slot's recording: reads the GPU time of the slot's previous
    /// frame (finished, since the slot is ready) into the host's histogram, then resets the
    /// slot's queries and writes the start timestamp.
    func beginTiming(_ commandBuffer: VkCommandBuffer) {
        guard let queries else { return }
        let first = UInt32(current * 2)
        if slots[current].timed {
            var ticks: (UInt64, UInt64) = (0, 0)
            let result = withUnsafeMutableBytes(of: &ticks) { raw in
                vkGetQueryPoolResults(host.device, queries, first, 2, raw.count, raw.baseAddress, 8,
                                      VkQueryResultFlags(VK_QUERY_RESULT_64_BIT.rawValue))
            }
            if result == VK_SUCCESS { host.recordFrameGPUTime(ticks: ticks.1 &- ticks.0) }
        }
        vkCmdResetQueryPool(commandBuffer, queries, first, 2)
        vkCmdWriteTimestamp2(commandBuffer, VkPipelineStageFlags2(VK_PIPELINE_STAGE_2_TOP_OF_PIPE_BIT), queries, first)
        slots[current].timed = true
    }

    /// Where the current slot's end timestamp goes (written by whichever thread ends the
    /// frame's recording), or nil without timestamps.
    var endTimestamp: (pool: VulkanHandle, query: UInt32)? {
        queries.map { (VulkanHandle($0), UInt32(current * 2 + 1)) }
    }

    func finish(serial: UInt64) {
        slots[current].serial = serial
        current = (current + 1) % slots.count
    }

    /// Serial of the newest submission of any slot: once it completes, the window is idle.
    var lastSerial: UInt64 { slots.map(\.serial).max() ?? 0 }

    /// Destroys now: the caller has waited for `lastSerial`.
    func destroy() {
        slots.forEach { vkDestroySemaphore(host.device, $0.acquired, nil) }
        if let queries { vkDestroyQueryPool(host.device, queries, nil) }
        slots = []
    }

    private static func makeQueryPool(_ device: VkDevice, count: UInt32) throws -> VkQueryPool {
        var info = VkQueryPoolCreateInfo()
        info.sType = VK_STRUCTURE_TYPE_QUERY_POOL_CREATE_INFO
        info.queryType = VK_QUERY_TYPE_TIMESTAMP
        info.queryCount = count
        var pool: VkQueryPool?
        try check(vkCreateQueryPool(device, &info, nil, &pool), "vkCreateQueryPool")
        return pool!
    }
}
