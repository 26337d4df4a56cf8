import CXKBCommon
import FlotillaCore
import FlotillaGPU
import FlotillaWayland

/// Keys, from a seat or from `--keys`, become actions on the focused window. A key pressed
/// during Wayland dispatch only queues its action; the loop performs the queue before its next
/// pass, where whatever the action does on the GPU (a window made headless, a device loss) meets
/// the loop's one handler.
extension Application: KeyboardDelegate {
    public func keyboardEntered(seat: Int, surface: WaylandSurfaceID?, heldKeys: [(key: UInt32, keysym: xkb_keysym_t)]) {
        guard let window = windows.window(surface: surface) else { return }
        focus.enter(seat: seat, window: window.id)
        // A key held while focus moved (n opens a window, the compositor focuses it) keeps
        // repeating in the new window, after the usual delay; it is not pressed again.
        for held in heldKeys {
            repeats[seat, default: KeyRepeat()].press(held.key, action: KeyTable.action(for: held.keysym),
                                                      at: clock.now)
        }
    }

    public func keyboardLeft(seat: Int, surface: WaylandSurfaceID?) {
        focus.leave(seat: seat, window: windows.window(surface: surface)?.id)
        repeats[seat]?.stop()
    }

    public func keyPressed(seat: Int, key: UInt32, keysym: xkb_keysym_t) {
        let action = KeyTable.action(for: keysym)
        repeats[seat, default: KeyRepeat()].press(key, action: action, at: clock.now)
        guard let action else { return }
        logger.debug("seat \(seat): \(KeyTable.name(of: keysym)) -> \(action)")
        queuedActions.append((action, focus.window(of: seat), presentationClock?.now()))
    }

    public func keyReleased(seat: Int, key: UInt32) {
        repeats[seat]?.release(key)
    }

    public func keyRepeatChanged(seat: Int, rate: Int32, delay: Int32) {
        repeats[seat, default: KeyRepeat()].configure(rate: rate, delayMilliseconds: delay)
    }

    public func keyboardRemoved(seat: Int) {
        repeats[seat]?.stop()
        focus.remove(seat: seat)
    }

    /// Performs the keys pressed since the last pass, and the repeats that fell due.
    func performKeys() throws {
        let queued = queuedActions
        queuedActions.removeAll()
        for (action, window, arrived) in queued { try perform(action, on: windows.window(id: window), arrived: arrived) }
        let now = clock.now
        for seat in repeats.keys {
            guard let action = repeats[seat]?.held, let count = repeats[seat]?.fire(at: now), count > 0 else { continue }
            // A loop pass that came late fires once, not in a burst.
            try perform(action, on: windows.window(id: focus.window(of: seat)))
        }
    }

    var keyRepeatDeadline: ContinuousClock.Instant? {
        repeats.values.compactMap(\.deadline).min()
    }

    /// `--keys`: one action every 0.4 s once every first window has shown a frame, each to the
    /// focused window or, with no seat, the newest window.
    func playScriptedKey() throws {
        guard !scriptedKeys.isEmpty else { return }
        let now = clock.now
        guard let due = nextScriptedKey else {
            if windows.windows.allSatisfy({ $0.framesPresented > 0 }) { nextScriptedKey = now }
            return
        }
        guard now >= due else { return }
        let action = scriptedKeys.removeFirst()
        nextScriptedKey = scriptedKeys.isEmpty ? nil : now.advanced(by: .milliseconds(400))
        let target = windows.window(id: focus.anyFocused) ?? windows.windows.last
        logger.info("--keys: \(action)")
        try perform(action, on: target)
    }

    /// Throws only a lost device (for the loop's handler); anything else that fails is one line.
    /// `arrived`: when the key came (presentation clock), if before now.
    func perform(_ action: KeyAction, on window: AppWindow?, arrived: Duration? = nil) throws {
        // A key is a UserInput request for its window: whatever it changes lands in the next paint.
        if let window {
            requestInputPaint(window)
            // Keys that change this window's picture are measured to the frame that shows it;
            // the first key since that frame's send counts (a second one lands in the same frame).
            if action.changesWindow, window.keyArrived == nil { window.keyArrived = arrived ?? presentationClock?.now() }
        }
        do {
            switch action {
            case .quit:
                quitRequested = true
            case .newWindow:
                try windows.spawn(window?.scene.kind ?? options.scene.scene(forWindowNumber: 1))
            case .newWindowNextScene:
                try windows.spawn((window?.scene.kind ?? options.scene.scene(forWindowNumber: 1)).next)
            case .tenMoreWindows:
                // Up to the limit; past it, one warning for the press, not one per window refused.
                for _ in 0..<10 {
                    guard try windows.spawn(window?.scene.kind ?? options.scene.scene(forWindowNumber: 1)) != nil else { break }
                }
            case .scene(let kind):
                guard let window else { return }
                windows.setScene(kind, of: window)
            case .closeWindow:
                guard let window else { return }
                window.closeRequested = true
            case .togglePause:
                window?.paused.toggle()
            case .toggleOverlay:
                overlayVisible.toggle()
                for each in windows.windows { requestInputPaint(each) }
            case .toggleHelp:
                window?.helpVisible.toggle()
            case .screenshot:
                window?.screenshotRequested = true
            case .toggleFullscreen:
                guard let toplevel = window?.toplevel else { return }
                guard toplevel.capabilities.fullscreen else {
                    logger.notice("the compositor does not offer full screen")
                    return
                }
                toplevel.setFullscreen(!toplevel.current.fullscreen)
            }
        } catch {
            if let lost = VulkanError.deviceLost(error) ?? (error as? WindowError).flatMap({ VulkanError.deviceLost($0.reason) }) {
                throw lost
            }
            logger.error("\(action) failed: \(error)")
        }
    }
}
