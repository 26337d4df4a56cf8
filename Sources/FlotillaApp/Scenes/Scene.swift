import FlotillaCore
import FlotillaGPU

/// A window's content. It advances its own animation and records its draws into a frame of
/// the shared frame path; whatever it holds on the GPU it releases in `destroy`.
protocol Scene: AnyObject {
    var kind: SceneKind { get }
    /// Advances the animation by `seconds` for a target of `extent`.
    func advance(by seconds: Double, in extent: Extent)
    func record(_ frame: FrameContext, constants: FrameConstants) throws
    func destroy(host: GpuHost)
}

enum SceneFactory {
    static func make(_ kind: SceneKind, seed: UInt64) -> Scene {
        switch kind {
        case .particles, .grid, .post, .overview:
            // Only the particles scene exists yet; SceneKind.available keeps the others from
            // being chosen, so this is the one scene every window can show.
            ParticlesScene(seed: seed)
        }
    }
}
