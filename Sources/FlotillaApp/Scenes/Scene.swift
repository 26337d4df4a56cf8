import FlotillaCore
import FlotillaGPU

/// A window's content, the bottom layer of its frame. It advances its own animation, records
/// what must precede the window's pass (uploads and compute steps into the pass's batches,
/// offscreen passes into the frame's prelude), and writes its draws in the pass into a draw list
/// (replayed by a recording thread); what it holds it gives back in `release(after:)`.
protocol Scene: FrameLayer {
    var kind: SceneKind { get }
    /// Advances the animation by `seconds` for a target of `extent`.
    func advance(by seconds: Double, in extent: Extent)
    /// The output scale (HiDPI): what the scene sizes in pixels grows by it.
    func setScale(_ scale: DisplayScale)
    /// The target's top-left `panel` is covered by the layers above (the overlay panel, the
    /// title bar; zero when none): a scene whose content must stay readable (text, tiles) lays
    /// it out beside or below it; a picture may go on underneath.
    func reserve(panel: Extent)
    /// Prepares a frame drawn with `constants` (a scene inside another, as the post scene's
    /// particles, is given its own).
    func prepare(_ frame: FrameContext, constants: FrameConstants) throws
    func record(_ frame: DrawContext, constants: FrameConstants) throws
}

extension Scene {
    var part: FramePart { .scene(kind) }

    /// A scene always draws: it keeps clear of what the layers above cover, with the window's
    /// constants.
    func prepare(_ frame: FrameContext, _ paint: inout LayerPaint) throws -> Bool {
        reserve(panel: paint.covered)
        try prepare(frame, constants: paint.constants)
        return true
    }

    func record(_ frame: DrawContext, _ paint: LayerPaint) throws {
        try record(frame, constants: paint.constants)
    }

    func prepare(_ frame: FrameContext, constants: FrameConstants) throws {}
    func setScale(_ scale: DisplayScale) {}
    func reserve(panel: Extent) {}
}

/// The demo scenes, each exercising one sharing mechanism.
public enum SceneKind: String, CaseIterable, Sendable {
    case grid, particles, post, overview, gallery

    /// What `--scene mix` cycles through: the scenes that draw something of their own (an
    /// overview shows the others, and makes every window render a thumbnail).
    public static let mixed: [SceneKind] = [.grid, .particles, .post]

    /// The next scene of the mix (the `N` key).
    public var next: SceneKind {
        let list = Self.mixed
        let index = list.firstIndex(of: self) ?? 0
        return list[(index + 1) % list.count]
    }
}

/// `--scene NAME|mix`: one scene for every window, or each new window the next scene.
public enum SceneChoice: Sendable, Equatable {
    case one(SceneKind)
    case mix

    public init?(argument: String) {
        if argument == "mix" { self = .mix; return }
        guard let kind = SceneKind(rawValue: argument) else { return nil }
        self = .one(kind)
    }

    func scene(forWindowNumber number: Int) -> SceneKind {
        switch self {
        case .one(let kind): kind
        case .mix: SceneKind.mixed[(number - 1) % SceneKind.mixed.count]
        }
    }
}

enum SceneFactory {
    static func make(_ kind: SceneKind, seed: UInt64) -> Scene {
        switch kind {
        case .particles: ParticlesScene(seed: seed)
        case .overview: OverviewScene()
        case .gallery: GalleryScene()
        case .grid: GridScene(seed: seed)
        case .post: PostScene(seed: seed)
        }
    }
}
