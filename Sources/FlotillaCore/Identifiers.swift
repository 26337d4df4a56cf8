/// The number a window is known by in titles, logs and `--stats`; never reused within a run.
public struct WindowID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: Int

    public init(_ rawValue: Int) {
        self.rawValue = rawValue
    }

    public var description: String { String(rawValue) }

    public static func < (lhs: WindowID, rhs: WindowID) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Hands out window ids in order, starting at 1.
public struct WindowIDSequence: Sendable {
    private var next = 1

    public init() {}

    public mutating func make() -> WindowID {
        defer { next += 1 }
        return WindowID(next)
    }
}

/// Which wl_surface an event is about (keyboard enter and leave name surfaces): compared, never
/// dereferenced, so it can be passed around without owning anything.
public struct WaylandSurfaceID: Hashable {
    private let address: OpaquePointer

    public init(_ surface: OpaquePointer) {
        address = surface
    }
}

/// A wl_surface on its wl_display: what Vulkan needs to make a VkSurfaceKHR for a window
/// (VkWaylandSurfaceCreateInfoKHR). Made only by FlotillaWayland's Window, which owns both
/// proxies and outlives every swapchain made from this.
public struct WaylandSurfaceHandle {
    public let display: OpaquePointer
    public let surface: OpaquePointer

    public init(display: OpaquePointer, surface: OpaquePointer) {
        self.display = display
        self.surface = surface
    }

    /// The surface's identity, as keyboard focus names it.
    public var id: WaylandSurfaceID { WaylandSurfaceID(surface) }
}
