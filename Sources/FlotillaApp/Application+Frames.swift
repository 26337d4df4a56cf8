import FlotillaCore
import FlotillaGPU

extension Application {
    /// Draws every window whose frame is due, once. Returns false if a due window could not
    /// draw yet (its slot or image still busy), so the loop polls again soon instead of
    /// sleeping until the next compositor event.
    func renderDueWindows() throws -> Bool {
        var allDrawn = true
        for window in windows.windows where window.frameDue && !window.closeRequested {
            guard let gpu = window.gpu else { continue }
            if let size = window.pendingResize {
                try gpu.resize(to: size)
                window.size = gpu.target.extent
                window.pendingResize = nil
            }
            let now = clock.now
            let elapsed = window.paused ? 0 : window.lastAdvance.map { (now - $0).seconds } ?? 0
            window.lastAdvance = now
            window.animationTime += elapsed
            window.scene.advance(by: elapsed, in: gpu.target.extent)
            let extent = gpu.target.extent
            let constants = FrameConstants(width: Float(extent.width), height: Float(extent.height),
                                           time: Float(window.animationTime), hue: window.hue)
            let outcome = try gpu.renderFrame(clearColor: (0, 0, 0),
                                              prepare: { try window.scene.prepare($0, constants: constants) },
                                              record: { try window.scene.record($0, constants: constants) },
                                              beforePresent: { window.toplevel?.requestFrame() })
            switch outcome {
            case .presented:
                window.frameDue = false
            case .notReady, .rebuilt:
                allDrawn = false
            }
        }
        return allDrawn
    }

    /// Under `--headless` there is no compositor to send frame callbacks: a steady tick makes
    /// every window's frame due at the refresh rate instead.
    func tickHeadlessPacer() {
        guard display == nil, clock.now >= nextHeadlessTick else { return }
        nextHeadlessTick = nextHeadlessTick.advanced(by: Self.headlessRefresh)
        if nextHeadlessTick < clock.now { nextHeadlessTick = clock.now.advanced(by: Self.headlessRefresh) }
        for window in windows.windows { window.frameDue = true }
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

    /// A line every second, and one whenever a window opened or closed since the last line.
    func writeStatsIfDue() {
        let windowSet = windows.windows.map(\.id)
        guard stats != nil, clock.now >= nextStatsLine || windowSet != windowsInLastLine else { return }
        windowsInLastLine = windowSet
        writeStats()
        nextStatsLine = clock.now.advanced(by: .seconds(1))
    }

    func writeStats() {
        guard let stats else { return }
        stats.write(StatsSnapshot.line(time: (clock.now - started).seconds, mode: mode, host: host,
                                       windows: windows.windows))
    }
}

extension Duration {
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
