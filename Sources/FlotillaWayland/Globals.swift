import CWayland
import CWaylandProtocols
import Glibc
import Logging

/// The registry's globals that Flotilla binds, each with an explicit minimum and the newest
/// version whose events our listeners handle.
public final class Globals {
    public private(set) var compositor: OpaquePointer?
    public private(set) var wmBase: OpaquePointer?
    public private(set) var decorationManager: OpaquePointer?
    public private(set) var wmBaseVersion: UInt32 = 0
    /// wp_viewporter and wp_fractional_scale_manager_v1: only both together let a window draw at
    /// a fractional scale (the buffer at the scale, the viewport at the logical size).
    public private(set) var viewporter: OpaquePointer?
    public private(set) var fractionalScaleManager: OpaquePointer?
    /// wp_presentation: when each frame really reached the screen.
    public private(set) var presentation: OpaquePointer?
    /// The clock of wp_presentation's timestamps (its clock_id event); CLOCK_MONOTONIC until told.
    public private(set) var presentationClock = PresentationClock(id: CLOCK_MONOTONIC)
    public private(set) var seats: [Seat] = []
    /// wl_shm: where the cursor theme's images live.
    private var shm: OpaquePointer?
    private var cursors: CursorTheme?
    public private(set) var outputs: [Output] = []
    private var seatsMade = 0
    /// The windows whose buffer scale follows their outputs' scale, also when an output's scale
    /// changes while they are on it. Weak: a window leaves this list when it is destroyed.
    private var scaledWindows: [ObjectIdentifier: WeakWindow] = [:]
    private struct WeakWindow { weak var window: Window? }
    private let keyboardRouter = KeyboardRouter()
    private let pointerRouter = PointerRouter()
    /// Receives every pointer's events, as `keyboardDelegate` does keyboards'.
    public var pointerDelegate: PointerDelegate? {
        get { pointerRouter.delegate }
        set { pointerRouter.delegate = newValue }
    }
    /// Receives every keyboard's events: of seats and keyboards that exist already (a real
    /// seat's keyboard is made during Display's roundtrips, before this is set) and of later ones.
    public var keyboardDelegate: KeyboardDelegate? {
        get { keyboardRouter.delegate }
        set { keyboardRouter.delegate = newValue }
    }
    let logger: Logger

    static let compositorVersions: ClosedRange<UInt32> = 4...5
    /// v5 adds wm_capabilities; our toplevel listener fills every event up to it.
    static let wmBaseVersions: ClosedRange<UInt32> = 1...5
    static let decorationVersions: ClosedRange<UInt32> = 1...1
    /// v7: keymaps must be mapped MAP_PRIVATE, which Keymap does; v8's axis_value120 is a pointer event.
    static let seatVersions: ClosedRange<UInt32> = 1...7
    /// v2 brings the scale event; v4 the name.
    static let outputVersions: ClosedRange<UInt32> = 2...4
    static let viewporterVersions: ClosedRange<UInt32> = 1...1
    static let fractionalScaleVersions: ClosedRange<UInt32> = 1...1
    static let presentationVersions: ClosedRange<UInt32> = 1...1
    static let shmVersions: ClosedRange<UInt32> = 1...1

    init(logger: Logger) {
        self.logger = logger
    }

    func checkRequired() throws {
        if compositor == nil { throw WaylandError.missingGlobal("wl_compositor v\(Self.compositorVersions.lowerBound)") }
        if wmBase == nil { throw WaylandError.missingGlobal("xdg_wm_base") }
    }

    func destroy() {
        seats.forEach { $0.destroy() }
        seats.removeAll()
        cursors?.destroy()
        cursors = nil
        if let shm { wl_shm_destroy(shm) }
        shm = nil
        outputs.forEach { $0.destroy() }
        outputs.removeAll()
        if let decorationManager { zxdg_decoration_manager_v1_destroy(decorationManager) }
        if let viewporter { wp_viewporter_destroy(viewporter) }
        if let fractionalScaleManager { wp_fractional_scale_manager_v1_destroy(fractionalScaleManager) }
        if let presentation { wp_presentation_destroy(presentation) }
        viewporter = nil
        fractionalScaleManager = nil
        presentation = nil
        if let wmBase { xdg_wm_base_destroy(wmBase) }
        if let compositor { wl_compositor_destroy(compositor) }
        decorationManager = nil
        wmBase = nil
        compositor = nil
    }

    private func bind(_ registry: OpaquePointer?, _ name: UInt32, _ interface: UnsafePointer<wl_interface>,
                      advertised: UInt32, versions: ClosedRange<UInt32>) -> (OpaquePointer, UInt32)? {
        guard advertised >= versions.lowerBound else {
            logger.warning("\(String(cString: interface.pointee.name)) v\(advertised) is older than v\(versions.lowerBound); not used")
            return nil
        }
        let version = min(advertised, versions.upperBound)
        guard let proxy = wl_registry_bind(registry, name, interface, version) else { return nil }
        return (OpaquePointer(proxy), version)
    }

    fileprivate func announce(_ registry: OpaquePointer?, name: UInt32, interface: String, version: UInt32) {
        switch interface {
        case "wl_compositor" where compositor == nil:
            compositor = bind(registry, name, flotilla_wl_compositor_interface(), advertised: version,
                              versions: Self.compositorVersions)?.0
        case "xdg_wm_base" where wmBase == nil:
            guard let (proxy, bound) = bind(registry, name, flotilla_xdg_wm_base_interface(), advertised: version,
                                            versions: Self.wmBaseVersions) else { return }
            wmBase = proxy
            wmBaseVersion = bound
            xdg_wm_base_add_listener(proxy, Self.wmBaseListener, nil)
        case "zxdg_decoration_manager_v1" where decorationManager == nil:
            decorationManager = bind(registry, name, flotilla_zxdg_decoration_manager_v1_interface(),
                                     advertised: version, versions: Self.decorationVersions)?.0
        case "wp_viewporter" where viewporter == nil:
            viewporter = bind(registry, name, flotilla_wp_viewporter_interface(), advertised: version,
                              versions: Self.viewporterVersions)?.0
        case "wp_fractional_scale_manager_v1" where fractionalScaleManager == nil:
            fractionalScaleManager = bind(registry, name, flotilla_wp_fractional_scale_manager_v1_interface(),
                                          advertised: version, versions: Self.fractionalScaleVersions)?.0
        case "wp_presentation" where presentation == nil:
            guard let (proxy, _) = bind(registry, name, flotilla_wp_presentation_interface(), advertised: version,
                                        versions: Self.presentationVersions) else { return }
            presentation = proxy
            wp_presentation_add_listener(proxy, Self.presentationListener, Unmanaged.passUnretained(self).toOpaque())
        case "wl_seat":
            guard let (proxy, bound) = bind(registry, name, flotilla_wl_seat_interface(), advertised: version,
                                            versions: Self.seatVersions) else { return }
            seatsMade += 1
            seats.append(Seat(proxy: proxy, registryName: name, version: bound, number: seatsMade, globals: self,
                              router: keyboardRouter, pointerRouter: pointerRouter, logger: logger))
        case "wl_shm" where shm == nil:
            shm = bind(registry, name, flotilla_wl_shm_interface(), advertised: version, versions: Self.shmVersions)?.0
        case "wl_output":
            guard let (proxy, bound) = bind(registry, name, flotilla_wl_output_interface(), advertised: version,
                                            versions: Self.outputVersions) else { return }
            let output = Output(proxy: proxy, registryName: name, version: bound)
            // wl_output.done ends every change of the output's properties, the scale among them
            // (a user's `output X scale 2` at run time): every window on it picks the new scale.
            output.propertiesDone = { [weak self] in self?.outputChanged() }
            outputs.append(output)
        default:
            break
        }
    }

    func follow(_ window: Window) {
        scaledWindows[ObjectIdentifier(window)] = WeakWindow(window: window)
    }

    func unfollow(_ window: Window) {
        scaledWindows[ObjectIdentifier(window)] = nil
    }

    private func outputChanged() {
        for entry in scaledWindows.values { entry.window?.outputsChanged() }
    }

    /// The seat a delegate's `seat` number names (nil once it is gone).
    public func seat(numbered number: Int) -> Seat? {
        seats.first { $0.number == number }
    }

    /// The cursor images, at the outputs' largest scale; nil without wl_shm.
    func cursorTheme() -> CursorTheme? {
        guard let shm else { return nil }
        let scale = outputs.map(\.scale).max() ?? 1
        if let cursors {
            cursors.use(scale: scale)
            return cursors
        }
        let theme = CursorTheme(shm: shm, scale: scale, logger: logger)
        cursors = theme
        return theme
    }

    /// The fastest refresh among the outputs, in millihertz; nil when none is known.
    public var fastestRefreshMillihertz: Int? {
        outputs.map { Int($0.refreshMillihertz) }.filter { $0 > 0 }.max()
    }

    /// The scale of the output a wl_output proxy is (1 for one unknown).
    public func scale(of proxy: OpaquePointer) -> Int {
        outputs.first { $0.proxy == proxy }?.scale ?? 1
    }

    fileprivate func remove(name: UInt32) {
        if let index = outputs.firstIndex(where: { $0.registryName == name }) {
            outputs.remove(at: index).destroy()
            return
        }
        guard let index = seats.firstIndex(where: { $0.registryName == name }) else { return }
        let seat = seats.remove(at: index)
        logger.info("seat \(seat.number) (\(seat.name)) removed")
        seat.destroy()
    }

    /// libwayland keeps the listener's address: each is allocated once and never freed.
    nonisolated(unsafe) static let registryListener: UnsafeMutablePointer<wl_registry_listener> = {
        let listener = UnsafeMutablePointer<wl_registry_listener>.allocate(capacity: 1)
        listener.initialize(to: wl_registry_listener(
            global: { data, registry, name, interface, version in
                guard let data, let interface else { return }
                Unmanaged<Globals>.fromOpaque(data).takeUnretainedValue()
                    .announce(registry, name: name, interface: String(cString: interface), version: version)
            },
            global_remove: { data, _, name in
                // Seats come and go; the other globals bound here live as long as the compositor.
                guard let data else { return }
                Unmanaged<Globals>.fromOpaque(data).takeUnretainedValue().remove(name: name)
            }))
        return listener
    }()

    /// wp_presentation.clock_id comes once, right after the bind.
    nonisolated(unsafe) static let presentationListener: UnsafeMutablePointer<wp_presentation_listener> = {
        let listener = UnsafeMutablePointer<wp_presentation_listener>.allocate(capacity: 1)
        listener.initialize(to: wp_presentation_listener(clock_id: { data, _, clock in
            guard let data else { return }
            Unmanaged<Globals>.fromOpaque(data).takeUnretainedValue().presentationClock = PresentationClock(id: clockid_t(clock))
        }))
        return listener
    }()

    /// xdg_wm_base.ping must be answered with pong, or the compositor deems us unresponsive.
    nonisolated(unsafe) static let wmBaseListener: UnsafeMutablePointer<xdg_wm_base_listener> = {
        let listener = UnsafeMutablePointer<xdg_wm_base_listener>.allocate(capacity: 1)
        listener.initialize(to: xdg_wm_base_listener(ping: { _, wmBase, serial in xdg_wm_base_pong(wmBase, serial) }))
        return listener
    }()
}

/// The clock wp_presentation stamps its `presented` events with (the compositor names it:
/// usually CLOCK_MONOTONIC). Times that are compared with those stamps, such as when a key
/// arrived, must be read from the same clock.
public struct PresentationClock: Sendable, Equatable {
    public let id: clockid_t

    public init(id: clockid_t) {
        self.id = id
    }

    /// Now, as a time since the clock's epoch.
    public func now() -> Duration {
        var time = timespec()
        clock_gettime(id, &time)
        return .seconds(time.tv_sec) + .nanoseconds(time.tv_nsec)
    }
}
