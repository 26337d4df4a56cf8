import FlotillaCore
import FlotillaGPU
import FlotillaWayland

/// One Flotilla window: a Wayland toplevel (none under `--headless`), its small GPU state over
/// the shared host, and its scene. Nothing else.
final class AppWindow {
    let id: WindowID
    /// nil under `--headless`, where the window is only its offscreen target.
    let toplevel: Window?
    var gpu: WindowGPUState?
    var scene: Scene
    /// The scene a key switched away from, until the new one has prepared a frame: a switch that
    /// cannot get its memory goes back to it.
    var sceneBeforeSwitch: SceneKind?
    /// Set when that happened: the loop goes back to `sceneBeforeSwitch` outside the pass.
    var sceneRevert: SceneKind?
    /// The scene could not get GPU memory for a frame (said once until it can again).
    var sceneShortOfMemory = false
    var size: Extent
    /// May draw now: its frame callback fired, its first configure was acked, or (headless)
    /// the pacer ticked.
    var frameDue = false
    var pendingResize: Extent?
    /// The compositor's size for the window, before the output scale (nil headless).
    var logicalSize: Extent?
    var closeRequested = false
    var lastAdvance: ContinuousClock.Instant?
    /// Seconds of animation shown so far; stands still while paused (space).
    var animationTime: Double = 0
    var paused = false
    var helpVisible = false
    /// `s`: the next frame is copied out for a screenshot.
    var screenshotRequested = false
    let overlay = Overlay()
    /// Client-side decorations (where the compositor has none): the bar the window draws, the
    /// part the pointer is over, a press on the close button waiting for its release (a release
    /// elsewhere cancels it, as with any button), and the title's clicks (a double click maximizes).
    let titleBar = TitleBarPainter()
    var pointerPart: TitleBar.Part?
    var closePressed = false
    var titleClicks = DoubleClick()
    /// What the overlay panel shows, its text as last built, and when to build it again.
    enum OverlayContent { case nothing, figures, help }
    var overlayContent = OverlayContent.nothing
    var overlayText: [String] = []
    var overlayTextDue = ContinuousClock.now
    var frameTimes = FrameTimes()
    /// Frames sent to the compositor and when they were shown (wp_presentation).
    var presentations = PresentationTracker()
    var presentationTokens: UInt64 = 0
    /// When a key that changes this window arrived (presentation clock), until a frame carries it.
    var keyArrived: Duration?
    /// When the window was asked for (key press or start): its first present is measured from here.
    let spawnedAt: ContinuousClock.Instant = .now
    /// The window's accent colour, in turns: spread by the golden angle so neighbours differ.
    let hue: Float

    /// One of `--windows`, not opened later by a key.
    let openedAtStart: Bool

    init(id: WindowID, toplevel: Window?, scene: Scene, size: Extent, openedAtStart: Bool = false) {
        self.id = id
        self.openedAtStart = openedAtStart
        self.toplevel = toplevel
        self.scene = scene
        self.size = size
        let turn = 0.58 + Double(id.rawValue - 1) * 0.381_966
        hue = Float(turn - turn.rounded(.down))
    }

    var title: String { Self.title(id: id, scene: scene.kind) }

    /// The scene's seed: the same window id gives the same picture, in its window and offscreen.
    static func seed(_ id: WindowID) -> UInt64 { UInt64(id.rawValue) &* 0x9E37_79B9 }

    /// This window's picture rendered offscreen, as its scene stands now: for the overview's
    /// thumbnail (`thumbnail`) or a screenshot.
    func offscreenJob(thumbnail: Bool) -> OffscreenJob {
        OffscreenJob(kind: scene.kind, seed: Self.seed(id), size: size, time: animationTime, hue: hue,
                     thumbnailFor: thumbnail ? id : nil)
    }

    static func title(id: WindowID, scene: SceneKind) -> String { "Flotilla · \(id) · \(scene.rawValue)" }
    /// Frames presented since the window opened, across GPU states (a device loss makes a new one).
    var framesPresented: Int { framesBeforeRebuild + (gpu?.framesPresented ?? 0) }
    var framesBeforeRebuild = 0
}
