/// Which wl_surface an event is about (keyboard enter and leave name surfaces): compared, never
/// dereferenced, so it can be passed around without owning anything.
public struct WaylandSurfaceID: Hashable {
    private let address: OpaquePointer

    public init(_ surface: OpaquePointer) {
        address = surface
    }
}
