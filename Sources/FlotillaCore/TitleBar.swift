/// Client-side decorations: where a window that draws its own title bar has its parts, in
/// logical pixels (surface coordinates, what wl_pointer reports). Used where the compositor leaves
/// decorations to the client (GNOME's mutter and weston offer no zxdg_decoration_manager_v1).
/// The bar lies over the top of the window's own surface; the resize grips are the surface's outer
/// band, so no window geometry beyond the surface is needed.
public enum TitleBar {
    /// The bar's height and the close button's side.
    public static let height = 30
    /// How far in from the surface's edge a press resizes (corners take twice that along each side).
    public static let grip = 6

    /// A part of the window under the pointer.
    public enum Part: Equatable, Sendable {
        case content
        case title
        case close
        case edge(ResizeEdge)
    }

    /// xdg_toplevel.resize_edge: the protocol's values are the sides' bits ORed (top 1, bottom 2,
    /// left 4, right 8; top_left 5, bottom_right 10).
    public struct ResizeEdge: OptionSet, Hashable, Sendable {
        public let rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }
        public static let top = ResizeEdge(rawValue: 1)
        public static let bottom = ResizeEdge(rawValue: 2)
        public static let left = ResizeEdge(rawValue: 4)
        public static let right = ResizeEdge(rawValue: 8)
    }

    /// The close button: a square at the bar's right end.
    public static func closeButton(width: Int) -> (x: Int, y: Int, width: Int, height: Int) {
        (max(width - height, 0), 0, height, height)
    }

    /// What lies at (`x`, `y`) in a window of `size` (logical). `resizable` is false while the
    /// window is maximized, fullscreen or tiled: the compositor owns its size then, and the edges
    /// belong to the bar and the content.
    public static func part(x: Double, y: Double, size: Extent, resizable: Bool) -> Part {
        if resizable {
            var edges: ResizeEdge = []
            let corner = Double(grip * 2)
            let nearTop = y < Double(grip), nearBottom = y >= Double(size.height - grip)
            let nearLeft = x < Double(grip), nearRight = x >= Double(size.width - grip)
            if nearTop || (y < corner && (nearLeft || nearRight)) { edges.insert(.top) }
            if nearBottom || (y >= Double(size.height) - corner && (nearLeft || nearRight)) { edges.insert(.bottom) }
            if nearLeft || (x < corner && (nearTop || nearBottom)) { edges.insert(.left) }
            if nearRight || (x >= Double(size.width) - corner && (nearTop || nearBottom)) { edges.insert(.right) }
            if !edges.isEmpty { return .edge(edges) }
        }
        guard y >= 0, y < Double(height), x >= 0, x < Double(size.width) else { return .content }
        let close = closeButton(width: size.width)
        return x >= Double(close.x) ? .close : .title
    }

    /// The cursor a part shows, by its name in the freedesktop cursor themes (and in
    /// libwayland-cursor's built-in theme).
    public static func cursorName(for part: Part) -> String {
        guard case .edge(let edges) = part else { return "left_ptr" }
        switch edges {
        case [.top]: return "top_side"
        case [.bottom]: return "bottom_side"
        case [.left]: return "left_side"
        case [.right]: return "right_side"
        case [.top, .left]: return "top_left_corner"
        case [.top, .right]: return "top_right_corner"
        case [.bottom, .left]: return "bottom_left_corner"
        default: return "bottom_right_corner"
        }
    }
}

/// Tells a double click from two single ones: a second press close enough in time and place to
/// the first. Wayland gives no double-click event; every toolkit counts clicks itself. Times are
/// wl_pointer's, in milliseconds (they wrap at 2^32).
public struct DoubleClick: Sendable {
    /// GTK's and Qt's default interval.
    public static let interval: UInt32 = 400
    /// How far (logical pixels) the second press may land from the first.
    public static let distance = 4.0

    private var last: (time: UInt32, x: Double, y: Double)?

    public init() {}

    /// Records a press; true when it completes a double click (a third press starts again).
    public mutating func press(time: UInt32, x: Double, y: Double) -> Bool {
        if let last, time &- last.time <= Self.interval, abs(x - last.x) <= Self.distance, abs(y - last.y) <= Self.distance {
            self.last = nil
            return true
        }
        last = (time, x, y)
        return false
    }
}
