import FlotillaCore

/// One offscreen render: a scene at a size and a moment of its animation, into an image whose
/// pixels come back through `result`. Cancelled before it starts, it never runs.
final class OffscreenJob {
    let kind: SceneKind
    let seed: UInt64
    let size: Extent
    /// Seconds of animation the scene is advanced by before its frame.
    let time: Double
    /// The accent colour of the window it stands for (turns).
    let hue: Float
    /// The frame also becomes this window's thumbnail in the TextureBridge (a window whose own
    /// frames stopped, hidden or minimized, still shows in the overview).
    let thumbnailFor: WindowID?
    let result = AsyncResult<OffscreenImage>()
    private(set) var isCancelled = false

    init(kind: SceneKind, seed: UInt64, size: Extent, time: Double, hue: Float = 0.5, thumbnailFor: WindowID? = nil) {
        self.hue = hue
        self.kind = kind
        self.seed = seed
        self.size = size
        self.time = time
        self.thumbnailFor = thumbnailFor
    }

    /// A job not yet started is dropped; one already on the GPU finishes, its result unused.
    func cancel() {
        isCancelled = true
        result.fail("cancelled")
    }
}
