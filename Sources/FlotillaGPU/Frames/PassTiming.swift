import CVulkan
import FlotillaCore

/// The GPU time of whole passes: a timestamp at the start of a pass's first command buffer and
/// one at the end of its last, read back once the pass has finished. Two timestamps a pass, not
/// two a window: an end-of-pipe timestamp waits for everything before it, and one per window
/// would drain the GPU between every two windows.
final class PassTiming {
    /// Pairs of queries, one pair per pass in flight, reused in turn.
    static let pairs = 16

    private let device: VkDevice
    private let period: Double
    private let pool: VkQueryPool
    /// Per pair: the pass's serial and window-frames (serial 0: free).
    private var inFlight: [(serial: UInt64, frames: Int)]
    private var next = 0
    private(set) var passTime = LatencyHistogram()
    private(set) var windowFrameTime = LatencyHistogram()

    init?(device: VkDevice, capabilities: HostCapabilities) {
        guard capabilities.hasTimestamps else { return nil }
        var info = VkQueryPoolCreateInfo()
        info.sType = VK_STRUCTURE_TYPE_QUERY_POOL_CREATE_INFO
        info.queryType = VK_QUERY_TYPE_TIMESTAMP
        info.queryCount = UInt32(Self.pairs * 2)
        var pool: VkQueryPool?
        guard vkCreateQueryPool(device, &info, nil, &pool) == VK_SUCCESS, let pool else { return nil }
        self.device = device
        self.pool = pool
        period = Double(capabilities.timestampPeriod)
        inFlight = Array(repeating: (0, 0), count: Self.pairs)
    }

    /// The queries a pass of `serial` writes, or nil when every pair is still on the GPU (that
    /// pass goes untimed).
    func queries(for serial: UInt64, completed: UInt64) -> (pool: VulkanHandle, first: UInt32)? {
        collect(completed: completed)
        guard inFlight[next].serial == 0 else { return nil }
        let pair = next
        next = (next + 1) % Self.pairs
        inFlight[pair] = (serial, 0)
        return (VulkanHandle(pool), UInt32(pair * 2))
    }

    /// The pass that took `first` was submitted with `frames` window-frames (0: it was not).
    func submitted(first: UInt32, frames: Int) {
        let pair = Int(first) / 2
        if frames == 0 { inFlight[pair] = (0, 0) } else { inFlight[pair].frames = frames }
    }

    /// Reads the pairs of finished passes.
    func collect(completed: UInt64) {
        for pair in inFlight.indices where inFlight[pair].serial != 0 && inFlight[pair].serial <= completed {
            var ticks: (UInt64, UInt64) = (0, 0)
            let result = withUnsafeMutableBytes(of: &ticks) { raw in
                vkGetQueryPoolResults(device, pool, UInt32(pair * 2), 2, raw.count, raw.baseAddress, 8,
                                      VkQueryResultFlags(VK_QUERY_RESULT_64_BIT.rawValue))
            }
            if result == VK_SUCCESS, inFlight[pair].frames > 0 {
                let nanoseconds = min(Double(ticks.1 &- ticks.0) * period, 1e12)
                passTime.record(.nanoseconds(Int64(nanoseconds)))
                windowFrameTime.record(.nanoseconds(Int64(nanoseconds / Double(inFlight[pair].frames))))
            }
            inFlight[pair] = (0, 0)
        }
    }

    func destroy() {
        vkDestroyQueryPool(device, pool, nil)
    }
}
