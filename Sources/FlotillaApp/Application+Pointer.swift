import FlotillaCore
import FlotillaWayland

/// The pointer on a window that draws its own title bar: drag the title to move the window,
/// double-click it to maximize or restore, right-click it for the compositor's window menu (each
/// where the compositor offers it: xdg_toplevel.wm_capabilities), drag
/// an edge or corner to resize, click the close button to close. Under server-side decorations
/// the compositor does all of this and the pointer only gets the default cursor.
extension Application: PointerDelegate {
    /// evdev's button codes (linux/input-event-codes.h), as wl_pointer.button sends them.
    static let leftButton: UInt32 = 0x110
    static let rightButton: UInt32 = 0x111

    public func pointerMoved(seat: Int, surface: WaylandSurfaceID, x: Double, y: Double) -> String? {
        guard let window = windows.window(surface: surface) else { return nil }
        let part = decorationPart(of: window, x: x, y: y)
        if part != window.pointerPart {
            // The close button lights up under the pointer.
            if (part == .close) != (window.pointerPart == .close) { requestInputPaint(window) }
            window.pointerPart = part
        }
        return TitleBar.cursorName(for: part)
    }

    public func pointerLeft(seat: Int, surface: WaylandSurfaceID?) {
        guard let window = windows.window(surface: surface) else { return }
        if window.pointerPart == .close || window.closePressed { requestInputPaint(window) }
        window.pointerPart = nil
        window.closePressed = false
    }

    public func pointerButton(seat: Int, surface: WaylandSurfaceID, x: Double, y: Double, button: UInt32, pressed: Bool,
                              serial: UInt32, time: UInt32) {
        guard let window = windows.window(surface: surface), let toplevel = window.toplevel else { return }
        let part = decorationPart(of: window, x: x, y: y)
        if !pressed, button == Self.leftButton, window.closePressed {
            window.closePressed = false
            requestInputPaint(window)
            if part == .close {
                logger.info("window \(window.id): close button")
                window.closeRequested = true
            }
            return
        }
        guard pressed else { return }
        switch (part, button) {
        case (.close, Self.leftButton):
            window.closePressed = true
            requestInputPaint(window)
        case (.title, Self.leftButton):
            if window.titleClicks.press(time: time, x: x, y: y), toplevel.capabilities.maximize {
                toplevel.setMaximized(!toplevel.current.maximized)
            } else {
                toplevel.startMove(seat: seat, serial: serial)
            }
        case (.title, Self.rightButton) where toplevel.capabilities.windowMenu:
            toplevel.showWindowMenu(seat: seat, serial: serial, x: Int(x), y: Int(y))
        case (.edge(let edges), Self.leftButton):
            toplevel.startResize(seat: seat, serial: serial, edges: edges)
        default:
            break
        }
    }

    /// What part of its decorations lies at (`x`, `y`): all content unless the window draws them.
    private func decorationPart(of window: AppWindow, x: Double, y: Double) -> TitleBar.Part {
        guard let toplevel = window.toplevel, toplevel.drawsOwnDecorations, let logical = window.logicalSize else {
            return .content
        }
        return TitleBar.part(x: x, y: y, size: logical, resizable: toplevel.isResizable)
    }
}
