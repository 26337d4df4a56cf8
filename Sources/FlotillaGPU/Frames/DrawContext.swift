import CVulkan
import FlotillaCore

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
