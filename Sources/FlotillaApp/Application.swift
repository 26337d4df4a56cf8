import CVulkan
import FlotillaCore
import FlotillaGPU
import FlotillaWayland
import Foundation
import Logging

/// The program: one GPU host, the compositor connection (none under `--headless`), the
/// windows, and the loop that joins them on one thread.
public final class Application {
    let options: AppOptions
    let logger: Logger
    let display: Display?
    /// Replaced, with every window's GPU state, when the device is lost.
    var host: GpuHost
    let loop: EventLoop
    let windows: WindowManager
    let stats: StatsStream?
    let clock = ContinuousClock()
    let started: ContinuousClock.Instant
    var nextStatsLine: ContinuousClock.Instant
    var windowsInLastLine: [WindowID] = []
    /// A stats line waits in the Background queue.
    var statsLineQueued = false
    var nextHeadlessTick: ContinuousClock.Instant
    var quitRequested = false
    var focus = KeyboardFocus()
    /// Key repeat of each seat, keyed by seat number.
    var repeats: [Int: KeyRepeat<ContinuousClock.Instant, KeyAction>] = [:]
    /// Keys pressed during Wayland dispatch, for the loop to perform: the action, the window
    /// focused then, and when the key arrived (presentation clock).
    var queuedActions: [(KeyAction, WindowID?, Duration?)] = []
    var scriptedKeys: [KeyAction]
    let scheduler: FrameScheduler<ContinuousClock>
    /// A new window's request (its key press, or the start) to its first presented frame.
    var spawnLatency = LatencyHistogram()
    var presentStatistics = PresentStatistics()
    let screenshots: Screenshots
    let offscreen: OffscreenPool
    var offscreenStartQueued = false
    /// Windows an offscreen job made a thumbnail for (their own frames had stopped).
    var offscreenThumbnails: Set<WindowID> = []
    /// Scheduler passes that sent frames, and the CPU time of recording each window's frame.
    var passes = PassStatistics()
    var pipelinesSaved = 0
    var overlayVisible: Bool
    var nextScriptedKey: ContinuousClock.Instant?
    private var finished = false
    /// Hosts rebuilt after a device loss, and losses since the last presented frame.
    var hostRebuilds = 0
    var lossesInARow = 0
    /// What the validation layer reported to hosts that were since lost (the stats add it up).
    var validationMessagesOfLostHosts = 0
    var nextBudgetCheck = ContinuousClock.now

    /// Device losses in a row, with no frame presented between them, at which Flotilla gives up.
    static let deviceLossLimit = 3

    /// `FLOTILLA_FAULT` (for tests and demos): `out-of-device-memory@allocation=N` (the Nth
    /// request for device memory fails), `device-lost@frame=N` or `device-lost@seconds=S`
    /// (optionally `,repeat`; see DeviceLossFault), `driver-budget@bytes=N` (the driver's budget
    /// of every device-local heap is N, e.g. 16M), `present-blocks@seconds=S` (a present never
    /// returns after S seconds). Anything else is named in one warning and ignored.
    static func applyInjectedFault(to configuration: inout GpuHost.Configuration, logger: Logger) {
        guard let fault = ProcessInfo.processInfo.environment["FLOTILLA_FAULT"], !fault.isEmpty else { return }
        let memory = "out-of-device-memory@allocation=", lost = "device-lost@", budget = "driver-budget@bytes="
        let blocks = "present-blocks@seconds="
        if fault.hasPrefix(memory), let number = Int(fault.dropFirst(memory.count)), number >= 1 {
            logger.warning("FLOTILLA_FAULT: device memory request \(number) will fail")
            configuration.failingAllocation = number
        } else if fault.hasPrefix(budget), let bytes = ByteCount.parse(String(fault.dropFirst(budget.count))) {
            logger.warning("FLOTILLA_FAULT: the driver's budget of every device-local heap is \(ByteCount.format(bytes))")
            configuration.driverBudget = bytes
        } else if fault.hasPrefix(blocks), let seconds = Double(fault.dropFirst(blocks.count)),
                  (0...DeviceLossFault.longestDelay).contains(seconds) {
            logger.warning("FLOTILLA_FAULT: a present will block for good after \(seconds) s")
            configuration.presentBlocksAfter = seconds
        } else if fault.hasPrefix(lost), let loss = DeviceLossFault(parsing: fault.dropFirst(lost.count)) {
            logger.warning("FLOTILLA_FAULT: the device will be lost (\(loss))")
            configuration.deviceLoss = loss
        } else {
            logger.warning("FLOTILLA_FAULT: '\(fault)' is not a fault this build injects (it knows out-of-device-memory@allocation=N, device-lost@frame=N, device-lost@seconds=S, driver-budget@bytes=N and present-blocks@seconds=S)")
        }
    }

    /// How long the exit waits for frames still on the GPU.
    static let exitWait = Duration.seconds(10)

    /// A headless window draws at this rate, standing in for a compositor's refresh.
    static let headlessRefresh = Duration.microseconds(16_667)

    public init(options: AppOptions, logger: Logger) throws {
        self.options = options
        self.logger = logger
        // Stats first: a path that cannot be written is a usage error, found before any window.
        stats = try options.statsPath.map { try StatsStream(path: $0, logger: logger) }
        display = options.headless ? nil : try Display(logger: logger)
        do {
            var configuration = GpuHost.Configuration(presentsToWayland: !options.headless, logger: logger)
            configuration.memoryBudget = options.memoryBudget
            Self.applyInjectedFault(to: &configuration, logger: logger)
            host = try GpuHost(configuration)
        } catch {
            display?.disconnect()
            throw error
        }
        loop = EventLoop(display: display)
        screenshots = Screenshots(folder: options.screenshotFolder, logger: logger)
        let services = WindowServices(logger: logger, fixedStep: options.fixedStep, display: display, screenshots: screenshots)
        windows = WindowManager(host: host, display: display, options: options, services: services, logger: logger)
        started = clock.now
        scheduler = FrameScheduler(clock: ContinuousClock())
        nextStatsLine = started
        nextHeadlessTick = started
        scriptedKeys = options.scriptedKeys
        offscreen = OffscreenPool(logger: logger)
        overlayVisible = options.overlay
        services.overlaySource = self
        display?.globals.keyboardDelegate = self
        display?.globals.pointerDelegate = self
        // The pass budget follows the fastest output's refresh (60 Hz when none is known).
        scheduler.budget = FrameSchedulerBudget.forRefresh(millihertz: display?.globals.fastestRefreshMillihertz)
        if let refresh = display?.globals.fastestRefreshMillihertz {
            logger.info("output refresh \(Double(refresh) / 1000) Hz: frame budget \(scheduler.budget)")
        }
        windows.events = self
        configureImageCache()
        if !options.isolated {
            // Shader compilation at start, not in the first paints (the pipeline cache makes it quick).
            try host.shared.prepare(formats: WindowManager.likelyFormats(host))
            scheduler.enqueueBackground("glyph warm-up") { [weak self] in
                // Printable ASCII at the grid's and the overlay's sizes at the windows' scales
                // (known once they are configured; a background job runs after that), rasterized
                // before any window needs them (uploaded with the first frame that draws text).
                guard let self, let atlas = try? host.shared.textAtlas() else { return }
                var scales = Set(windows.windows.compactMap { $0.toplevel?.scale })
                if scales.isEmpty { scales = [.one] }
                let sizes = Set(scales.flatMap { [$0.pixels(GridScene.pixelSize), $0.pixels(OverlayLayer.pixelSize)] })
                for size in sizes.sorted() {
                    for codepoint in UInt32(33)...126 { _ = atlas.glyph(codepoint, pixelSize: size, frame: 0) }
                }
            }
        }
    }

    /// The host's image cache decodes through the program's decoders, shows `--images` and keeps
    /// `--image-cache` bytes (again for a host rebuilt after a device loss).
    func configureImageCache() {
        host.imageCache.decoder = ImageDecoder.decode
        host.imageCache.catalog = options.images
        host.imageCache.budget = options.imageCacheBudget
    }

    /// Runs until the last window closes, `q`, a limit of `--frames`/`--seconds`, or a signal.
    /// Throws (after closing every window) when the compositor goes away or Vulkan fails.
    public func run() throws {
        Signals.install()
        defer { shutDown() }
        try windows.spawnInitialWindows()
        while true {
            windows.closeRequestedWindows()
            if let failure = windows.failedAtStart { throw failure }
            if windows.windows.isEmpty {
                logger.info("the last window closed")
                break
            }
            if quitRequested || loop.wasInterrupted || limitReached { break }
            tickHeadlessPacer()
            enqueueHousekeeping()
            writeStatsIfDue()
            let drewAll: Bool
            do {
                try performKeys()
                try playScriptedKey()
                try windows.makeTargets()
                drewAll = try renderDueWindows()
                host.collectCompletedWork()
                offscreen.poll(host: host)
                screenshots.poll(host: host)
            } catch let error as VulkanError where error.result == VK_ERROR_DEVICE_LOST {
                // The one place a lost device is handled: every GPU step of the loop is above
                // (Wayland handlers only record what they were told).
                try recoverFromDeviceLoss(error)
                continue
            }
            let waiting = clock.now
            try loop.wait(timeout: drewAll ? timeUntilNextDeadline : .milliseconds(1))
            passes.waitTotal += clock.now - waiting
        }
    }

    var mode: String { options.isolated ? "isolated" : "shared" }

    /// Closes every window, waits (bounded) for the GPU, and lets go of the compositor; once.
    func shutDown() {
        guard !finished else { return }
        finished = true
        Signals.shutdownBeginning()
        writeStats()
        // The last line gets a moment to reach a slow reader, never more.
        defer { stats?.finish(within: Self.statsExitWait) }
        windows.closeAll()
        // Windows whose last frame is still on the GPU are released when it finishes; their
        // Wayland objects with them, so the connection stays up until then.
        guard host.finishSubmittedWork(timeout: Self.exitWait) else {
            // Freeing what the GPU may still read is never an option: the objects are left to
            // the driver, which frees them with the process.
            logger.warning("the GPU did not finish its last frames within \(Self.exitWait); exiting without releasing them")
            _ = Unmanaged.passRetained(self)
            return
        }
        offscreen.poll(host: host)
        screenshots.finish(host: host)
        offscreen.dropAll(host: host)
        display?.disconnect()
    }

    /// How long the exit waits for a stats reader to take the last lines.
    static let statsExitWait = Duration.milliseconds(250)
}
