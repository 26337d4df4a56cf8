import CVulkan
import DequeModule
import FlotillaCore

/// The host's one streaming buffer for per-frame data (instances, uniforms), written by the CPU
/// and read by the GPU once. Space is handed out in submission order and reclaimed as the
/// timeline passes each submission; when full it grows (a new, larger buffer; the old one is
/// released after its last reader). One per ResourceSet: shared by all windows, or one per window
/// under `--isolated`; charged to the set's owner as `ring`.
public final class RingBuffer {
    public struct Slice {
        public let buffer: VkBuffer
        public let offset: UInt64
        public let size: UInt64
        public let pointer: UnsafeMutableRawPointer
    }

    private struct Span {
        let serial: UInt64
        let start: UInt64
        var end: UInt64
    }

    private let device: VkDevice
    private let memory: DeviceMemory
    /// Made on first use: a resource set nobody streams through (the host's under --isolated)
    /// holds no ring memory.
    private var current: (buffer: VkBuffer, allocation: MemoryAllocation)?
    private var retired: Deque<(serial: UInt64, buffer: VkBuffer, allocation: MemoryAllocation)> = []
    /// Bytes of the current buffer (0 before first use).
    public var capacity: UInt64 { current == nil ? 0 : plannedCapacity }
    private var plannedCapacity: UInt64
    private var spans: Deque<Span> = []
    private var head: UInt64 = 0
    public private(set) var growCount = 0

    private let owner: MemoryOwner

    init(device: VkDevice, memory: DeviceMemory, owner: MemoryOwner, capacity: UInt64) throws {
        self.device = device
        self.memory = memory
        self.owner = owner
        plannedCapacity = capacity
    }

    /// Bytes now held by submissions that have not completed.
    public var bytesInFlight: UInt64 {
        spans.reduce(0) { $0 + ($1.end - $1.start) }
    }

    /// Space for `size` bytes that the submission `serial` will read.
    public func allocate(_ size: UInt64, alignment: UInt64 = 16, serial: UInt64) throws -> Slice {
        if current == nil {
            while plannedCapacity < size + alignment { plannedCapacity *= 2 }
            current = try Self.makeBuffer(device: device, memory: memory, owner: owner, capacity: plannedCapacity)
        }
        if let offset = place(size, alignment: alignment) {
            return take(offset, size, serial: serial)
        }
        try grow(toFit: size + alignment, lastSerial: spans.last?.serial ?? serial)
        guard let offset = place(size, alignment: alignment) else {
            preconditionFailure("a grown ring of \(capacity) bytes cannot hold \(size)")
        }
        return take(offset, size, serial: serial)
    }

    /// Frees the space of every submission up to `completed`.
    func reclaim(completed: UInt64) {
        while let first = spans.first, first.serial <= completed { spans.removeFirst() }
        if spans.isEmpty { head = 0 }
        while let old = retired.first, old.serial <= completed {
            retired.removeFirst()
            vkDestroyBuffer(device, old.buffer, nil)
            memory.free(old.allocation)
        }
    }

    func destroy() {
        for old in retired {
            vkDestroyBuffer(device, old.buffer, nil)
            memory.free(old.allocation)
        }
        retired.removeAll()
        if let current {
            vkDestroyBuffer(device, current.buffer, nil)
            memory.free(current.allocation)
        }
        current = nil
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

    private func take(_ offset: UInt64, _ size: UInt64, serial: UInt64) -> Slice {
        let end = offset + size
        if var last = spans.last, last.serial == serial, last.end <= offset, offset < last.end + 256 {
            last.end = end
            spans[spans.count - 1] = last
        } else {
            spans.append(Span(serial: serial, start: offset, end: end))
        }
        head = end
        return Slice(buffer: current!.buffer, offset: offset, size: size,
                     pointer: current!.allocation.mapped! + Int(offset))
    }

    private func grow(toFit size: UInt64, lastSerial: UInt64) throws {
        var newCapacity = plannedCapacity * 2
        while newCapacity < size { newCapacity *= 2 }
        let replacement = try Self.makeBuffer(device: device, memory: memory, owner: owner, capacity: newCapacity)
        if let current { retired.append((lastSerial, current.buffer, current.allocation)) }
        current = replacement
        plannedCapacity = newCapacity
        // Spans of the old buffer stay until their serials complete, but they no longer
        // limit the new buffer's space.
        spans.removeAll()
        head = 0
        growCount += 1
    }

    private static func makeBuffer(device: VkDevice, memory: DeviceMemory, owner: MemoryOwner,
                                   capacity: UInt64) throws -> (buffer: VkBuffer, allocation: MemoryAllocation) {
        var info = VkBufferCreateInfo()
        info.sType = VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO
        info.size = capacity
        info.usage = VkBufferUsageFlags(VK_BUFFER_USAGE_VERTEX_BUFFER_BIT.rawValue | VK_BUFFER_USAGE_TRANSFER_SRC_BIT.rawValue
            | VK_BUFFER_USAGE_UNIFORM_BUFFER_BIT.rawValue | VK_BUFFER_USAGE_STORAGE_BUFFER_BIT.rawValue)
        info.sharingMode = VK_SHARING_MODE_EXCLUSIVE
        var buffer: VkBuffer?
        try check(vkCreateBuffer(device, &info, nil, &buffer), "vkCreateBuffer(ring)")
        var requirements = VkMemoryRequirements()
        vkGetBufferMemoryRequirements(device, buffer, &requirements)
        var allocation: MemoryAllocation?
        do {
            let taken = try memory.allocate(
                requirements,
                required: VkMemoryPropertyFlags(VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT.rawValue
                    | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT.rawValue),
                kind: .linear, owner: owner, category: .ring)
            allocation = taken
            try check(vkBindBufferMemory(device, buffer, taken.memory, taken.offset), "vkBindBufferMemory")
            return (buffer!, taken)
        } catch {
            vkDestroyBuffer(device, buffer, nil)
            allocation.map(memory.free)
            throw error
        }
    }
}
