import CVulkan
import FlotillaCore

/// A Vulkan handle that crosses to a recording thread. @unchecked: a handle is a plain
/// identifier; Vulkan's own rules (one thread records a given command buffer) govern its use.
public struct VulkanHandle: @unchecked Sendable, Equatable {
    public let raw: OpaquePointer
    public init(_ raw: OpaquePointer) { self.raw = raw }
}
