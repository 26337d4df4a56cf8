import CWayland
import Logging

/// A wl_seat. Its keyboard and pointer are made and released as the seat's capabilities come and
/// go (sway gives a seat a keyboard only while a virtual keyboard like wtype exists).
public final class Seat {
    let proxy: OpaquePointer
    /// The registry name, to find the seat again on global_remove.
    let registryName: UInt32
    let version: UInt32
    /// Tells seats apart for the application.
    public let number: Int
    public private(set) var name = ""
    /// The router shared with Globals: the delegate is looked up per event, not copied.
    let router: KeyboardRouter
    let pointerRouter: PointerRouter
    let logger: Logger
    private unowned let globals: Globals
    private var keyboard: Keyboard?
    private var pointer: Pointer?

    init(proxy: OpaquePointer, registryName: UInt32, version: UInt32, number: Int, globals: Globals,
         router: KeyboardRouter, pointerRouter: PointerRouter, logger: Logger) {
        self.proxy = proxy
        self.registryName = registryName
        self.version = version
        self.number = number
        self.globals = globals
        self.router = router
        self.pointerRouter = pointerRouter
        self.logger = logger
        wl_seat_add_listener(proxy, Self.listener, Unmanaged.passUnretained(self).toOpaque())
    }

    public var hasKeyboard: Bool { keyboard != nil }
    public var hasPointer: Bool { pointer != nil }

    /// Keyboard and pointer first (children of the seat), then the seat: released (v5) or destroyed.
    func destroy() {
        keyboard?.destroy()
        keyboard = nil
        pointer?.destroy()
        pointer = nil
        if version >= 5 { wl_seat_release(proxy) } else { wl_seat_destroy(proxy) }
    }

    private func capabilitiesChanged(_ capabilities: UInt32) {
        let hasKeyboard = capabilities & WL_SEAT_CAPABILITY_KEYBOARD.rawValue != 0
        if hasKeyboard, keyboard == nil, let proxy = wl_seat_get_keyboard(proxy) {
            keyboard = Keyboard(seat: self, proxy: proxy)
            logger.info("seat \(number) (\(name)): keyboard added")
        } else if !hasKeyboard, let keyboard {
            keyboard.destroy()
            self.keyboard = nil
            logger.info("seat \(number) (\(name)): keyboard removed")
        }
        let hasPointer = capabilities & WL_SEAT_CAPABILITY_POINTER.rawValue != 0
        if hasPointer, pointer == nil, let proxy = wl_seat_get_pointer(proxy) {
            pointer = Pointer(seat: self, proxy: proxy, globals: globals)
            logger.info("seat \(number) (\(name)): pointer added")
        } else if !hasPointer, let pointer {
            pointer.destroy()
            self.pointer = nil
            logger.info("seat \(number) (\(name)): pointer removed")
        }
    }

    nonisolated(unsafe) static let listener: UnsafeMutablePointer<wl_seat_listener> = {
        func seat(_ data: UnsafeMutableRawPointer?) -> Seat {
            Unmanaged<Seat>.fromOpaque(data!).takeUnretainedValue()
        }
        let listener = UnsafeMutablePointer<wl_seat_listener>.allocate(capacity: 1)
        listener.initialize(to: wl_seat_listener(
            capabilities: { data, _, capabilities in seat(data).capabilitiesChanged(capabilities) },
            name: { data, _, name in seat(data).name = name.map { String(cString: $0) } ?? "" }))
        return listener
    }()
}
