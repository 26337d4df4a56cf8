/// The demo scenes, each exercising one sharing mechanism.
public enum SceneKind: String, CaseIterable, Sendable {
    case grid, particles, post, overview, gallery

    /// Scenes this build can draw; the others arrive with the issues that build their mechanism.
    public static let available: [SceneKind] = allCases.filter(\.isAvailable)

    public var isAvailable: Bool { true }

    /// What `--scene mix` cycles through: the scenes that draw something of their own (an
    /// overview shows the others, and makes every window render a thumbnail).
    public static let mixed: [SceneKind] = [.grid, .particles, .post]

    /// The scene after this one among the available ones (the `N` key).
    public var next: SceneKind {
        let list = Self.mixed
        let index = list.firstIndex(of: self) ?? 0
        return list[(index + 1) % list.count]
    }
}
