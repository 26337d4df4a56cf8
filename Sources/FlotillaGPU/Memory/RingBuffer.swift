import CVulkan
import DequeModule
import FlotillaCore

/// The host's one streaming buffer for per-frame data (instances, uniforms, upload sources),
/// written by the CPU and read by the GPU once. Space is handed out as `RingSlice`s in order and
/// reclaimed as the timeline passes the submission each slice's release named; when full it
/// grows (a new, larger buffer; the old one goes after its last reader). One per ResourceSet:
/// shared by all windows, or one per window under `--isolated`; charged to the set's owner as
/// `ring`.
public final class RingBuffer {
    private struct Span {
        let id: Int
        let start: UInt64
        let end: UInt64
        /// The submission after which the space is free; nil while the slice is held.
        var serial: UInt64?
    }

    private let memory: DeviceMemory
    let clock: SubmissionClock
    private let owner: MemoryOwner
    /// Made on first use: a resource set nobody streams through (the host's under --isolated)
    /// holds no ring memory.
    private var current: GpuBuffer?
    /// The current buffer's handle and host address.
    private var writing: (buffer: VkBuffer, base: UnsafeMutableRawPointer)?
    /// Bytes of the current buffer (0 before first use).
    public var capacity: UInt64 { current == nil ? 0 : plannedCapacity }
    private var plannedCapacity: UInt64
    /// The current buffer's spans, oldest first; space is taken after the newest.
    private var spans: Deque<Span> = []
    private var head: UInt64 = 0
    private var nextSpan = 1
    /// Spans below this id lived in a buffer replaced by a grow.
    private var firstSpanOfBuffer = 1
    /// The serial after which the last replaced buffer goes: its slices may not name a later one.
    private var replacedAfter: UInt64 = 0
    public private(set) var growCount = 0
    /// Slices dropped without a release: each is a bug, and the tests expect 0.
    public private(set) var droppedSlices = 0

    init(memory: DeviceMemory, clock: SubmissionClock, owner: MemoryOwner, capacity: UInt64) {
        self.memory = memory
        self.clock = clock
        self.owner = owner
        plannedCapacity = capacity
    }

    /// Bytes now held by slices not yet released or by submissions that have not completed.
    public var bytesInFlight: UInt64 {
        spans.reduce(0) { $0 + ($1.end - $1.start) }
    }

    /// Spans kept: one per held slice, and runs of released ones read by one submission joined.
    var spanCount: Int { spans.count }

    /// Space for `size` bytes, held until the slice is released.
    public func allocate(_ size: UInt64, alignment: UInt64 = 16) throws -> RingSlice {
        if current == nil {
            while plannedCapacity < size + alignment { plannedCapacity *= 2 }
            install(try makeBuffer(plannedCapacity))
        }
        if let offset = place(size, alignment: alignment) {
            return take(offset, size)
        }
        try grow(toFit: size + alignment)
        guard let offset = place(size, alignment: alignment) else {
            preconditionFailure("a grown ring of \(capacity) bytes cannot hold \(size)")
        }
        return take(offset, size)
    }

    /// From RingSlice: the span's space is free once the GPU has finished `serial`.
    func close(_ span: Int, after serial: UInt64, dropped: Bool) {
        if dropped { droppedSlices += 1 }
        guard span >= firstSpanOfBuffer else {
            // Its buffer was replaced and goes after `replacedAfter`: a later reader would outlive it.
            precondition(serial <= replacedAfter, "a ring slice read after its replaced buffer's last submission")
            return
        }
        guard let index = spans.lastIndex(where: { $0.id == span }), spans[index].serial == nil else {
            preconditionFailure("ring slice \(span) released twice")
        }
        spans[index].serial = serial
        // The newest span joins the one before it when both are read by the same submission and
        // lie (nearly) end to end: a pass of a thousand windows keeps a handful of spans, not
        // thousands.
        let last = spans.count - 1
        if index == last, last > 0, spans[last - 1].serial == serial,
           spans[last - 1].end <= spans[last].start, spans[last].start < spans[last - 1].end + 256 {
            let joined = Span(id: spans[last].id, start: spans[last - 1].start, end: spans[last].end, serial: serial)
            spans.removeLast()
            spans[last - 1] = joined
        }
    }

    /// Frees the space of the oldest spans whose submissions completed (in order: space is
    /// reused front to back).
    func reclaim(completed: UInt64) {
        while let first = spans.first, let serial = first.serial, serial <= completed { spans.removeFirst() }
        if spans.isEmpty { head = 0 }
    }

    /// Teardown, with the device idle.
    func destroy() {
        spans.removeAll()
        writing = nil
        current.take()?.release(after: clock.lastSubmitted)
    }

    private func place(_ size: UInt64, alignment: UInt64) -> UInt64? {
        let start = DeviceMemory.align(head, to: alignment)
        guard let tail = spans.first?.start else {
            return size <= plannedCapacity ? 0 : nil
        }
        if head > tail {                          // live span [tail, head): free at both ends
            if start + size <= plannedCapacity { return start }
            return size <= tail ? 0 : nil          // wrap around to the front
        }
        return start + size <= tail ? start : nil // wrapped: free between head and tail
    }

    private func take(_ offset: UInt64, _ size: UInt64) -> RingSlice {
        let span = Span(id: nextSpan, start: offset, end: offset + size, serial: nil)
        nextSpan += 1
        spans.append(span)
        head = span.end
        let (buffer, base) = writing!
        return RingSlice(ring: self, span: span.id, buffer: buffer, offset: offset, size: size, pointer: base + Int(offset))
    }

    private func grow(toFit size: UInt64) throws {
        var newCapacity = plannedCapacity * 2
        while newCapacity < size { newCapacity *= 2 }
        let replacement = try makeBuffer(newCapacity)
        // The old buffer's slices are read by the submission being recorded now at the latest.
        replacedAfter = max(clock.next, spans.compactMap(\.serial).max() ?? 0)
        current.take()?.release(after: replacedAfter)
        install(replacement)
        plannedCapacity = newCapacity
        spans.removeAll()
        firstSpanOfBuffer = nextSpan
        head = 0
        growCount += 1
    }

    private func install(_ buffer: consuming GpuBuffer) {
        writing = (buffer.buffer, buffer.allocation.mapped!)
        current = consume buffer
    }

    private func makeBuffer(_ capacity: UInt64) throws -> GpuBuffer {
        try memory.makeBuffer(size: capacity,
                              usage: VkBufferUsageFlags(VK_BUFFER_USAGE_VERTEX_BUFFER_BIT.rawValue
                                  | VK_BUFFER_USAGE_TRANSFER_SRC_BIT.rawValue | VK_BUFFER_USAGE_UNIFORM_BUFFER_BIT.rawValue
                                  | VK_BUFFER_USAGE_STORAGE_BUFFER_BIT.rawValue),
                              hostVisible: true, owner: owner, category: .ring)
    }
}

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
