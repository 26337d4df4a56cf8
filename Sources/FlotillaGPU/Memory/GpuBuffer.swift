import CVulkan
import FlotillaCore

/// A VkBuffer bound to memory from DeviceMemory. Its owner destroys it once, after the GPU is
/// done with it (`GpuHost.releaseAfterSubmittedWork`).
public struct GpuBuffer {
    public let buffer: VkBuffer
    public let allocation: MemoryAllocation
    public let size: UInt64
}
