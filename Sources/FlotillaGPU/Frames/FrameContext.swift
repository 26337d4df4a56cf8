import CVulkan
import FlotillaCore

/// What a scene prepares with, for one frame of one window (before its pass): `uploads` for
/// buffer uploads (changed cells, overlay text) and `computeSteps` for compute steps (the
/// particles' simulation), which the pass records with every other window's; `commandBuffer`, the pass's prologue, for the rare work that must be recorded here
/// and now (new glyphs, mipmaps, copies into a resized buffer); and `prelude` for the frame's
/// regular work before its pass (offscreen passes), which a recording thread replays after them.
public struct FrameContext {
    public let commandBuffer: VkCommandBuffer
    public let uploads: UploadBatch
    public let computeSteps: ComputeBatch
    public let extent: Extent
    public let pipelines: PipelineSet
    public let resources: ResourceSet
    /// The window that records: what it checks out is charged to it.
    public let owner: MemoryOwner
    public let host: GpuHost
    /// The serial this frame's submission will have: ring slices are tagged with it.
    public let serial: UInt64
    public let prelude: DrawList
    /// Copies out of the finished frame (thumbnail, screenshot pixels), made after its pass.
    public let epilogue: FrameEpilogue
    /// Whether the frame's image may be copied from (see SurfaceTarget.canCopyFrom).
    public let canCopyFrom: Bool

    /// The same frame, drawing into an offscreen pass of another size and format.
    public func drawing(into extent: Extent, with pipelines: PipelineSet) -> FrameContext {
        FrameContext(commandBuffer: commandBuffer, uploads: uploads, computeSteps: computeSteps, extent: extent, pipelines: pipelines, resources: resources,
                     owner: owner, host: host, serial: serial, prelude: prelude, epilogue: epilogue,
                     canCopyFrom: canCopyFrom)
    }
}
