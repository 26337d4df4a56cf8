import FlotillaCore
import FlotillaGPU

extension AppWindow {
    /// One frame of this window, into `pass` (which records, submits and presents every window
    /// of a scheduler pass together); the one frame path of windows on screen, headless and
    /// offscreen. Returns false when the window could not paint yet (no free slot or image).
    ///
    /// 1. A configure's new size is applied; the scene's animation advances.
    /// 2. The layers are prepared, top first (each learns what those above it cover), and the
    ///    hooks add their copies to the frame's end.
    /// 3. The layers that prepared something record their draws, bottom first.
    /// 4. Once the frame is certain to be presented, the hooks make their Wayland requests.
    func paint(into pass: FramePass, at now: ContinuousClock.Instant) throws -> Bool {
        guard let gpu else { return false }
        let paintBegan = services.presentationClock?.now()
        if let size = pendingResize {
            try gpu.resize(to: size)
            self.size = gpu.target.extent
            pendingResize = nil
        }
        advance(to: now)
        let extent = gpu.target.extent
        var paint = LayerPaint(window: self,
                               constants: FrameConstants(width: Float(extent.width), height: Float(extent.height),
                                                         time: Float(animationTime), hue: hue),
                               scale: scale, now: now)
        let hooks = self.hooks
        let outcome: FrameOutcome
        do {
            outcome = try record(gpu, into: pass, paint: &paint, paintBegan: paintBegan)
        } catch {
            // Nothing of the frame reaches the GPU: a hook's copy (a screenshot's buffer) goes back.
            for hook in hooks { hook.finished(recorded: false, window: self) }
            throw error
        }
        for hook in hooks { hook.finished(recorded: outcome == .recorded, window: self) }
        return outcome == .recorded
    }

    /// Steps 2 to 4 of `paint`: the layers and hooks inside the window's frame of `pass`.
    private func record(_ gpu: WindowGPUState, into pass: FramePass, paint: inout LayerPaint,
                        paintBegan: Duration?) throws -> FrameOutcome {
        // Bit i: layers[i] prepared something to draw (a window has far fewer than 64 layers).
        var drawing: UInt64 = 0
        let layers = self.layers, hooks = self.hooks
        return try gpu.record(into: pass, clearColor: (0, 0, 0), prepare: { frame in
            for index in layers.indices.reversed() where try prepare(layers[index], frame, &paint) {
                drawing |= 1 << index
            }
            for hook in hooks { try hook.prepare(frame, window: self) }
        }, record: { frame in
            for index in layers.indices where drawing & (1 << index) != 0 {
                try layers[index].record(frame, paint)
            }
        }, beforePresent: {
            for hook in hooks { hook.beforePresent(window: self, paintBegan: paintBegan) }
        })
    }

    /// The animation's time for the frame painted `now`. Under `--fixed-step`, frame N shows
    /// time N x step (a paint that did not present has advanced already, so its retry adds nothing).
    private func advance(to now: ContinuousClock.Instant) {
        let measured = lastAdvance.map { (now - $0) / .seconds(1) } ?? 0
        let fixed = services.fixedStep.map { Double(framesPresented) * $0 - animationTime }
        let elapsed = paused ? 0 : max(fixed ?? measured, 0)
        lastAdvance = now
        animationTime += elapsed
        scene.advance(by: elapsed, in: gpu?.target.extent ?? size)
    }

    /// Prepares one layer. A layer that cannot get GPU memory (the device's, or
    /// `--memory-budget`) is left out of the frame, alone, with one line; the rest of the window,
    /// and every other window, go on (an offscreen job fails instead).
    private func prepare(_ layer: FrameLayer, _ frame: FrameContext, _ paint: inout LayerPaint) throws -> Bool {
        do {
            let draws = try layer.prepare(frame, &paint)
            if layer === scene { sceneFitsInMemory() }
            return draws
        } catch where services.leavesOutShortParts && VulkanError.isOutOfMemory(error) {
            memoryShortage(part: layer.part, error)
            return false
        }
    }

    /// A part of the frame could not get memory. A window that never showed a frame is not
    /// opened after all (one of `--windows` ends the run, as at its spawn); a scene just switched
    /// to goes back to the one before; anything else (a scene growing, the overlay) is retried
    /// each frame, said once.
    func memoryShortage(part: FramePart, _ error: Error) {
        guard !closeRequested else { return }
        let logger = services.logger
        if framesPresented == 0 {
            let refusal = WindowError.cannotOpen(id, size: size, reason: error)
            if openedAtStart {
                // The windows asked for on the command line all open, or the run ends with why.
                refusedAtStart = refusedAtStart ?? refusal
                return
            }
            logger.error("\(refusal); the other windows go on")
            closeRequested = true
        } else if let previous = sceneBeforeSwitch, case .scene = part {
            if sceneRevert == nil {
                logger.error("window \(id.rawValue): \(part) cannot get GPU memory (\(error)); staying on the \(previous.rawValue) scene")
            }
            sceneRevert = previous
        } else if !shortOfMemory {
            shortOfMemory = true
            logger.warning("window \(id.rawValue): \(part) cannot get GPU memory (\(error)); drawn without it until memory is free")
        }
    }

    /// The scene prepared a frame: a switch to it has succeeded, and a shortage is over.
    private func sceneFitsInMemory() {
        if sceneRevert == nil { sceneBeforeSwitch = nil }
        if shortOfMemory {
            shortOfMemory = false
            services.logger.notice("window \(id.rawValue): its frame has all the GPU memory it needs again")
        }
    }
}
