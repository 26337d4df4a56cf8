import CVulkan
import FlotillaCore

/// One command of a window's frame, as data: its draws in the pass, and the work before the
/// pass that a recording thread can record (offscreen passes, barriers).
public enum DrawCommand: Sendable {
    /// Push constants and descriptors from here on use this set's layout.
    case binding(PipelineBinding)
    case pipeline(VulkanHandle)
    case imageBarrier(image: VulkanHandle, from: UInt32, to: UInt32, srcStage: UInt64, srcAccess: UInt64,
                      dstStage: UInt64, dstAccess: UInt64)
    case memoryBarrier(srcStage: UInt64, srcAccess: UInt64, dstStage: UInt64, dstAccess: UInt64)
    case beginRendering(view: VulkanHandle, extent: Extent, clear: (Float, Float, Float)?)
    case endRendering
    case constants(FrameConstants)
    case texture(view: VulkanHandle, sampler: VulkanHandle)
    case textures(VulkanHandle, VulkanHandle, second: VulkanHandle, VulkanHandle)
    case storage(buffer: VulkanHandle, bytes: UInt64)
    case vertexBuffer(VulkanHandle, offset: UInt64)
    case draw(vertices: UInt32, instances: UInt32)
}
