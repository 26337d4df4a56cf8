import CVulkan

/// Command pools for recording on several threads: Vulkan lets one thread at a time use a
/// pool, so each recording thread has pools of its own, and a pool is reset and reused only
/// once the GPU has finished the pass that last used it (a pool per thread per pass in flight).
/// A window's command buffer for a pass comes from the pool of the thread that will record it.
final class RecordingPools {
    private struct Pool {
        let pool: VkCommandPool
        var buffers: [VkCommandBuffer] = []
        var used = 0
        /// The serial of the last pass that submitted from it (0: none).
        var serial: UInt64 = 0
    }

    private let device: VkDevice
    private let queueFamily: UInt32
    private let clock: SubmissionClock
    /// Per thread, its pools.
    private var pools: [[Pool]] = []
    /// Per thread, the pool this pass takes from.
    private var current: [Int?] = []

    init(device: VkDevice, queueFamily: UInt32, clock: SubmissionClock) {
        self.device = device
        self.queueFamily = queueFamily
        self.clock = clock
    }

    /// A pass begins that records on `threads` threads.
    func begin(threads: Int) {
        while pools.count < threads { pools.append([]) }
        current = Array(repeating: nil, count: threads)
    }

    /// The next command buffer of `thread`'s pool for this pass.
    func commandBuffer(thread: Int) throws -> VkCommandBuffer {
        let index: Int
        if let chosen = current[thread] {
            index = chosen
        } else {
            index = try freePool(of: thread)
            current[thread] = index
        }
        var pool = pools[thread][index]
        if pool.used == pool.buffers.count {
            var info = VkCommandBufferAllocateInfo()
            info.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO
            info.commandPool = pool.pool
            info.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY
            info.commandBufferCount = 1
            var buffer: VkCommandBuffer?
            try check(vkAllocateCommandBuffers(device, &info, &buffer), "vkAllocateCommandBuffers")
            pool.buffers.append(buffer!)
        }
        let buffer = pool.buffers[pool.used]
        pool.used += 1
        pools[thread][index] = pool
        return buffer
    }

    /// The pass was submitted with `serial`: its pools wait for it.
    func submitted(serial: UInt64) {
        for (thread, chosen) in current.enumerated() {
            guard let chosen else { continue }
            pools[thread][chosen].serial = serial
        }
        current = current.map { _ in nil }
    }

    func destroy() {
        for pool in pools.joined() { vkDestroyCommandPool(device, pool.pool, nil) }
        pools = []
    }

    /// A pool of `thread` the GPU is done with, reset; or a new one.
    private func freePool(of thread: Int) throws -> Int {
        let completed = clock.completed()
        if let index = pools[thread].firstIndex(where: { $0.serial <= completed }) {
            // Its command buffers may be recorded again; resetting the pool resets them all.
            try check(vkResetCommandPool(device, pools[thread][index].pool, 0), "vkResetCommandPool")
            pools[thread][index].used = 0
            return index
        }
        pools[thread].append(Pool(pool: try GpuHost.makeCommandPool(device, queueFamily: queueFamily, transient: true)))
        return pools[thread].count - 1
    }
}
