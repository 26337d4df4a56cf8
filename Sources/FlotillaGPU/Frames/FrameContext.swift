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

/// What a scene draws with inside its window's pass. It has no command buffer: the draws go
/// into `draws`, which a recording thread replays once the pass has begun; uploads, compute and
/// offscreen passes belong in `prepare`, with the FrameContext.
public struct DrawContext {
    public let extent: Extent
    public let pipelines: PipelineSet
    public let resources: ResourceSet
    /// The window that draws.
    public let owner: MemoryOwner
    /// The serial of the submission that will carry these draws.
    public let serial: UInt64
    public let draws: DrawList
}

extension FrameContext {
    /// A DrawContext of this frame for a pass of `extent` drawn with `pipelines`: the window's
    /// own pass (the frame path, a new list), or an offscreen pass of the scene's, whose draws go
    /// into `list` (the prelude, between the pass's begin and end).
    public func drawContext(extent: Extent? = nil, pipelines: PipelineSet? = nil, into list: DrawList? = nil) -> DrawContext {
        let pipelines = pipelines ?? self.pipelines
        return DrawContext(extent: extent ?? self.extent, pipelines: pipelines, resources: resources, owner: owner,
                           serial: serial, draws: list ?? DrawList(binding: pipelines.binding))
    }
}

/// A copy out of a window's finished frame, recorded after its pass and before the image goes
/// to the compositor: a thumbnail for the TextureBridge, or the pixels for a screenshot.
public enum FrameCopy: Sendable {
    /// Scaled down (linear blit) into `image`, which is then left for sampling by later
    /// submissions on the queue (any window's).
    case thumbnail(image: VulkanHandle, extent: Extent)
    /// Copied into a host-visible buffer of width x height x 4 bytes, for the CPU once the
    /// frame's serial is complete.
    case pixels(buffer: VulkanHandle)
}

/// The copies a frame asks for, gathered while it is prepared (on the loop thread).
public final class FrameEpilogue {
    public private(set) var copies: [FrameCopy] = []

    public func add(_ copy: FrameCopy) { copies.append(copy) }
}
