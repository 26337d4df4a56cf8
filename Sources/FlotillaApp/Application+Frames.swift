import FlotillaCore
import FlotillaGPU
import FlotillaWayland

extension Application {
    /// One pass of painting, in the scheduler's order: UserInput requests of windows whose
    /// frame is due, then Animation ones while the budget lasts, each recorded into one
    /// FramePass that is submitted and presented at once; then Background jobs. Returns false if
    /// a due window with a request could not paint yet (its slot or image busy, or the budget ran
    /// out), so the loop polls again soon instead of sleeping until the next event.
    ///
    /// A window's frame is due at its frame callback. A key's frame on a swapchain whose new
    /// frames replace unshown ones (MAILBOX) goes at once instead: it replaces the frame already
    /// waiting in the compositor and is shown at the compositor's next repaint, not the one after.
    func renderDueWindows() throws -> Bool {
        let ready = Set(windows.windows.filter { window in
            guard let gpu = window.gpu, !window.closeRequested else { return false }
            return window.frameDue || (gpu.target.replacesUnshownFrames && window.framesPresented > 0
                && scheduler.pendingPriority(of: window.id) == .userInput)
        }.map(\.id))
        // Two passes still on the GPU: a third would only queue behind them.
        let gpuBehind = host.lastSubmittedSerial &- host.completedSerial() >= Self.passesInFlight
        let pass = FramePass(host: host, threads: options.threads)
        return try scheduler.runPass(ready: ready, gpuBehind: gpuBehind, record: { id in
            guard let window = windows.window(id: id) else { return false }
            return try record(window, into: pass)
        }, submit: { recorded in
            let outcomes = try pass.submitAndPresent()
            let submitted = clock.now
            if !recorded.isEmpty { passes.passSent() }
            return zip(recorded, outcomes).compactMap { id, result in
                guard let window = windows.window(id: id) else { return nil }
                let presented = result.outcome == .presented
                if presented {
                    lossesInARow = 0
                    window.frameDue = false
                    passes.presented()
                    window.frameTimes.presented(at: submitted - started)
                    if window.framesPresented == 1 { spawnLatency.record(clock.now - window.spawnedAt) }
                }
                return (id, presented)
            }
        })
    }

    /// Passes the GPU may have queued before Animation paints wait (UserInput ones never do).
    static let passesInFlight: UInt64 = 2

    /// Paints one window's frame into `pass` (AppWindow.paint), timing it; false if it could
    /// not paint yet.
    private func record(_ window: AppWindow, into pass: FramePass) throws -> Bool {
        let began = clock.now
        guard try window.paint(into: pass, at: began) else { return false }
        let spent = clock.now - began
        passes.recordTime.record(spent)
        passes.prepareTotal += spent
        if spent > .milliseconds(4) {
            logger.debug("slow recording: window \(window.id) (\(window.scene.kind.rawValue)), frame \(window.framesPresented), \(spent)")
        }
        return true
    }

    /// A window's frame became due (frame callback, first configure, headless tick): an
    /// animating window asks for its next frame.
    func frameBecameDue(_ window: AppWindow) {
        window.frameDue = true
        if !window.paused { scheduler.request(window.id, .animation) }
    }

    /// The clock of the compositor's presentation times (nil headless).
    var presentationClock: PresentationClock? { display?.globals.presentationClock }

    /// Something the user will look for at once (a key, a new or resized window).
    func requestInputPaint(_ window: AppWindow) {
        scheduler.request(window.id, .userInput)
    }

    /// Under `--headless` there is no compositor to send frame callbacks: a steady tick makes
    /// every window's frame due at the refresh rate instead.
    func tickHeadlessPacer() {
        guard display == nil, clock.now >= nextHeadlessTick else { return }
        nextHeadlessTick = nextHeadlessTick.advanced(by: Self.headlessRefresh)
        if nextHeadlessTick < clock.now { nextHeadlessTick = clock.now.advanced(by: Self.headlessRefresh) }
        for window in windows.windows { frameBecameDue(window) }
    }

    var limitReached: Bool {
        if let seconds = options.secondsLimit, (clock.now - started).seconds >= seconds { return true }
        if let frames = options.frameLimit {
            return windows.windows.allSatisfy { $0.framesPresented >= frames }
        }
        return false
    }

    var timeUntilNextDeadline: Duration {
        var deadline = clock.now.advanced(by: .seconds(1))
        if stats != nil { deadline = min(deadline, nextStatsLine) }
        if display == nil { deadline = min(deadline, nextHeadlessTick) }
        if let seconds = options.secondsLimit { deadline = min(deadline, started.advanced(by: .seconds(seconds))) }
        if let repeatDue = keyRepeatDeadline { deadline = min(deadline, repeatDue) }
        if let scripted = nextScriptedKey { deadline = min(deadline, scripted) }
        return max(.zero, deadline - clock.now)
    }

    /// A line every second (a Background job: it waits for leftover time, but never more than
    /// `statsStarvation` past its second: a loop with no leftover time writes it itself), and one
    /// at once whenever a window opened or closed since the last line.
    func writeStatsIfDue() {
        guard stats != nil else { return }
        let windowSet = windows.windows.map(\.id)
        if windowSet != windowsInLastLine {
            windowsInLastLine = windowSet
            writeStats()
        }
        guard clock.now >= nextStatsLine else { return }
        if !statsLineQueued {
            statsLineQueued = true
            scheduler.enqueueBackground("stats line") { [weak self] in
                guard let self else { return }
                statsLineQueued = false
                writeStatsLineIfStillDue()
            }
        } else if clock.now - nextStatsLine > Self.statsStarvation {
            writeStatsLineIfStillDue()
        }
    }

    /// How long a stats line may wait for leftover time past its second.
    static let statsStarvation = Duration.seconds(1)

    private func writeStatsLineIfStillDue() {
        guard clock.now >= nextStatsLine else { return }
        nextStatsLine = clock.now.advanced(by: .seconds(1))
        writeStats()
    }

    /// Background jobs: save the pipeline cache once new pipelines exist; rasterize the glyph
    /// atlas before the first grid window asks for it.
    func enqueueHousekeeping() {
        requestStalledRenders()
        if offscreen.hasQueued, !offscreenStartQueued {
            offscreenStartQueued = true
            scheduler.enqueueBackground("offscreen job") { [weak self] in
                guard let self else { return }
                offscreenStartQueued = false
                offscreen.startNext(host: host)
            }
        }
        // The driver's budget (VK_EXT_memory_budget) once a second, stats or not: past 90% the
        // host warns and gives idle pool memory back.
        if clock.now >= nextBudgetCheck {
            nextBudgetCheck = clock.now.advanced(by: .seconds(1))
            host.refreshMemoryBudget()
        }
        if host.pipelinesCreated > pipelinesSaved {
            pipelinesSaved = host.pipelinesCreated
            scheduler.enqueueBackground("pipeline cache save") { [weak self] in
                self?.host.shared.savePipelineCache()
            }
        }
    }

    /// One stats line, from the counters as they are now (the driver's budget read first).
    func writeStats() {
        guard let stats else { return }
        host.refreshMemoryBudget()
        let cpu = passes.sampleCPU()
        stats.write(StatsLine.build(StatsInputs(
            time: (clock.now - started).seconds, mode: mode, threads: options.threads, host: host,
            windows: windows.windows, scheduler: scheduler.counters, spawnLatency: spawnLatency,
            earlierValidationMessages: validationMessagesOfLostHosts, passes: passes,
            cpuPerWindowFrame: cpu.perWindowFrame, cpuTotal: cpu.total, elapsed: clock.now - started,
            hostRebuilds: hostRebuilds, screenshotsWritten: screenshots.written, statsDropped: stats.dropped,
            offscreen: offscreen.counts, presentStatistics: presentStatistics,
            overlay: windows.windows.map { ($0.id, overlayLines(for: $0)) },
            processBytes: ProcessMemory.proportionalSetSize())))
    }
}

extension Duration {
    var seconds: Double { self / .seconds(1) }
}

extension Application: WindowEvents {
    func windowClosed(_ window: AppWindow) {
        // `s` then `w`: the frame that would have been copied never comes.
        if window.screenshotRequested { screenshotOffscreen(window, because: "it closed before its next frame") }
        scheduler.forget(window.id)
        focus.windowClosed(window.id)
    }
}

extension Application {
    func framePresented(_ window: AppWindow, token: UInt64, at time: Duration, refresh: Duration) {
        guard let frame = window.presentations.presented(token: token, at: time, refresh: refresh) else { return }
        presentStatistics.record(frame, refresh: refresh)
    }
}

extension Application {
    /// A window whose frames stopped (hidden, minimized: no frame callbacks) for this long is
    /// rendered offscreen when something needs its picture.
    static let stalledAfter = Duration.seconds(1)

    /// Offscreen jobs for windows whose own frames stopped: the overview's thumbnail of a window
    /// that never made one, and a screenshot asked of a window that does not paint.
    func requestStalledRenders() {
        let now = clock.now
        for window in windows.windows {
            // Stopped: it waits for a frame callback the compositor has not sent for a while (a
            // paused window waits for nothing: a key paints it at once).
            guard window.toplevel?.awaitsFrameCallback == true,
                  window.lastAdvance.map({ now - $0 > Self.stalledAfter }) ?? true else { continue }
            if host.bridge.hasSubscribers, !offscreenThumbnails.contains(window.id),
               host.bridge.entry(of: window.id)?.frames == 0, window.scene.kind != .overview {
                offscreenThumbnails.insert(window.id)
                offscreen.submit(window.offscreenJob(thumbnail: true))
            }
            if window.screenshotRequested {
                screenshotOffscreen(window, because: "it is not painting")
            }
        }
    }

    /// `s` on a window that will not paint its next frame (hidden, or closed right after): its
    /// picture is rendered offscreen from its scene's state.
    func screenshotOffscreen(_ window: AppWindow, because reason: String) {
        window.screenshotRequested = false
        let job = window.offscreenJob(thumbnail: false)
        offscreen.submit(job)
        screenshots.expect(job, window: window.id, because: reason)
    }
}
