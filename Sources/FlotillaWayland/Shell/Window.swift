import CWayland
import CWaylandProtocols
import FlotillaCore
import Logging

/// One xdg-toplevel: wl_surface + xdg_surface + xdg_toplevel (+ server-side decoration where
/// offered). Owns those proxies and destroys them in the order the protocol requires.
public final class Window {
    public struct SizeLimits: Sendable {
        public var fallback: Extent
        public var minimum: Extent
        public var maximum: Extent

        public init(fallback: Extent, minimum: Extent, maximum: Extent) {
            self.fallback = fallback
            self.minimum = minimum
            self.maximum = maximum
        }
    }

    let surface: OpaquePointer
    /// The surface for Vulkan (a VkSurfaceKHR and its swapchains), typed.
    public let handle: WaylandSurfaceHandle
    let xdgSurface: OpaquePointer
    let toplevel: OpaquePointer
    var decoration: OpaquePointer?
    /// Both or neither: where the compositor offers fractional scaling, the buffer is drawn at the
    /// preferred scale and the viewport maps it onto the logical size (buffer scale stays 1).
    var viewport: OpaquePointer?
    var fractionalScale: OpaquePointer?
    var viewportDestination: Extent?
    var frameCallback: OpaquePointer?
    var feedbacks: [PresentationFeedback] = []
    public weak var delegate: WindowDelegate?
    let limits: SizeLimits
    let logger: Logger

    var pending = PendingConfigure()
    /// The configure last applied (acked).
    public private(set) var current = PendingConfigure()
    public private(set) var size: Extent
    public private(set) var isConfigured = false
    public internal(set) var serverSideDecorations = false
    /// What the compositor offers this window (its title bar offers no more).
    public internal(set) var capabilities = WindowManagerCapabilities()
    /// Buffer pixels per logical pixel: wp_fractional_scale_v1's preferred scale where the
    /// compositor offers it, else the largest integer scale of the outputs the surface is on.
    public private(set) var scale = DisplayScale.one
    public var followsFractionalScale: Bool { fractionalScale != nil }
    var enteredOutputs: [OpaquePointer] = []
    let globals: Globals
    private var destroyed = false

    public init(display: Display, title: String, limits: SizeLimits, logger: Logger) throws {
        let globals = display.globals
        guard let compositor = globals.compositor, let wmBase = globals.wmBase else {
            throw WaylandError.missingGlobal("wl_compositor and xdg_wm_base")
        }
        self.limits = limits
        self.logger = logger
        self.globals = globals
        size = limits.fallback
        surface = wl_compositor_create_surface(compositor)
        handle = WaylandSurfaceHandle(display: display.display, surface: surface)
        xdgSurface = xdg_wm_base_get_xdg_surface(wmBase, surface)
        toplevel = xdg_surface_get_toplevel(xdgSurface)
        let data = Unmanaged.passUnretained(self).toOpaque()
        wl_surface_add_listener(surface, Self.surfaceListener, data)
        xdg_surface_add_listener(xdgSurface, Self.xdgSurfaceListener, data)
        xdg_toplevel_add_listener(toplevel, Self.toplevelListener, data)
        xdg_toplevel_set_app_id(toplevel, "flotilla")
        // Logical pixels: the compositor's interactive resizes stop where the window would be
        // illegible (configures below it are clamped anyway).
        xdg_toplevel_set_min_size(toplevel, Int32(limits.minimum.width), Int32(limits.minimum.height))
        setTitle(title)
        if let manager = globals.decorationManager {
            let decoration = zxdg_decoration_manager_v1_get_toplevel_decoration(manager, toplevel)
            zxdg_toplevel_decoration_v1_add_listener(decoration, Self.decorationListener, data)
            zxdg_toplevel_decoration_v1_set_mode(decoration, ZXDG_TOPLEVEL_DECORATION_V1_MODE_SERVER_SIDE.rawValue)
            self.decoration = decoration
        }
        if let viewporter = globals.viewporter, let manager = globals.fractionalScaleManager {
            viewport = wp_viewporter_get_viewport(viewporter, surface)
            let fractional = wp_fractional_scale_manager_v1_get_fractional_scale(manager, surface)
            wp_fractional_scale_v1_add_listener(fractional, Self.fractionalScaleListener, data)
            fractionalScale = fractional
        }
        globals.follow(self)
        // The initial commit carries no buffer; the compositor answers it with a configure,
        // and nothing may be attached before that configure is acked.
        wl_surface_commit(surface)
    }

    public func setTitle(_ title: String) {
        xdg_toplevel_set_title(toplevel, title)
    }

    /// Asks for a frame callback; must be called before the frame's commit (the present).
    public func requestFrame() {
        guard frameCallback == nil else { return }
        let callback = wl_surface_frame(surface)
        wl_callback_add_listener(callback, Self.frameListener, Unmanaged.passUnretained(self).toOpaque())
        frameCallback = callback
    }

    public var awaitsFrameCallback: Bool { frameCallback != nil }

    /// Whether the window draws its own title bar: the compositor offers no server-side
    /// decorations (GNOME, weston), or chose client-side ones. Not in fullscreen.
    public var drawsOwnDecorations: Bool { !serverSideDecorations && !current.fullscreen }

    /// The compositor owns the size while the window is maximized, fullscreen or tiled: no grips.
    public var isResizable: Bool { !current.maximized && !current.fullscreen && !current.tiled }

    /// An interactive move, started by the press of a seat's button (its `serial`).
    public func startMove(seat number: Int, serial: UInt32) {
        guard let seat = globals.seat(numbered: number) else { return }
        xdg_toplevel_move(toplevel, seat.proxy, serial)
    }

    /// An interactive resize from `edges` (xdg_toplevel.resize_edge), started by a button press.
    public func startResize(seat number: Int, serial: UInt32, edges: TitleBar.ResizeEdge) {
        guard let seat = globals.seat(numbered: number) else { return }
        xdg_toplevel_resize(toplevel, seat.proxy, serial, edges.rawValue)
    }

    /// The compositor's window menu at (`x`, `y`), as a right click on a title bar shows it.
    public func showWindowMenu(seat number: Int, serial: UInt32, x: Int, y: Int) {
        guard let seat = globals.seat(numbered: number) else { return }
        xdg_toplevel_show_window_menu(toplevel, seat.proxy, serial, Int32(x), Int32(y))
    }

    /// Asks for full screen (on the output the compositor picks) or to leave it; the configure
    /// that follows says what happened. The window's own title bar is hidden while full screen.
    public func setFullscreen(_ fullscreen: Bool) {
        if fullscreen { xdg_toplevel_set_fullscreen(toplevel, nil) } else { xdg_toplevel_unset_fullscreen(toplevel) }
    }

    /// Asks to be maximized or restored; the configure that follows says what happened.
    public func setMaximized(_ maximized: Bool) {
        if maximized { xdg_toplevel_set_maximized(toplevel) } else { xdg_toplevel_unset_maximized(toplevel) }
    }

    /// Asks when the next commit (the present) reaches the screen; the answer comes to the
    /// delegate's `windowPresented` with `token`. Must be called before that commit. Does nothing
    /// where the compositor has no wp_presentation.
    public func requestPresentationFeedback(token: UInt64) {
        guard let presentation = globals.presentation else { return }
        feedbacks.append(PresentationFeedback(presentation: presentation, surface: surface, token: token, window: self))
    }

    func feedbackAnswered(_ feedback: PresentationFeedback, presented: PresentationFeedback.Presented?) {
        feedback.destroy()
        feedbacks.removeAll { $0 === feedback }
        if let presented {
            delegate?.windowPresented(self, token: feedback.token, at: presented.time, refresh: presented.refresh)
        } else {
            delegate?.windowFrameDiscarded(self, token: feedback.token)
        }
    }

    /// Destruction order of xdg-shell: decoration, toplevel, xdg_surface, then wl_surface. A
    /// pending frame callback is destroyed first, so its `done` can never reach a dead window.
    /// The caller has destroyed the window's swapchain and VkSurfaceKHR already.
    public func destroy() {
        guard !destroyed else { return }
        destroyed = true
        globals.unfollow(self)
        if let frameCallback { wl_callback_destroy(frameCallback) }
        frameCallback = nil
        feedbacks.forEach { $0.destroy() }
        feedbacks.removeAll()
        if let viewport { wp_viewport_destroy(viewport) }
        if let fractionalScale { wp_fractional_scale_v1_destroy(fractionalScale) }
        viewport = nil
        fractionalScale = nil
        if let decoration { zxdg_toplevel_decoration_v1_destroy(decoration) }
        decoration = nil
        xdg_toplevel_destroy(toplevel)
        xdg_surface_destroy(xdgSurface)
        wl_surface_destroy(surface)
    }

    deinit {
        precondition(destroyed, "Window dropped without destroy()")
    }

    func applyConfigure(serial: UInt32) {
        current = pending
        size = pending.size.resolved(fallback: isConfigured ? size : limits.fallback,
                                     minimum: limits.minimum, maximum: limits.maximum)
        if pending.size.width > limits.maximum.width || pending.size.height > limits.maximum.height {
            logger.notice("configure asked for \(pending.size); clamped to \(size)")
        }
        xdg_surface_ack_configure(xdgSurface, serial)
        isConfigured = true
        updateViewport()
        delegate?.windowConfigured(self, size: size)
    }

    /// The viewport's destination is the logical size; like the buffer it is double-buffered
    /// state, so it is set before the commit that brings the buffer of the new size.
    private func updateViewport() {
        guard let viewport, viewportDestination != size else { return }
        viewportDestination = size
        wp_viewport_set_destination(viewport, Int32(size.width), Int32(size.height))
    }

    /// wl_surface enter/leave: the buffer scale follows the outputs the surface is on, unless
    /// the compositor tells the scale itself (wp_fractional_scale_v1).
    func outputsChanged() {
        guard fractionalScale == nil else { return }
        guard let integer = enteredOutputs.map({ globals.scale(of: $0) }).max() else { return }
        let wanted = DisplayScale(integer: integer)
        guard wanted != scale else { return }
        scale = wanted
        wl_surface_set_buffer_scale(surface, Int32(integer))
        delegate?.windowScaleChanged(self, scale: wanted)
    }

    /// wp_fractional_scale_v1.preferred_scale, in 120ths.
    func preferredScaleChanged(_ hundredTwentieths: UInt32) {
        let wanted = DisplayScale(hundredTwentieths: Int(hundredTwentieths))
        guard wanted != scale else { return }
        scale = wanted
        delegate?.windowScaleChanged(self, scale: wanted)
    }

    func frameDone() {
        if let frameCallback { wl_callback_destroy(frameCallback) }
        frameCallback = nil
        delegate?.windowFrameDone(self)
    }
}

/// What a Window tells its owner. Called on the event loop's thread, from Wayland dispatch.
public protocol WindowDelegate: AnyObject {
    /// A configure sequence was applied and acked; `size` is already resolved and clamped.
    /// The window may (and, the first time, must) draw now.
    func windowConfigured(_ window: Window, size: Extent)
    /// xdg_toplevel.close: the user or compositor asks the window to go.
    func windowCloseRequested(_ window: Window)
    /// The frame callback fired: the compositor would show a new frame now.
    func windowFrameDone(_ window: Window)
    /// The scale changed (the surface moved onto outputs of another scale, or the compositor
    /// prefers another fractional scale): buffers should be `scale.buffer(for:)` the logical
    /// size from the next commit on (the window has set its buffer scale or viewport for it).
    func windowScaleChanged(_ window: Window, scale: DisplayScale)
    /// A frame asked about with `requestPresentationFeedback(token:)` reached the screen at
    /// `time` (on `Globals.presentationClock`); `refresh` is the output's period (zero: unknown).
    func windowPresented(_ window: Window, token: UInt64, at time: Duration, refresh: Duration)
    /// That frame was never shown (replaced by a later commit, or the window was hidden).
    func windowFrameDiscarded(_ window: Window, token: UInt64)
}

/// What the compositor's window management offers a toplevel (xdg_toplevel.wm_capabilities,
/// xdg-shell v5): a client should not offer an action the compositor will not carry out, such
/// as a double click that maximizes where nothing maximizes.
public struct WindowManagerCapabilities: Equatable, Sendable {
    public var windowMenu = true
    public var maximize = true
    public var fullscreen = true
    public var minimize = true

    /// Before the event (or from a compositor older than v5), everything is assumed offered.
    public init() {}

    /// The event's values (xdg-shell.xml: window_menu 1, maximize 2, fullscreen 3, minimize 4);
    /// what it does not list is not offered, and values of newer protocols are ignored.
    init(values: [UInt32]) {
        windowMenu = values.contains(1)
        maximize = values.contains(2)
        fullscreen = values.contains(3)
        minimize = values.contains(4)
    }
}
