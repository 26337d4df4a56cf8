import FlotillaCore
import FlotillaGPU

/// One layer of a window's frame: the scene at the bottom, the overlay over it, the title bar on
/// top. A window holds its layers in that order (bottom first) and paints them in two steps
/// (AppWindow.paint): every layer is prepared, top first, before the window's pass begins (it
/// lays itself out, streams what changes each frame through the ring, and records its uploads
/// and compute steps into the pass's batches); then the layers that prepared something record
/// their draws, bottom first, into the window's draw list. What a layer holds on the GPU it gives
/// back with `release(after:)`, after the last submission that may still read it.
protocol FrameLayer: AnyObject {
    /// What a shortage of GPU memory names: a layer that cannot get memory is left out of the
    /// frame, alone.
    var part: FramePart { get }
    /// Prepares this frame's content. `paint` says what the layers above cover (they were
    /// prepared first); a layer that covers part of the target adds it. Returns false when the
    /// layer draws nothing in this frame (then it is not asked to record).
    func prepare(_ frame: FrameContext, _ paint: inout LayerPaint) throws -> Bool
    /// Draws what `prepare` made ready.
    func record(_ frame: DrawContext, _ paint: LayerPaint) throws
    /// Gives back what the layer holds; `serial` is the last submission that may use it.
    func release(after serial: UInt64)
}

/// What the layers of one frame share while it is painted.
struct LayerPaint {
    /// The window painted (its state: title, focus, pointer, overlay content, frame times); nil
    /// for a scene painted alone (tests).
    let window: AppWindow?
    var constants: FrameConstants
    /// The window's scale (HiDPI, fractional too): what a layer sizes in pixels grows by it.
    let scale: DisplayScale
    let now: ContinuousClock.Instant
    /// Pixels at the target's top that the layers above cover over its whole width (a title bar).
    var coveredTop = 0
    /// The target's top-left part that the layers above cover (the overlay panel), from the
    /// target's top, margin included.
    var coveredPanel = Extent(width: 0, height: 0)

    /// What content that must stay readable (text, tiles) is laid out beside or below.
    var covered: Extent { Extent(width: coveredPanel.width, height: max(coveredPanel.height, coveredTop)) }
}

/// What a window's frame is made of, as a shortage of memory names it.
enum FramePart: CustomStringConvertible, Equatable {
    case titleBar, overlay
    case scene(SceneKind)
    /// A layer added by a test or a tool.
    case other(String)

    var description: String {
        switch self {
        case .titleBar: "the title bar"
        case .overlay: "the overlay"
        case .scene(let kind): "the \(kind.rawValue) scene"
        case .other(let name): name
        }
    }
}

/// What a window does with a frame besides drawing it: a copy of the finished image (a
/// screenshot, an overview's thumbnail, an offscreen job's pixels) or Wayland requests that must
/// go out with its present (the next frame callback, presentation feedback).
protocol FrameHook: AnyObject {
    /// After the layers are prepared: adds copies to the frame's end.
    func prepare(_ frame: FrameContext, window: AppWindow) throws
    /// The frame is in the pass (`recorded`), or was given up (nothing of it reaches the GPU).
    func finished(recorded: Bool, window: AppWindow)
    /// The frame will be presented: requests that must precede the commit its present makes.
    /// `paintBegan` is when its paint began on the presentation clock (nil without one).
    func beforePresent(window: AppWindow, paintBegan: Duration?)
}

extension FrameHook {
    func prepare(_ frame: FrameContext, window: AppWindow) throws {}
    func finished(recorded: Bool, window: AppWindow) {}
    func beforePresent(window: AppWindow, paintBegan: Duration?) {}
}

/// While an overview subscribes, the frame ends with a scaled copy for the TextureBridge: this
/// window's own, or (offscreen) the one of the window it stands for.
final class ThumbnailHook: FrameHook {
    let producer: WindowID

    init(producer: WindowID) { self.producer = producer }

    func prepare(_ frame: FrameContext, window: AppWindow) throws {
        try frame.host.bridge.prepareThumbnail(for: producer, frame)
    }
}

/// Every presented frame asks for the next frame callback (which paces the window) and, where
/// the compositor offers wp_presentation, when it reached the screen.
final class PresentationHook: FrameHook {
    func beforePresent(window: AppWindow, paintBegan: Duration?) {
        guard let toplevel = window.toplevel else { return }
        toplevel.requestFrame()
        guard let paintBegan else { return }
        window.presentationTokens += 1
        toplevel.requestPresentationFeedback(token: window.presentationTokens)
        window.presentations.send(token: window.presentationTokens, paintBegan: paintBegan,
                                  committed: window.services.presentationClock?.now(),
                                  keyArrived: window.keyArrived.take(), continuous: !window.paused)
    }
}
