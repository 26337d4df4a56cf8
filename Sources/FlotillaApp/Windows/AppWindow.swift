import FlotillaCore
import FlotillaGPU
import FlotillaWayland
import Logging

/// One Flotilla window: a Wayland toplevel (none under `--headless` and for offscreen jobs), its
/// small GPU state over the shared host, the layers it paints (AppWindow+Paint.swift) and the
/// hooks each of its frames runs, and the state the user's keys and pointer change.
final class AppWindow {
    let id: WindowID
    /// nil under `--headless` and offscreen, where the window is only its offscreen target.
    let toplevel: Window?
    var gpu: WindowGPUState?
    let services: WindowServices
    /// Bottom first: the scene, then (for a window on screen) the overlay and the title bar.
    private(set) var layers: [FrameLayer]
    private(set) var scene: Scene
    /// The overlay and title bar layers (nil for an offscreen window, which has neither).
    let overlay: OverlayLayer?
    let titleBar: TitleBarLayer?
    /// What each frame does besides drawing: thumbnail, screenshot, Wayland frame requests.
    var hooks: [FrameHook]
    /// The scene's seed: the same window id gives the same picture, in its window and offscreen.
    let seed: UInt64
    /// The window's accent colour, in turns: spread by the golden angle so neighbours differ.
    let hue: Float
    /// One of `--windows`, not opened later by a key.
    let openedAtStart: Bool
    /// When the window was asked for (key press or start): its first present is measured from here.
    let spawnedAt: ContinuousClock.Instant = .now

    // Size and pacing.
    var size: Extent
    /// The compositor's size for the window, before the output scale (nil headless).
    var logicalSize: Extent?
    /// A configure's size in pixels waiting for the window's next paint, or for the loop to make
    /// its first swapchain (a configure only records it: GPU work happens in the loop).
    var pendingResize: Extent?
    /// May draw now: its frame callback fired, its first configure was acked, or (headless)
    /// the pacer ticked.
    var frameDue = false
    var closeRequested = false
    var lastAdvance: ContinuousClock.Instant?
    /// Seconds of animation shown so far; stands still while paused (space).
    var animationTime: Double = 0
    /// Frames presented since the window opened, across GPU states (a device loss makes a new one).
    var framesPresented: Int { framesBeforeRebuild + (gpu?.framesPresented ?? 0) }
    var framesBeforeRebuild = 0
    var frameTimes = FrameTimes()

    // What keys and the pointer changed.
    var paused = false
    var helpVisible = false
    /// `s`: the next frame is copied out for a screenshot.
    var screenshotRequested = false
    /// Client-side decorations (where the compositor has none): the part of the title bar the
    /// pointer is over, a press on the close button waiting for its release (a release elsewhere
    /// cancels it, as with any button), and the title's clicks (a double click maximizes).
    var pointerPart: TitleBar.Part?
    var closePressed = false
    var titleClicks = DoubleClick()
    /// When a key that changes this window arrived (presentation clock), until a frame carries it.
    var keyArrived: Duration?
    /// Frames sent to the compositor and when they were shown (wp_presentation).
    var presentations = PresentationTracker()
    var presentationTokens: UInt64 = 0

    // Memory shortages (see AppWindow+Paint.swift).
    /// The scene a key switched away from, until the new one has prepared a frame: a switch that
    /// cannot get its memory goes back to it.
    var sceneBeforeSwitch: SceneKind?
    /// Set when that happened: the loop goes back to `sceneBeforeSwitch` outside the pass.
    var sceneRevert: SceneKind?
    /// A part of the frame could not get GPU memory (said once until it can again).
    var shortOfMemory = false
    /// A window of `--windows` that could not get memory for its first frame: the run ends with
    /// this error (exit 1), as when one cannot be made at all.
    var refusedAtStart: WindowError?

    /// A window on screen (or headless): its scene under the overlay and the title bar.
    init(id: WindowID, toplevel: Window?, scene kind: SceneKind, size: Extent, services: WindowServices,
         openedAtStart: Bool = false) {
        self.id = id
        self.toplevel = toplevel
        self.size = size
        self.services = services
        self.openedAtStart = openedAtStart
        seed = Self.seed(id)
        hue = Self.hue(id)
        scene = SceneFactory.make(kind, seed: seed)
        let overlay = OverlayLayer(), titleBar = TitleBarLayer()
        self.overlay = overlay
        self.titleBar = titleBar
        layers = [scene, overlay, titleBar]
        let screenshots: FrameHook? = services.screenshots
        hooks = [ThumbnailHook(producer: id), screenshots, PresentationHook()].compactMap { $0 }
    }

    /// An offscreen window standing for window `id` (its thumbnail, a screenshot of it hidden):
    /// its scene alone, at `time` seconds of its animation, with `hooks` for what is copied out.
    init(offscreenFor id: WindowID, scene kind: SceneKind, size: Extent, time: Double, services: WindowServices,
         hooks: [FrameHook]) {
        self.id = id
        toplevel = nil
        self.size = size
        self.services = services
        openedAtStart = false
        seed = Self.seed(id)
        hue = Self.hue(id)
        scene = SceneFactory.make(kind, seed: seed)
        overlay = nil
        titleBar = nil
        layers = [scene]
        self.hooks = hooks
        animationTime = time
        paused = true
        scene.advance(by: time, in: size)
    }

    static func seed(_ id: WindowID) -> UInt64 { UInt64(id.rawValue) &* 0x9E37_79B9 }

    static func hue(_ id: WindowID) -> Float {
        let turn = 0.58 + Double(id.rawValue - 1) * 0.381_966
        return Float(turn - turn.rounded(.down))
    }

    var title: String { Self.title(id: id, scene: scene.kind) }

    static func title(id: WindowID, scene: SceneKind) -> String { "Flotilla · \(id) · \(scene.rawValue)" }

    /// The window's output scale (one headless).
    var scale: DisplayScale { toplevel?.scale ?? .one }

    /// Another scene in the scene's place; the old one's resources go after `serial`.
    func replaceScene(with kind: SceneKind, after serial: UInt64) {
        scene.release(after: serial)
        let made = SceneFactory.make(kind, seed: seed)
        made.setScale(scale)
        layers = layers.map { $0 === scene ? made : $0 }
        scene = made
    }

    /// Puts `layer` above the others (below none), or, with `below`, under that layer.
    func add(_ layer: FrameLayer, below other: FrameLayer? = nil) {
        precondition(layers.count < 64, "a window paints at most 64 layers")
        let index = other.flatMap { other in layers.firstIndex { $0 === other } } ?? layers.endIndex
        layers.insert(layer, at: index)
    }

    /// Takes `layer` out of the window; what it holds goes after `serial`. The scene stays.
    func remove(_ layer: FrameLayer, after serial: UInt64) {
        guard layer !== scene, layers.contains(where: { $0 === layer }) else { return }
        layers.removeAll { $0 === layer }
        layer.release(after: serial)
    }

    /// Every layer lets go of its GPU resources (the window closes or the device was lost);
    /// CPU state (the scene's animation) stays.
    func releaseLayers(after serial: UInt64) {
        for layer in layers { layer.release(after: serial) }
    }

    /// This window's picture rendered offscreen, as its scene stands now: for the overview's
    /// thumbnail (`thumbnail`) or a screenshot.
    func offscreenJob(thumbnail: Bool) -> OffscreenJob {
        OffscreenJob(window: id, kind: scene.kind, size: size, time: animationTime, thumbnail: thumbnail)
    }
}

/// What windows use from the program while they paint, shared by every window.
final class WindowServices {
    let logger: Logger
    /// `--fixed-step`: frame N shows N times this many seconds of animation.
    let fixedStep: Double?
    /// The compositor (nil headless and for offscreen windows).
    let display: Display?
    /// The clock of the compositor's presentation times (nil headless).
    var presentationClock: PresentationClock? { display?.globals.presentationClock }
    /// `s` copies the next frame out here (nil for offscreen windows).
    let screenshots: Screenshots?
    /// Where the overlay's figures and whether it is shown come from.
    weak var overlaySource: OverlaySource?
    /// A memory shortage in a window of its own is met alone (the part is left out); an
    /// offscreen job's fails the job.
    let leavesOutShortParts: Bool

    init(logger: Logger, fixedStep: Double? = nil, display: Display? = nil,
         screenshots: Screenshots? = nil, leavesOutShortParts: Bool = true) {
        self.logger = logger
        self.fixedStep = fixedStep
        self.display = display
        self.screenshots = screenshots
        self.leavesOutShortParts = leavesOutShortParts
    }
}
