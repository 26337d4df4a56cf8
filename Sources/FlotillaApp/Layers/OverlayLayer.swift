import CVulkan
import FlotillaCore
import FlotillaGPU

/// Where the overlay's content comes from: the program's counters (the same `--stats` reads).
protocol OverlaySource: AnyObject {
    /// Whether the figures are shown (`o`, in every window).
    var overlayVisible: Bool { get }
    /// What `window`'s overlay shows now: the help, the figures, or nothing.
    func overlayLines(for window: AppWindow) -> [String]
}

/// One window's overlay, the layer over its scene: a translucent panel of text (the memory
/// figures, or the key help) and a graph of the last 120 frame times, drawn with the shared text
/// atlas. The panel and the graph, which change every frame, stream through the ring; the text is
/// laid out again only when it changed, into a buffer of the window's (from the buffer pool) that
/// a DirtyFlag uploads once per change (four times a second while the figures move, never while
/// they stand still).
final class OverlayLayer: FrameLayer {
    /// What the panel shows, its text as last built, and when to build it again.
    enum Content { case nothing, figures, help }
    private var content = Content.nothing
    private var contentLines: [String] = []
    private var contentDue = ContinuousClock.now
    private var lines: [String] = []
    private var text: [TextInstance] = []
    private var panel = (x: Float(0), y: Float(0), width: Float(0), height: Float(0))
    private var graph = (x: Float(0), y: Float(0), width: Float(0), height: Float(0))
    private var laidOutWith = (evictions: -1, pixelSize: 0, width: 0, topInset: 0)
    /// The window's scale (HiDPI, fractional too): glyphs are rasterized at this many times the
    /// base size, so text stays sharp at 125% as at 200%.
    var scale = DisplayScale.one
    /// Pixels at the target's top the panel stays below (the window's own title bar).
    var topInset = 0
    private(set) var layouts = 0
    /// Where the panel ends, from the target's top, in pixels (0 before the first layout).
    var panelBottom: Int { Int((panel.y + panel.height).rounded(.up)) }
    /// The target's top-left part the panel covers, margin included (zero before the first layout).
    var panelExtent: Extent { Extent(width: Int((panel.x + panel.width).rounded(.up)), height: panelBottom) }
    /// This frame's panel and graph in the ring, between prepare and record.
    private var quads = StreamedQuads()
    /// The last frame's panel and graph where the GPU reads them (the ring's mapped memory;
    /// valid until the ring comes round to them again, frames later).
    private var uploaded: (pointer: UnsafeRawPointer, count: Int)?
    /// The text's instances on the GPU, and whether they changed since their last upload.
    private var textCheckout: PooledBuffer?
    private var textOnGPU: (buffer: BufferRef, count: Int)?
    private var textDirty = DirtyFlag()
    /// Text uploads recorded (tests read it).
    private(set) var textUploads = 0

    static let pixelSize = 13
    /// How often moving figures are built again: numbers changing every frame are unreadable,
    /// and building and laying out text every frame in every window is not cheap.
    static let refreshInterval = Duration.milliseconds(250)
    static let textColor = premultiplied(0.92, 0.95, 1.0, 1)
    static let panelColor = premultiplied(0.02, 0.03, 0.05, 0.9)

    let part = FramePart.overlay

    /// The help, the figures or nothing, below the layers above (the title bar); the panel is
    /// what this layer covers.
    func prepare(_ frame: FrameContext, _ paint: inout LayerPaint) throws -> Bool {
        guard let window = paint.window else { return false }
        let shown = text(for: window, now: paint.now)
        guard !shown.isEmpty else { return false }
        scale = paint.scale
        topInset = paint.coveredTop
        try prepare(frame, lines: shown, showGraph: !window.helpVisible, frameTimes: window.helpVisible ? nil : window.frameTimes)
        let panel = panelExtent
        paint.coveredPanel = Extent(width: max(paint.coveredPanel.width, panel.width),
                                    height: max(paint.coveredPanel.height, panel.height))
        return true
    }

    func record(_ frame: DrawContext, _ paint: LayerPaint) throws {
        try record(frame, constants: paint.constants)
    }

    /// The overlay's text for a paint: the figures are built again every `refreshInterval`; a
    /// switch between figures, help and nothing shows at once. The graph is drawn every frame.
    private func text(for window: AppWindow, now: ContinuousClock.Instant) -> [String] {
        guard let source = window.services.overlaySource else { return [] }
        let showing: Content = window.helpVisible ? .help : source.overlayVisible ? .figures : .nothing
        if showing != content || (showing == .figures && now >= contentDue) {
            content = showing
            contentLines = source.overlayLines(for: window)
            // Until the window has shown a frame, the figures are those of before its first
            // frame's allocations (0 B shared): they are built again for every paint till then.
            contentDue = window.framesPresented < 2 ? now : now.advanced(by: Self.refreshInterval)
        }
        return contentLines
    }

    /// Lays out `lines` if they changed, lets the atlas upload new glyphs (before the pass),
    /// and streams this frame's instances (the panel, the graph of `frameTimes`, the text)
    /// through the ring.
    func prepare(_ frame: FrameContext, lines: [String], showGraph: Bool, frameTimes: FrameTimes?) throws {
        let atlas = try frame.resources.textAtlas()
        let pixelSize = scale.pixels(Self.pixelSize)
        if lines != self.lines || laidOutWith != (atlas.cache.evictions, pixelSize, frame.extent.width, topInset) {
            layOut(lines, atlas: atlas, pixelSize: pixelSize, showGraph: showGraph, width: frame.extent.width,
                   frame: frame.serial)
            laidOutWith = (atlas.cache.evictions, pixelSize, frame.extent.width, topInset)
            textDirty.mark(frame: frame.serial)
        }
        try atlas.prepare(frame)
        try uploadTextIfChanged(frame)
        quads.forget()
        guard !lines.isEmpty, let white = atlas.white else { return }
        func solid(_ x: Float, _ y: Float, _ width: Float, _ height: Float, _ color: UInt32) -> TextInstance {
            .solid(x, y, width, height, color: color, white: white)
        }
        var instances = [solid(panel.x, panel.y, panel.width, panel.height, Self.panelColor)]
        if let frameTimes, graph.width > 0 {
            // 16.7 ms (60 Hz) at half height; green within a frame, amber within two, red beyond.
            let bars = frameTimes.inOrder
            let barWidth = graph.width / Float(FrameTimes.capacity)
            instances.append(solid(graph.x, graph.y + graph.height / 2, graph.width, max(scale.scaled(1).rounded(), 1), Self.premultiplied(1, 1, 1, 0.25)))
            for (index, interval) in bars.enumerated() {
                let milliseconds = Float(interval / .milliseconds(1))
                let height = min(milliseconds / 33.3, 1) * graph.height
                let color = milliseconds <= 17.5 ? Self.premultiplied(0.3, 0.85, 0.45, 0.9)
                    : milliseconds <= 34 ? Self.premultiplied(0.95, 0.7, 0.2, 0.9) : Self.premultiplied(0.95, 0.3, 0.25, 0.9)
                instances.append(solid(graph.x + Float(index) * barWidth, graph.y + graph.height - height,
                                       max(barWidth - 1, 1), height, color))
            }
        }
        uploaded = try quads.stream(instances, in: frame).map { ($0, instances.count) }
    }

    /// The text's buffer and how many glyphs it holds (for tests that read back what is drawn).
    var textBuffer: (buffer: BufferRef, count: Int)? { textOnGPU }

    /// One copy of the laid-out text into the window's buffer, in the frame that first needs
    /// it: a new buffer when it no longer fits; the previous frame may still read the old
    /// contents, so the copy waits for its vertex input.
    private func uploadTextIfChanged(_ frame: FrameContext) throws {
        guard textDirty.takeUpload(frame: frame.serial) else { return }
        guard !text.isEmpty else {
            textOnGPU = nil
            return
        }
        let bytes = text.count * MemoryLayout<TextInstance>.stride
        // The buffer of the text's own size class: it grows with longer text and goes back down
        // with shorter (a window does not keep what a busier moment needed).
        let wanted = SizeClass.forRequest(bytes) ?? bytes
        if textCheckout?.capacity != wanted {
            // Frames already recorded draw from the old buffer: it goes back after this frame.
            textCheckout.take()?.release(after: frame.serial)
            textOnGPU = nil
            textCheckout = try frame.resources.bufferPool.checkout(bytes, for: frame.owner)
        }
        guard let buffer = textCheckout?.buffer else { return }
        let slice = try frame.resources.ring.allocate(UInt64(bytes), alignment: 16)
        text.withUnsafeBytes { slice.pointer.copyMemory(from: $0.baseAddress!, byteCount: bytes) }
        frame.uploads.copy(from: slice.buffer, to: buffer.buffer,
                           regions: [VkBufferCopy(srcOffset: slice.offset, dstOffset: 0, size: UInt64(bytes))],
                           readBy: VK_PIPELINE_STAGE_2_VERTEX_ATTRIBUTE_INPUT_BIT, access: VK_ACCESS_2_VERTEX_ATTRIBUTE_READ_BIT)
        slice.release(after: frame.serial)
        textOnGPU = (buffer, text.count)
        textUploads += 1
    }

    /// The window goes (or its device was lost): the text's buffer back to its pool after `serial`.
    func release(after serial: UInt64) {
        textCheckout.take()?.release(after: serial)
        textOnGPU = nil
        forgetLayout()
    }

    /// What the last prepared frame uploaded, read back from the ring (for tests that check what
    /// is drawn, not what was meant): the panel, then the graph's bars.
    var uploadedInstances: [TextInstance] {
        guard let uploaded else { return [] }
        return (0..<uploaded.count).map {
            uploaded.pointer.loadUnaligned(fromByteOffset: $0 * MemoryLayout<TextInstance>.stride, as: TextInstance.self)
        }
    }

    /// Draws the panel, the text and (with the figures) the frame-time graph.
    func record(_ frame: DrawContext, constants: FrameConstants) throws {
        guard try quads.draw(frame, constants: constants) else { return }
        // The text over the panel, from the window's own buffer.
        guard let textOnGPU else { return }
        let draws = frame.draws
        draws.bindVertexBuffer(textOnGPU.buffer.buffer)
        draws.draw(vertices: 4, instances: UInt32(textOnGPU.count))
    }

    /// Lays the lines out in a panel at the top left, wrapped to the target's `width` (the font
    /// is monospaced: a narrow window gets more, shorter lines, never text past its edge).
    private func layOut(_ lines: [String], atlas: TextAtlas, pixelSize: Int, showGraph: Bool, width: Int, frame: UInt64) {
        self.lines = lines
        layouts += 1
        let (ascender, lineHeight) = atlas.lineMetrics(pixelSize: pixelSize)
        let margin = scale.scaled(12).rounded(), padding = scale.scaled(8).rounded()
        let top = Float(topInset) + margin
        let advance = max(atlas.glyph(UInt32(("0" as Unicode.Scalar).value), pixelSize: pixelSize, frame: frame)?.advance ?? pixelSize, 1)
        let columns = Int((Float(width) - 2 * (margin + padding)) / Float(advance))
        let shown = OverlayText.wrap(lines, columns: columns)
        var widest: Float = 0
        text.removeAll(keepingCapacity: true)
        for (row, line) in shown.enumerated() {
            var pen = margin + padding
            let baseline = top + padding + Float(row * lineHeight + ascender)
            for scalar in line.unicodeScalars {
                guard let slot = atlas.glyph(scalar.value, pixelSize: pixelSize, frame: frame) else { continue }
                if slot.width > 0 {
                    text.append(.glyph(slot, penX: pen, baseline: baseline, color: Self.textColor))
                }
                pen += Float(slot.advance)
            }
            widest = max(widest, pen - margin - padding)
        }
        let textHeight = Float(shown.count * lineHeight)
        let graphHeight = showGraph ? scale.scaled(36).rounded() : 0
        panel = (margin, top, widest + 2 * padding, textHeight + 2 * padding + (showGraph ? graphHeight + padding : 0))
        graph = showGraph ? (margin + padding, top + padding + textHeight + padding, widest, graphHeight) : (0, 0, 0, 0)
    }

    /// The atlas the layout pointed into is gone (a device loss): lay out again at the next frame.
    func forgetLayout() {
        lines = []
        laidOutWith = (-1, 0, 0, 0)
        quads.forget()
        uploaded = nil
    }

    static func premultiplied(_ red: Float, _ green: Float, _ blue: Float, _ alpha: Float) -> UInt32 {
        func byte(_ value: Float) -> UInt32 { UInt32(min(max(value, 0), 1) * 255 + 0.5) }
        return byte(red * alpha) | byte(green * alpha) << 8 | byte(blue * alpha) << 16 | byte(alpha) << 24
    }
}

extension Application: OverlaySource {
    /// The overlay's figures for `window`, read from the same counters `--stats` reads.
    func overlayFigures(for window: AppWindow) -> OverlayFigures {
        let ledger = host.memory.ledger
        let pools = (StatsLine.pooled(host.allResourceSets.map(\.bufferPool.statistics)),
                     StatsLine.pooled(host.allResourceSets.map(\.texturePool.statistics)))
        let paints = scheduler.counters.paints
        func milliseconds(_ duration: Duration?) -> Double? {
            duration.map { $0 / .milliseconds(1) }
        }
        let keys = presentStatistics.keyToPresent
        var figures = OverlayFigures(
            title: window.title, mode: mode,
            windowBytes: ledger.bytes(of: .window(window.id)), sharedBytes: ledger.bytes(of: .shared),
            totalBytes: ledger.totalBytes, windowCount: windows.windows.count,
            swapchainEstimate: windows.windows.reduce(0) { $0 + ($1.gpu?.target.externalBytesEstimate ?? 0) },
            deviceAllocations: host.memory.deviceAllocationCount,
            bufferHitRate: pools.0.hitRate, textureHitRate: pools.1.hitRate,
            frameP50Milliseconds: milliseconds(window.frameTimes.percentile(50)),
            frameP99Milliseconds: milliseconds(window.frameTimes.percentile(99)),
            paints: (paints[.userInput] ?? 0, paints[.animation] ?? 0, paints[.background] ?? 0),
            cpuMicroseconds: passes.recordTime.count > 0 ? passes.recordTime.milliseconds(atPercentile: 50) * 1000 : nil,
            gpuMilliseconds: host.windowFrameGPUTime.flatMap { $0.count > 0 ? $0.milliseconds(atPercentile: 50) : nil })
        if host.bridge.hasSubscribers { figures.bridge = (host.bridge.published, host.bridge.stale) }
        let cache = host.imageCache
        if cache.bytes > 0 { figures.images = (cache.decodes, cache.hits, cache.bytes) }
        if keys.count > 0 {
            figures.keyToPresentMilliseconds = (keys.milliseconds(atPercentile: 50), keys.milliseconds(atPercentile: 99))
        }
        return figures
    }

    /// What `window`'s overlay shows now: the help, the figures, or nothing.
    func overlayLines(for window: AppWindow) -> [String] {
        if window.helpVisible { return KeyTable.help }
        return overlayVisible ? OverlayText.lines(overlayFigures(for: window)) : []
    }
}

/// Quads of the text pipeline (glyphs, and solid rectangles from the atlas's white block) that
/// change every frame and are few: written into the ring for one frame and drawn from there. The
/// overlay's panel and graph and a window's own title bar are drawn this way.
struct StreamedQuads {
    private var streamed: (buffer: VkBuffer, offset: UInt64, count: Int)?

    /// Writes `instances` into the ring for `frame`. Returns where they are (the ring's mapped
    /// memory, valid until the ring comes round to them again, frames later); nil for none.
    @discardableResult
    mutating func stream(_ instances: [TextInstance], in frame: FrameContext) throws -> UnsafeRawPointer? {
        streamed = nil
        guard !instances.isEmpty else { return nil }
        let bytes = UInt64(instances.count * MemoryLayout<TextInstance>.stride)
        let slice = try frame.resources.ring.allocate(bytes, alignment: 16)
        instances.withUnsafeBytes { slice.pointer.copyMemory(from: $0.baseAddress!, byteCount: Int(bytes)) }
        streamed = (slice.buffer, slice.offset, instances.count)
        let written = UnsafeRawPointer(slice.pointer)
        slice.release(after: frame.serial)
        return written
    }

    /// Draws what was streamed for this frame with the text pipeline and the atlas, which stay
    /// bound for more quads; false when nothing was.
    mutating func draw(_ frame: DrawContext, constants: FrameConstants) throws -> Bool {
        guard let streamed, let view = try frame.resources.textAtlas().view else { return false }
        self.streamed = nil
        let draws = frame.draws
        draws.push(constants)
        draws.bindTexture(view, sampler: frame.resources.samplers.nearest)
        draws.bind(frame.pipelines.text)
        draws.bindVertexBuffer(streamed.buffer, offset: streamed.offset)
        draws.draw(vertices: 4, instances: UInt32(streamed.count))
        return true
    }

    /// Forgets this frame's quads (the atlas they pointed into is gone).
    mutating func forget() { streamed = nil }
}
