

/// Hands out window ids in order, starting at 1.
public struct WindowIDSequence: Sendable {
    private var next = 1

    public init() {}

    public mutating func make() -> WindowID {
        defer { next += 1 }
        return WindowID(next)
    }
}
