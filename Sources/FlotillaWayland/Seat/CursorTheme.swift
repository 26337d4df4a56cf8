import CWayland
import Foundation
import Logging

/// The cursor images every pointer shows, from the user's cursor theme through libwayland-cursor
/// ($XCURSOR_THEME and $XCURSOR_SIZE as every toolkit reads them; libwayland-cursor's built-in
/// cursors where no theme is installed). Loaded at the outputs' largest integer scale, so a
/// cursor on a HiDPI output is sharp.
final class CursorTheme {
    private var theme: OpaquePointer?
    private(set) var scale: Int
    private let shm: OpaquePointer
    private let logger: Logger
    private var missing: Set<String> = []

    init(shm: OpaquePointer, scale: Int, logger: Logger) {
        self.shm = shm
        self.scale = max(scale, 1)
        self.logger = logger
        load()
    }

    private func load() {
        let environment = ProcessInfo.processInfo.environment
        let size = environment["XCURSOR_SIZE"].flatMap(Int32.init).flatMap { $0 > 0 ? $0 : nil } ?? 24
        theme = wl_cursor_theme_load(environment["XCURSOR_THEME"], size * Int32(scale), shm)
        if theme == nil { logger.warning("no cursor theme could be loaded; the compositor's cursor stays") }
    }

    /// Loads the theme again when the outputs' scale changed.
    func use(scale: Int) {
        guard max(scale, 1) != self.scale else { return }
        destroy()
        self.scale = max(scale, 1)
        load()
    }

    /// The first image of the cursor `name`: its buffer and hotspot, in buffer pixels.
    func image(named name: String) -> (buffer: OpaquePointer, hotspotX: Int32, hotspotY: Int32)? {
        guard let theme else { return nil }
        guard let cursor = wl_cursor_theme_get_cursor(theme, name) ?? wl_cursor_theme_get_cursor(theme, "default"),
              cursor.pointee.image_count > 0, let image = cursor.pointee.images[0],
              let buffer = wl_cursor_image_get_buffer(image) else {
            if missing.insert(name).inserted { logger.notice("the cursor theme has no '\(name)' cursor") }
            return nil
        }
        return (buffer, Int32(image.pointee.hotspot_x), Int32(image.pointee.hotspot_y))
    }

    func destroy() {
        if let theme { wl_cursor_theme_destroy(theme) }
        theme = nil
    }
}
