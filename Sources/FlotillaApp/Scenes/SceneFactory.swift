import FlotillaCore
import FlotillaGPU

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
