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
