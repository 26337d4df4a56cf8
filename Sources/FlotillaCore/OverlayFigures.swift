

/// What the overlay says, from the figures of one frame: the ledger, the pools, the scheduler
/// and the window's frame times. Pure, so a test can compare it with the same frame's stats.
public struct OverlayFigures: Sendable, Equatable {
    public var title: String
    public var mode: String
    public var windowBytes: UInt64
    public var sharedBytes: UInt64
    public var totalBytes: UInt64
    public var windowCount: Int
    public var swapchainEstimate: UInt64
    public var deviceAllocations: Int
    public var bufferHitRate: Double
    public var textureHitRate: Double
    public var frameP50Milliseconds: Double?
    public var frameP99Milliseconds: Double?
    public var paints: (input: Int, animation: Int, background: Int)
    /// A window-frame's cost, p50: preparing it on the loop thread, and its share of its pass on
    /// the GPU (nil where the queue has no timestamps).
    public var cpuMicroseconds: Double?
    public var gpuMilliseconds: Double?
    /// Key to the compositor's presentation of the frame that showed it, p50 and p99 (nil until
    /// measured: no key yet, or a compositor without wp_presentation).
    public var keyToPresentMilliseconds: (p50: Double, p99: Double)?
    /// The TextureBridge while an overview subscribes: windows publishing, stale lookups.
    public var bridge: (published: Int, stale: Int)?
    /// The image cache once it holds images: decodes, hits, bytes.
    public var images: (decodes: Int, hits: Int, bytes: UInt64)?

    public init(title: String, mode: String, windowBytes: UInt64, sharedBytes: UInt64, totalBytes: UInt64, windowCount: Int,
                swapchainEstimate: UInt64, deviceAllocations: Int, bufferHitRate: Double, textureHitRate: Double,
                frameP50Milliseconds: Double?, frameP99Milliseconds: Double?, paints: (input: Int, animation: Int, background: Int),
                cpuMicroseconds: Double? = nil, gpuMilliseconds: Double? = nil) {
        self.title = title
        self.mode = mode
        self.windowBytes = windowBytes
        self.sharedBytes = sharedBytes
        self.totalBytes = totalBytes
        self.windowCount = windowCount
        self.swapchainEstimate = swapchainEstimate
        self.deviceAllocations = deviceAllocations
        self.bufferHitRate = bufferHitRate
        self.textureHitRate = textureHitRate
        self.frameP50Milliseconds = frameP50Milliseconds
        self.frameP99Milliseconds = frameP99Milliseconds
        self.paints = paints
        self.cpuMicroseconds = cpuMicroseconds
        self.gpuMilliseconds = gpuMilliseconds
    }

    public static func == (lhs: OverlayFigures, rhs: OverlayFigures) -> Bool {
        OverlayText.lines(lhs) == OverlayText.lines(rhs)
    }
}
