/// Why a window wants to paint, most urgent first.
public enum FramePriority: Int, CaseIterable, Comparable, Sendable {
    /// Background work: thumbnails, cache saves, warm-up. Only with time left over.
    case background = 0
    /// The window animates: paint it while the pass's budget lasts, taking turns.
    case animation = 1
    /// The user did something to it (a key, a new window, a resize): it must land this pass.
    case userInput = 2

    public static func < (lhs: FramePriority, rhs: FramePriority) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The name used in `--stats`.
    public var key: String {
        switch self {
        case .background: "background"
        case .animation: "animation"
        case .userInput: "user_input"
        }
    }
}
