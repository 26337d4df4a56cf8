import CVulkan

/// A buffer as a frame's recording sees it: its handle and size. Copyable and owning nothing;
/// the GpuBuffer it was taken from decides when the buffer goes, after the last frame that uses it.
public struct BufferRef {
    public let buffer: VkBuffer
    public let size: UInt64
}
