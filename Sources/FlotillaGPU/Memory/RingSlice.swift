import CVulkan

/// Space in the ring for one upload or one frame's instances: write through `pointer`, record
/// reads of `buffer` at `offset`, then `release(after:)` the submission that reads it. It cannot
/// be copied, and the ring reuses the space only after the GPU has finished that submission.
/// One dropped without a release is freed after the submission being recorded now and counted
/// in `RingBuffer.droppedSlices`, which the tests expect to stay 0.
public struct RingSlice: ~Copyable {
    /// Kept by hand, as PooledBuffer's pool is, so that `discard` may skip the deinit.
    private let ring: Unmanaged<RingBuffer>
    private let span: Int
    public let buffer: VkBuffer
    public let offset: UInt64
    public let size: UInt64
    public let pointer: UnsafeMutableRawPointer

    init(ring: RingBuffer, span: Int, buffer: VkBuffer, offset: UInt64, size: UInt64, pointer: UnsafeMutableRawPointer) {
        self.ring = Unmanaged.passRetained(ring)
        self.span = span
        self.buffer = buffer
        self.offset = offset
        self.size = size
        self.pointer = pointer
    }

    /// The space is free again once the GPU has finished submission `serial`, the last that reads it.
    public consuming func release(after serial: UInt64) {
        ring.takeRetainedValue().close(span, after: serial, dropped: false)
        discard self
    }

    deinit {
        let ring = ring.takeRetainedValue()
        ring.close(span, after: ring.clock.next, dropped: true)
    }
}
