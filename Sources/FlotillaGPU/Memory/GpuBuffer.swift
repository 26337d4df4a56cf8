import CVulkan
import FlotillaCore

/// A VkBuffer bound to memory from DeviceMemory, and the one owner of both: it cannot be
/// copied, and goes back only through `release(after:)`, which destroys the buffer and frees
/// its memory once the GPU has finished the named submission (the allocation carries the
/// buffer, so one dropped by mistake takes its buffer with it). What recording needs of it is a
/// `BufferRef`.
public struct GpuBuffer: ~Copyable {
    public let buffer: VkBuffer
    public let allocation: MemoryAllocation
    public let size: UInt64

    /// The buffer's handle and size, for recording; it does not keep the buffer alive.
    public var ref: BufferRef { BufferRef(buffer: buffer, size: size) }

    /// Destroys the buffer and frees its memory once the GPU has finished submission `serial`.
    public consuming func release(after serial: UInt64) {
        let allocation = allocation
        allocation.release(after: serial)
    }
}
