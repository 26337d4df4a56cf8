

/// Who GPU memory is charged to: the host (shared by every window) or one window.
public enum MemoryOwner: Hashable, Sendable, CustomStringConvertible {
    case shared
    case window(WindowID)

    public var description: String {
        switch self {
        case .shared: "shared"
        case .window(let id): "window \(id)"
        }
    }
}
