import FlotillaCore

/// `--scene NAME|mix`: one scene for every window, or each new window the next scene.
public enum SceneChoice: Sendable, Equatable {
    case one(SceneKind)
    case mix

    public init?(argument: String) {
        if argument == "mix" { self = .mix; return }
        guard let kind = SceneKind(rawValue: argument), kind.isAvailable else { return nil }
        self = .one(kind)
    }

    func scene(forWindowNumber number: Int) -> SceneKind {
        switch self {
        case .one(let kind): kind
        case .mix: SceneKind.mixed[(number - 1) % SceneKind.mixed.count]
        }
    }
}
