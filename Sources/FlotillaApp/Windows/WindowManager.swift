import CVulkan
import FlotillaCore
import FlotillaGPU
import FlotillaWayland
import Logging

/// Opens and closes windows over the one GPU host, in shared mode: each window gets only its
/// target, frame slots and scene. Also the delegate of every toplevel.
final class WindowManager {
    /// Replaced by the application when the device is lost (after `dropGPUState`).
    var host: GpuHost
    let display: Display?
    let options: AppOptions
    let logger: Logger
    private(set) var windows: [AppWindow] = []
    /// What every window paints with.
    let services: WindowServices
    /// Told about frames becoming due and windows needing an input-priority paint.
    weak var events: WindowEvents?
    private var ids = WindowIDSequence()

    init(host: GpuHost, display: Display?, options: AppOptions, services: WindowServices, logger: Logger) {
        self.host = host
        self.display = display
        self.options = options
        self.services = services
        self.logger = logger
    }

    /// A window of `--windows` that could not get memory for its first frame: the run ends with
    /// this error (exit 1), as when one cannot be made at all.
    var failedAtStart: WindowError? { windows.lazy.compactMap(\.refusedAtStart).first }

    /// The largest image the device can make, and a floor below which nothing is legible.
    var sizeLimits: Window.SizeLimits {
        let largest = Int(min(host.capabilities.maxImageDimension2D, 16384))
        return Window.SizeLimits(fallback: options.size, minimum: Extent(width: 64, height: 48),
                                 maximum: Extent(width: largest, height: largest))
    }

    /// Opens a window, unless `--max-windows` are open already (then logs why and returns nil).
    @discardableResult
    func spawn(_ kind: SceneKind, atStart: Bool = false) throws -> AppWindow? {
        guard windows.count < options.maxWindows else {
            logger.warning("window limit of \(options.maxWindows) reached: not opening another (see --max-windows)")
            return nil
        }
        let id = ids.make()
        host.bridge.publish(id, label: Self.label(id: id, scene: kind))
        let limits = sizeLimits
        if let display {
            // The title goes out with the initial commit, so the compositor knows the window by it at once.
            let toplevel = try Window(display: display, title: AppWindow.title(id: id, scene: kind), limits: limits, logger: logger)
            let window = AppWindow(id: id, toplevel: toplevel, scene: kind, size: limits.fallback, services: services,
                                   openedAtStart: atStart)
            toplevel.delegate = self
            windows.append(window)
            logger.info("opened window \(id) (\(kind.rawValue)); \(windows.count) open")
            // A new window is painted at UserInput priority until its first frame is presented;
            // the swapchain is made at the first configure, when the size is known.
            events?.requestInputPaint(window)
            return window
        }
        let size = options.size.resolved(fallback: limits.fallback, minimum: limits.minimum, maximum: limits.maximum)
        let window = AppWindow(id: id, toplevel: nil, scene: kind, size: size, services: services, openedAtStart: atStart)
        do {
            window.gpu = try makeGPUState(for: id) { try OffscreenTarget(host: host, extent: size, owner: .window(id)) }
        } catch {
            window.releaseLayers(after: host.lastSubmittedSerial)
            throw WindowError.cannotOpen(id, size: size, reason: error)
        }
        windows.append(window)
        logger.info("opened window \(id) (\(kind.rawValue), headless); \(windows.count) open")
        events?.requestInputPaint(window)
        window.frameDue = true
        return window
    }

    /// A window's GPU state over a target from `makeTarget`; on failure nothing is left behind.
    private func makeGPUState(for id: WindowID, _ makeTarget: () throws -> SurfaceTarget) throws -> WindowGPUState {
        let target = try makeTarget()
        do {
            return try WindowGPUState(host: host, owner: .window(id), target: target, resources: try resources(for: id))
        } catch {
            target.destroy()
            throw error
        }
    }

    /// The one place shared and isolated mode differ: which resource set a window draws with.
    private func resources(for id: WindowID) throws -> ResourceSet {
        guard options.isolated else { return host.shared }
        let resources = try host.makeIsolatedResources(for: .window(id))
        try resources.prepare(formats: Self.likelyFormats(host))
        return resources
    }

    /// What targets almost always are (B8G8R8A8 sRGB: swapchains on every Wayland driver, and
    /// offscreen targets) and the post scene's HDR image's format (its set draws the bloom chain
    /// too): their pipelines are built ahead.
    static func likelyFormats(_ host: GpuHost) -> [VkFormat] { [OffscreenTarget.defaultFormat, host.capabilities.hdrFormat] }

    func spawnInitialWindows() throws {
        for number in 1...options.windowCount {
            try spawn(options.scene.scene(forWindowNumber: number), atStart: true)
        }
        logger.info("opened \(options.windowCount) window(s)\(display == nil ? " (headless)" : "")")
    }

    /// Closes the windows asked to close since the last pass: outside Wayland dispatch, so no
    /// proxy is destroyed while libwayland is still inside one of its handlers.
    func closeRequestedWindows() {
        for window in windows where window.closeRequested { close(window) }
        for window in windows {
            guard let kind = window.sceneRevert else { continue }
            window.sceneRevert = nil
            setScene(kind, of: window)
            window.sceneBeforeSwitch = nil
        }
    }

    /// The device is lost: every window lets go of its GPU state (its scene's checkouts, its
    /// target and frame slots), keeping its Wayland objects and its scene's CPU state.
    func dropGPUState() {
        for window in windows {
            window.releaseLayers(after: host.lastSubmittedSerial)
            if let gpu = window.gpu {
                window.framesBeforeRebuild += gpu.framesPresented
                _ = gpu.destroy()
            }
            window.gpu = nil
            window.pendingResize = nil
        }
    }

    /// After `dropGPUState` and a new host: each window gets a target of its size again (a new
    /// swapchain for its surface, in `makeTargets`; a window not yet configured gets one after its
    /// configure) and is painted at once. A window that cannot be made again is closed with a message.
    func rebuildGPUState() throws {
        for window in windows { host.bridge.publish(window.id, label: Self.label(id: window.id, scene: window.scene.kind)) }
        for window in windows where window.gpu == nil && window.toplevel == nil {
            let id = window.id, size = window.size
            do {
                window.gpu = try makeGPUState(for: id) { try OffscreenTarget(host: host, extent: size, owner: .window(id)) }
            } catch {
                if let lost = VulkanError.deviceLost(error) { throw lost }
                logger.error("\(WindowError.cannotOpen(id, size: size, reason: error)) after the device loss; closing it")
                window.closeRequested = true
                continue
            }
            window.frameDue = true
            events?.requestInputPaint(window)
        }
        try makeTargets()
    }

    /// Configured windows without a target get their swapchain, in the loop (a configure only
    /// records its size): the first configure's, or again after a device loss. A window whose
    /// swapchain cannot be made is closed with a message; a lost device is thrown, for the loop.
    func makeTargets() throws {
        for window in windows where window.gpu == nil && !window.closeRequested {
            guard let toplevel = window.toplevel, let logical = window.logicalSize else { continue }
            let size = toplevel.scale.buffer(for: logical)
            do {
                let gpu = try makeGPUState(for: window.id) {
                    try SwapchainTarget(host: host, surface: toplevel.handle, extent: size)
                }
                window.gpu = gpu
                window.size = gpu.target.extent
                window.pendingResize = nil
            } catch {
                if let lost = VulkanError.deviceLost(error) { throw lost }
                logger.error("\(WindowError.cannotOpen(window.id, size: size, reason: error)); the other windows go on")
                window.closeRequested = true
                continue
            }
            // The configure is acked: the window must now draw to be mapped.
            events?.frameBecameDue(window)
            events?.requestInputPaint(window)
        }
    }

    /// How the overview labels a window's tile.
    static func label(id: WindowID, scene: SceneKind) -> String { "\(id.rawValue) · \(scene.rawValue)" }

    func close(_ window: AppWindow) {
        // The scene's checkouts go back to the pools first; then its own GPU state (swapchain
        // and VkSurfaceKHR, and under --isolated its resource set), then the Wayland objects.
        window.releaseLayers(after: host.lastSubmittedSerial)
        host.bridge.withdraw(window.id, after: host.lastSubmittedSerial)
        let toplevel = window.toplevel
        if let gpu = window.gpu {
            gpu.destroy { toplevel?.destroy() }
        } else {
            toplevel?.destroy()
        }
        window.gpu = nil
        windows.removeAll { $0 === window }
        events?.windowClosed(window)
        logger.info("closed window \(window.id); \(windows.count) open")
    }

    func closeAll() {
        for window in windows { close(window) }
    }

    private func window(for toplevel: Window) -> AppWindow? {
        windows.first { $0.toplevel === toplevel }
    }

    /// The window whose wl_surface this is (keyboard focus names surfaces).
    func window(surface: WaylandSurfaceID?) -> AppWindow? {
        guard let surface else { return nil }
        return windows.first { $0.toplevel?.handle.id == surface }
    }

    func window(id: WindowID?) -> AppWindow? {
        guard let id else { return nil }
        return windows.first { $0.id == id }
    }

    /// Gives a window another scene (keys 1 to 5). Outside a pass: the old scene's resources go
    /// after the last submission.
    func setScene(_ kind: SceneKind, of window: AppWindow) {
        guard kind != window.scene.kind else { return }
        if window.sceneBeforeSwitch == nil { window.sceneBeforeSwitch = window.scene.kind }
        window.replaceScene(with: kind, after: host.lastSubmittedSerial)
        host.bridge.publish(window.id, label: Self.label(id: window.id, scene: kind))
        window.toplevel?.setTitle(window.title)
        events?.requestInputPaint(window)
    }
}

extension WindowManager: WindowDelegate {
    /// Records the size; the loop makes the first swapchain (makeTargets) or the window's next
    /// paint resizes it. No GPU work happens in a Wayland handler.
    func windowConfigured(_ toplevel: Window, size logical: Extent) {
        guard let window = window(for: toplevel), display != nil else { return }
        window.logicalSize = logical
        // Buffers are in pixels: the logical size times the scale (fractional or the output's).
        let size = toplevel.scale.buffer(for: logical)
        window.scene.setScale(toplevel.scale)
        guard window.gpu != nil else { return }
        if size != window.size {
            window.pendingResize = size
            window.frameDue = true
            events?.requestInputPaint(window)
        } else if toplevel.drawsOwnDecorations {
            // Its title bar shows whether it is active (and a paused window draws only when asked).
            events?.requestInputPaint(window)
        }
    }

    func windowCloseRequested(_ toplevel: Window) {
        window(for: toplevel)?.closeRequested = true
    }

    func windowScaleChanged(_ toplevel: Window, scale: DisplayScale) {
        // Before the first configure there is no size yet: that configure uses the new scale.
        guard let window = window(for: toplevel), let logical = window.logicalSize else { return }
        logger.info("window \(window.id): scale \(scale)\(toplevel.followsFractionalScale ? " (fractional)" : "")")
        window.scene.setScale(scale)
        guard window.gpu != nil else { return }
        window.pendingResize = scale.buffer(for: logical)
        window.frameDue = true
        events?.requestInputPaint(window)
    }

    func windowFrameDone(_ toplevel: Window) {
        guard let window = window(for: toplevel) else { return }
        events?.frameBecameDue(window)
    }

    func windowPresented(_ toplevel: Window, token: UInt64, at time: Duration, refresh: Duration) {
        guard let window = window(for: toplevel) else { return }
        events?.framePresented(window, token: token, at: time, refresh: refresh)
    }

    func windowFrameDiscarded(_ toplevel: Window, token: UInt64) {
        window(for: toplevel)?.presentations.discarded(token: token)
    }
}

/// What the window manager tells the application's loop.
protocol WindowEvents: AnyObject {
    func frameBecameDue(_ window: AppWindow)
    func requestInputPaint(_ window: AppWindow)
    func windowClosed(_ window: AppWindow)
    /// The compositor showed frame `token` of `window` at `time` (its presentation clock).
    func framePresented(_ window: AppWindow, token: UInt64, at time: Duration, refresh: Duration)
}

/// Why a window could not be opened: which one, at what size, and the GPU's reason.
struct WindowError: Error, CustomStringConvertible {
    let window: WindowID
    let size: Extent
    let reason: Error

    static func cannotOpen(_ window: WindowID, size: Extent, reason: Error) -> WindowError {
        WindowError(window: window, size: size, reason: reason)
    }

    var description: String {
        // Two images of 4 bytes a pixel: what a window's target asks for.
        let mebibytes = Double(size.width) * Double(size.height) * 4 * 2 / 1_048_576
        return "cannot open window \(window.rawValue) at \(size) (\(Int(mebibytes.rounded())) MiB of targets): \(reason)"
    }
}
