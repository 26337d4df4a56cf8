import CVulkan
import FlotillaCore

/// One range of device memory handed out by DeviceMemory, owned by exactly one value: it cannot
/// be copied, and goes back only through `release(after:)`, which names the last submission that
/// may use it. Until the GPU has finished that submission the range stays taken, so "freed while
/// a frame still reads it" and "freed twice" cannot be written.
///
/// One dropped without a release is a bug that the tests look for
/// (`DeviceMemory.droppedAllocations` stays 0); its range goes back after the submission being
/// recorded now, the latest that could have used it.
public struct MemoryAllocation: ~Copyable {
    public let memory: VkDeviceMemory
    public let offset: UInt64
    public let size: UInt64
    /// Host address of `offset` for host-visible memory (blocks stay mapped for their life).
    public let mapped: UnsafeMutableRawPointer?
    /// The key of DeviceMemory's record, which holds the current owner and category.
    let id: Int
    /// nil for a dedicated allocation, which owns its whole VkDeviceMemory.
    let blockID: Int?
    /// The buffer or image bound to the range: it goes with the range, also when dropped.
    let bound: DeviceMemory.BoundObject?
    /// A strong reference kept by hand (taken when made, given up by the release or the deinit),
    /// so that every stored property is trivial and `discard` may skip the deinit.
    private let allocator: Unmanaged<DeviceMemory>

    init(memory: VkDeviceMemory, offset: UInt64, size: UInt64, mapped: UnsafeMutableRawPointer?,
         id: Int, blockID: Int?, bound: DeviceMemory.BoundObject? = nil, allocator: Unmanaged<DeviceMemory>) {
        self.memory = memory
        self.offset = offset
        self.size = size
        self.mapped = mapped
        self.id = id
        self.blockID = blockID
        self.bound = bound
        self.allocator = allocator
    }

    init(memory: VkDeviceMemory, offset: UInt64, size: UInt64, mapped: UnsafeMutableRawPointer?,
         id: Int, blockID: Int?, allocator: DeviceMemory) {
        self.init(memory: memory, offset: offset, size: size, mapped: mapped, id: id, blockID: blockID,
                  allocator: Unmanaged.passRetained(allocator))
    }

    /// The same range, now with `object` bound to it (destroyed when the range goes).
    consuming func binding(_ object: DeviceMemory.BoundObject) -> MemoryAllocation {
        let bound = MemoryAllocation(memory: memory, offset: offset, size: size, mapped: mapped, id: id,
                                     blockID: blockID, bound: object, allocator: allocator)
        discard self
        return bound
    }

    /// Gives the range back, and destroys what is bound to it, once the GPU has finished
    /// submission `serial`; at once when it has.
    public consuming func release(after serial: UInt64) {
        allocator.takeRetainedValue().retire(id, object: bound, after: serial)
        discard self
    }

    deinit {
        let allocator = allocator.takeRetainedValue()
        allocator.droppedAllocations += 1
        allocator.retire(id, object: bound, after: allocator.clock.next)
    }
}
