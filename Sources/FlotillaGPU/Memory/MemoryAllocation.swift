import CVulkan
import FlotillaCore

/// One range of device memory handed out by DeviceMemory. A value: DeviceMemory keeps the
/// truth, and `free` takes the allocation back exactly once (checked by its id).
public struct MemoryAllocation {
    public let memory: VkDeviceMemory
    public let offset: UInt64
    public let size: UInt64
    /// Host address of `offset` for host-visible memory (blocks stay mapped for their life).
    public let mapped: UnsafeMutableRawPointer?
    /// The key of DeviceMemory's record, which holds the current owner and category.
    let id: Int
    /// nil for a dedicated allocation, which owns its whole VkDeviceMemory.
    let blockID: Int?
}
