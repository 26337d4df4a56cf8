import CVulkan
import FlotillaCore
import FlotillaGPU

/// A terminal-like grid of glyphs from the shared text atlas: code being typed line by line,
/// with colour waves running through it. The cells live in a persistent instance buffer checked
/// out of the buffer pool by size class; each frame only the cells that changed are copied in,
/// as merged update ranges through the ring.
final class GridScene: Scene {
    let kind = SceneKind.grid
    private var cells: [GlyphInstance] = []
    /// The character of each cell (0: empty); its glyph is found in the atlas in `prepare`.
    private var characters: [UInt8] = []
    /// Cells whose character changed since their glyph was last looked up.
    private var unresolved: Set<Int> = []
    private var cell = Extent(width: 9, height: 18)
    private var ascender = 14
    private var atlasEvictions = -1
    private var scale = DisplayScale.one
    private var columns = 0
    /// Pixels at the top left to the overlay panel.
    private(set) var reservedTop = 0
    private var rows = 0
    private var checkout: PooledBuffer?
    /// The checkout's VkBuffer, read by every frame (the checkout itself cannot be copied out).
    private var buffer: VkBuffer?
    /// What changed (the byte ranges to copy) and whether to copy this frame: any number of
    /// changes between two frames, and any number of prepares in one frame, make one upload.
    private var changed = UpdateRanges(mergeGap: 64)
    private var cellsDirty = DirtyFlag()
    /// The serial of the frame last prepared: changes made after it are marked against it.
    private var preparedSerial: UInt64 = 0
    /// Instance uploads recorded (tests read it).
    private(set) var uploads = 0
    private var generator: SplitMix64
    private var cursor = (column: 0, row: 0)
    private var line: [UInt8] = []
    private var typing: Double = 0
    private var fading: Double = 0
    /// Cells typed recently, fading from bright to their resting brightness.
    private var recent: [Int] = []

    static let charactersPerSecond = 90.0
    static let restingBrightness: UInt8 = 120
    static let pixelSize = 15

    init(seed: UInt64) {
        generator = SplitMix64(seed: seed)
    }

    func advance(by seconds: Double, in extent: Extent) {
        guard columns > 0 else { return }
        typing += seconds * Self.charactersPerSecond
        while typing >= 1 {
            typing -= 1
            typeNext()
        }
        fading += seconds
        if fading >= 0.05 {
            fading = 0
            fadeRecent()
        }
    }

    func setScale(_ scale: DisplayScale) {
        guard scale != self.scale else { return }
        self.scale = scale
        // Every glyph again at the new size (the cell size changes with it, so does the layout).
        unresolved.formUnion(characters.indices.filter { characters[$0] != 0 })
    }

    private var pixelSize: Int { scale.pixels(Self.pixelSize) }

    func reserve(panel: Extent) {
        reservedTop = max(panel.height, 0)
    }

    /// The height the grid has below the reserved top.
    private func available(_ extent: Extent) -> Int { max(extent.height - reservedTop, 0) }

    func prepare(_ frame: FrameContext, constants: FrameConstants) throws {
        preparedSerial = frame.serial
        let atlas = try frame.resources.textAtlas()
        let metrics = atlas.lineMetrics(pixelSize: pixelSize)
        ascender = metrics.ascender
        let advance = atlas.glyph(UInt32(UInt8(ascii: "M")), pixelSize: pixelSize, frame: frame.serial)?.advance ?? 9
        cell = Extent(width: max(advance, 1), height: max(metrics.lineHeight, 1))
        // A margin of one cell all round, as a terminal has.
        let wantedColumns = max(frame.extent.width / cell.width - 2, 1)
        let wantedRows = max(available(frame.extent) / cell.height - 2, 1)
        if wantedColumns != columns || wantedRows != rows || buffer == nil {
            try layOut(columns: wantedColumns, rows: wantedRows, frame: frame)
        }
        // Glyphs evicted from the atlas: every cell looks its glyph up again.
        if atlas.cache.evictions != atlasEvictions {
            atlasEvictions = atlas.cache.evictions
            unresolved.formUnion(characters.indices.filter { characters[$0] != 0 })
        }
        for index in unresolved {
            let character = characters[index]
            let slot = character == 0 ? nil : atlas.glyph(UInt32(character), pixelSize: pixelSize, frame: frame.serial)
            cells[index].show(slot, ascender: ascender)
            markChanged(index)
        }
        unresolved.removeAll(keepingCapacity: true)
        try atlas.prepare(frame)
        guard let buffer, cellsDirty.takeUpload(frame: frame.serial), !changed.isEmpty else { return }
        uploads += 1
        let ranges = changed.take()
        let bytes = ranges.reduce(0) { $0 + $1.count }
        let slice = try frame.resources.ring.allocate(UInt64(bytes), alignment: 16)
        var regions: [VkBufferCopy] = []
        var offset = 0
        cells.withUnsafeBytes { source in
            for range in ranges {
                (slice.pointer + offset).copyMemory(from: source.baseAddress! + range.lowerBound, byteCount: range.count)
                regions.append(VkBufferCopy(srcOffset: slice.offset + UInt64(offset), dstOffset: UInt64(range.lowerBound),
                                            size: UInt64(range.count)))
                offset += range.count
            }
        }
        // With every other window's uploads: after earlier passes' vertex input, before this one's.
        frame.uploads.copy(from: slice.buffer, to: buffer, regions: regions,
                           readBy: VK_PIPELINE_STAGE_2_VERTEX_ATTRIBUTE_INPUT_BIT, access: VK_ACCESS_2_VERTEX_ATTRIBUTE_READ_BIT)
        slice.release(after: frame.serial)
    }

    func record(_ frame: DrawContext, constants: FrameConstants) throws {
        let pipelines = frame.pipelines
        let draws = frame.draws
        draws.push(constants)
        draws.bind(pipelines.background)
        draws.draw(vertices: 3)
        guard let buffer, !cells.isEmpty, let view = try frame.resources.textAtlas().view else { return }
        var gridConstants = constants
        let usedWidth = columns * cell.width, usedHeight = rows * cell.height
        gridConstants.params = (Float(cell.width), Float(cell.height),
                                Float((frame.extent.width - usedWidth) / 2),
                                Float(reservedTop + max(available(frame.extent) - usedHeight, 0) / 2))
        draws.push(gridConstants)
        draws.bindTexture(view, sampler: frame.resources.samplers.nearest)
        draws.bind(pipelines.glyphs)
        draws.bindVertexBuffer(buffer)
        draws.draw(vertices: 4, instances: UInt32(cells.count))
    }

    func release(after serial: UInt64) {
        checkout.take()?.release(after: serial)
        buffer = nil
    }

    /// A new grid size: a buffer of the new size class, every cell uploaded once.
    private func layOut(columns: Int, rows: Int, frame: FrameContext) throws {
        let old = cells, oldCharacters = characters
        let oldColumns = self.columns
        self.columns = columns
        self.rows = rows
        cells = (0..<(columns * rows)).map { index in
            GlyphInstance(column: UInt16(index % columns), row: UInt16(index / columns), brightness: 0, tint: 0)
        }
        characters = Array(repeating: 0, count: columns * rows)
        unresolved.removeAll()
        // Keep what fits of the old text.
        for (index, cell) in old.enumerated() where oldColumns > 0 {
            let column = index % oldColumns, row = index / oldColumns
            if column < columns, row < rows {
                let target = row * columns + column
                characters[target] = oldCharacters[index]
                cells[target].brightness = cell.brightness
                cells[target].tint = cell.tint
                if characters[target] != 0 { unresolved.insert(target) }
            }
        }
        cursor = (min(cursor.column, columns - 1), min(cursor.row, rows - 1))
        recent.removeAll()
        // This frame records nothing with the old buffer after this point; it may be the last
        // to have read it (its copies were recorded earlier), so it goes back after this frame.
        checkout.take()?.release(after: frame.serial)
        buffer = nil
        let taken = try frame.resources.bufferPool.checkout(cells.count * MemoryLayout<GlyphInstance>.stride, for: frame.owner)
        buffer = taken.buffer.buffer
        checkout = .some(taken)
        changed = UpdateRanges(mergeGap: 64)
        markAllChanged()
    }

    private func typeNext() {
        if line.isEmpty { line = Array(Self.codeLines[Int(generator.next() % UInt64(Self.codeLines.count))].utf8) + [10] }
        let character = line.removeFirst()
        if character == 10 || cursor.column >= columns {
            newLine()
            return
        }
        let index = cursor.row * columns + cursor.column
        set(index, character: character == 32 ? 0 : character, brightness: 255,
            tint: UInt8(truncatingIfNeeded: Int(character) * 7))
        recent.append(index)
        cursor.column += 1
    }

    private func newLine() {
        cursor.column = Int(generator.next() % 3) * 2
        cursor.row += 1
        if cursor.row >= rows {
            // Scroll: every cell moves up a row; the whole buffer changes.
            for index in 0..<(cells.count - columns) {
                let below = cells[index + columns]
                cells[index].atlasX = below.atlasX
                cells[index].atlasY = below.atlasY
                cells[index].width = below.width
                cells[index].height = below.height
                cells[index].bearingX = below.bearingX
                cells[index].top = below.top
                cells[index].brightness = below.brightness
                cells[index].tint = below.tint
                characters[index] = characters[index + columns]
            }
            for index in (cells.count - columns)..<cells.count {
                characters[index] = 0
                cells[index].show(nil, ascender: ascender)
            }
            unresolved = Set(unresolved.compactMap { $0 >= columns ? $0 - columns : nil })
            markAllChanged()
            recent = recent.compactMap { $0 >= columns ? $0 - columns : nil }
            cursor.row = rows - 1
        }
    }

    private func fadeRecent() {
        recent = recent.filter { index in
            let brightness = cells[index].brightness
            guard brightness > Self.restingBrightness else { return false }
            cells[index].brightness = max(Self.restingBrightness, brightness &- 12)
            markChanged(index)
            return true
        }
    }

    private func set(_ index: Int, character: UInt8, brightness: UInt8, tint: UInt8) {
        characters[index] = character
        cells[index].brightness = brightness
        cells[index].tint = tint
        unresolved.insert(index)
        markChanged(index)
    }

    private func markAllChanged() {
        changed.insert(0..<(cells.count * MemoryLayout<GlyphInstance>.stride))
        cellsDirty.mark(frame: preparedSerial)
    }

    private func markChanged(_ index: Int) {
        let stride = MemoryLayout<GlyphInstance>.stride
        changed.insert((index * stride)..<((index + 1) * stride))
        cellsDirty.mark(frame: preparedSerial)
    }

    static let codeLines = [
        "let host = try GpuHost(.init(presentsToWayland: true, logger: log))",
        "let pass = FramePass(host: host, threads: cores)",
        "for window in flotilla.windows where window.frameDue {",
        "    try window.paint(into: pass, at: now)  // its layers",
        "}",
        "try pass.submitAndPresent()  // one vkQueueSubmit2",
        "let buffer = try pool.checkout(cells * 8, for: .window(id))",
        "ledger.charge(bytes, to: .shared, as: .ring)",
        "guard host.isComplete(slot.serial) else { return .notReady }",
        "wl_surface_frame(surface)  // before the commit of present",
        "xdg_surface_ack_configure(xdgSurface, serial)",
        "changed.insert(offset..<(offset + stride))",
        "old.release(after: frame.serial)  // ~Copyable: once, never early",
        "vkAcquireNextImageKHR(device, swapchain, 0, acquired, nil, &index)",
        "// one device, one queue, many windows",
        "let atlas = try resources.textAtlas()  // one for every window",
    ]
}

/// A small, seedable random generator: scenes are reproducible for a given window number.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    public mutating func nextUnit() -> Float {
        Float(next() >> 40) / Float(1 << 24)
    }
}
