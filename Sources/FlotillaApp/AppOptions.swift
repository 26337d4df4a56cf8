import FlotillaCore

/// Everything the command line decides, already validated.
public struct AppOptions: Sendable {
    public var windowCount = 3
    public var size = Extent(width: 800, height: 600)
    public var scene: SceneChoice = .mix
    public var headless = false
    /// Each window gets its own pipelines (no cache), samplers, atlas, pools and ring: the
    /// baseline that sharing is measured against.
    public var isolated = false
    /// Exit 0 once every open window has presented this many frames.
    public var frameLimit: Int?
    /// Exit 0 after this many seconds.
    public var secondsLimit: Double?
    /// "-" for standard output.
    public var statsPath: String?
    /// `--keys`: actions played one by one to the focused (or newest) window once the first
    /// windows are on screen.
    public var scriptedKeys: [KeyAction] = []
    /// Spawning past this many open windows is refused with a message.
    public var maxWindows = 256
    /// The memory overlay at start (`--no-overlay` turns it off; `o` toggles it).
    public var overlay = true
    /// `--fixed-step`: seconds every window's animation advances per frame, instead of the
    /// time that passed (deterministic images for tests and benchmarks).
    public var fixedStep: Double?
    /// `--memory-budget`: the most device memory Flotilla allocates, in bytes.
    public var memoryBudget: UInt64?
    /// Threads that record the windows' passes at once (1: all on the loop thread).
    public var threads = 1
    /// `--screenshots`: where `s` writes PNGs (else $XDG_PICTURES_DIR, else the working directory).
    public var screenshotFolder: String?
    /// `--images`: the gallery's PNG and JPEG files, in name order.
    public var images: [String] = []
    /// `--image-cache`: the most bytes of decoded images kept on the GPU.
    public var imageCacheBudget: UInt64 = 64 << 20

    public init() {}
}
