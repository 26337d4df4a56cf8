import FlotillaCore
import FlotillaGPU

/// A window's content. It advances its own animation, records what must precede the window's
/// pass (uploads and compute steps into the pass's batches, offscreen passes into the frame's
/// prelude), and writes its
/// draws in the pass into a draw list (replayed by a recording thread); what it holds it gives
/// back in `destroy`.
protocol Scene: AnyObject {
    var kind: SceneKind { get }
    /// Advances the animation by `seconds` for a target of `extent`.
    func advance(by seconds: Double, in extent: Extent)
    func prepare(_ frame: FrameContext, constants: FrameConstants) throws
    func record(_ frame: DrawContext, constants: FrameConstants) throws
    /// Returns pooled resources (reused by the pools once the GPU is done with them).
    /// Gives back what the scene holds; `serial` is the last submission that may use it.
    func destroy(after serial: UInt64)
    /// The output scale (HiDPI): what the scene sizes in pixels grows by it.
    func setScale(_ scale: DisplayScale)
    /// The target's top-left `panel` is covered (the overlay panel; zero when hidden): a scene
    /// whose content must stay readable (text, tiles) lays it out beside or below it; a picture
    /// may go on underneath.
    func reserve(panel: Extent)
}

extension Scene {
    func prepare(_ frame: FrameContext, constants: FrameConstants) throws {}
    func setScale(_ scale: DisplayScale) {}
    func reserve(panel: Extent) {}
}
