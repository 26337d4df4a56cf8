import CVulkan
import FlotillaCore
import FlotillaGPU

/// A live, labelled grid of every other window: their thumbnails from the host's TextureBridge,
/// updated as they render (a hidden window keeps its last one). The tiles hold generation-checked
/// handles; a window that closes makes its handle stale and its tile goes.
final class OverviewScene: Scene {
    let kind = SceneKind.overview
    private var scale = DisplayScale.one
    /// Pixels at the top covered by the overlay panel: the tiles go below.
    private var reservedTop = 0
    /// The producers shown, by handle, in window order.
    private var tiles: [Handle<TextureBridge.Entry>] = []
    private weak var bridge: TextureBridge?
    private var subscriber: WindowID?
    /// This frame's instances in the ring: one image quad a tile, then the labels' glyphs.
    private var streamed: (buffer: VkBuffer, offset: UInt64, views: [VkImageView], glyphs: Int)?
    /// Tiles drawn in the last frame (tests read it).
    private(set) var shownTiles = 0

    static let labelPixelSize = 13
    static let labelColor = Overlay.premultiplied(0.9, 0.93, 1.0, 1)

    /// Nothing of its own moves: the thumbnails change as their windows render.
    func advance(by seconds: Double, in extent: Extent) {}

    func setScale(_ scale: DisplayScale) {
        self.scale = scale
    }

    func reserveTop(_ pixels: Int) {
        reservedTop = max(pixels, 0)
    }

    func prepare(_ frame: FrameContext, constants: FrameConstants) throws {
        streamed = nil
        guard case .window(let me) = frame.owner else { return }
        let bridge = frame.host.bridge
        if self.bridge !== bridge || subscriber != me {
            // A new host (after a device loss) has a new bridge: subscribe to it afresh.
            tiles.removeAll()
            self.bridge = bridge
            subscriber = me
        }
        bridge.subscribe(me)
        // Producers that went: their handles are stale now ("gone"); new ones join at the end.
        tiles = tiles.filter { bridge.source($0) != nil }
        for handle in bridge.handles(except: me) where !tiles.contains(handle) { tiles.append(handle) }
        let sources = tiles.compactMap { bridge.source($0) }.filter { $0.view != nil }

        let atlas = try frame.resources.textAtlas()
        let pixelSize = scale.pixels(Self.labelPixelSize)
        let (ascender, lineHeight) = atlas.lineMetrics(pixelSize: pixelSize)
        let margin = Float(scale.pixels(16))
        let count = max(sources.count, 1)
        let columns = Int(Double(count).squareRoot().rounded(.up))
        let rows = (count + columns - 1) / columns
        let cellWidth = (Float(frame.extent.width) - margin) / Float(columns)
        let top = Float(reservedTop)
        let cellHeight = (Float(frame.extent.height) - top - margin) / Float(rows)
        var images: [TextInstance] = []
        var views: [VkImageView] = []
        var glyphs: [TextInstance] = []
        for (index, source) in sources.enumerated() {
            guard let view = source.view else { continue }
            let cellX = margin + Float(index % columns) * cellWidth, cellY = top + margin + Float(index / columns) * cellHeight
            // The thumbnail keeps its aspect inside the cell, above its label.
            let room = (width: cellWidth - margin, height: cellHeight - margin - Float(lineHeight) - 4)
            guard room.width > 8, room.height > 8 else { continue }
            // Never larger than the thumbnail itself: a tile stays sharp, centred in its cell.
            let fit = min(room.width / Float(source.extent.width), room.height / Float(source.extent.height), 1)
            let width = (Float(source.extent.width) * fit).rounded(), height = (Float(source.extent.height) * fit).rounded()
            let x = (cellX + (room.width - width) / 2).rounded()
            let y = (cellY + (room.height - height) / 2).rounded()
            images.append(TextInstance(x: x, y: y, width: width, height: height, u0: 0, v0: 0,
                                       u1: Float(source.extent.width), v1: Float(source.extent.height),
                                       color: Overlay.premultiplied(1, 1, 1, 1)))
            views.append(view)
            var pen = x
            let baseline = y + height + 4 + Float(ascender)
            for scalar in source.label.unicodeScalars {
                guard let slot = atlas.glyph(scalar.value, pixelSize: pixelSize, frame: frame.serial) else { continue }
                if slot.width > 0, pen + Float(slot.advance) <= cellX + room.width {
                    glyphs.append(TextInstance(x: pen + Float(slot.bearingX), y: baseline - Float(slot.bearingY),
                                               width: Float(slot.width), height: Float(slot.height),
                                               u0: Float(slot.x), v0: Float(slot.y), u1: Float(slot.x + slot.width),
                                               v1: Float(slot.y + slot.height), color: Self.labelColor))
                }
                pen += Float(slot.advance)
            }
        }
        try atlas.prepare(frame)
        shownTiles = views.count
        let instances = images + glyphs
        guard !instances.isEmpty else { return }
        let bytes = UInt64(instances.count * MemoryLayout<TextInstance>.stride)
        let slice = try frame.resources.ring.allocate(bytes, alignment: 16, serial: frame.serial)
        instances.withUnsafeBytes { slice.pointer.copyMemory(from: $0.baseAddress!, byteCount: Int(bytes)) }
        streamed = (slice.buffer, slice.offset, views, glyphs.count)
    }

    func record(_ frame: DrawContext, constants: FrameConstants) throws {
        let draws = frame.draws
        draws.push(constants)
        draws.bind(frame.pipelines.background)
        draws.draw(vertices: 3)
        guard let streamed else { return }
        self.streamed = nil
        let stride = UInt64(MemoryLayout<TextInstance>.stride)
        draws.bind(frame.pipelines.image)
        for (index, view) in streamed.views.enumerated() {
            draws.bindTexture(view, sampler: frame.resources.samplers.linear)
            draws.bindVertexBuffer(streamed.buffer, offset: streamed.offset + UInt64(index) * stride)
            draws.draw(vertices: 4)
        }
        guard streamed.glyphs > 0, let atlas = try frame.resources.textAtlas().view else { return }
        draws.bindTexture(atlas, sampler: frame.resources.samplers.nearest)
        draws.bind(frame.pipelines.text)
        draws.bindVertexBuffer(streamed.buffer, offset: streamed.offset + UInt64(streamed.views.count) * stride)
        draws.draw(vertices: 4, instances: UInt32(streamed.glyphs))
    }

    func destroy(after serial: UInt64) {
        if let subscriber { bridge?.unsubscribe(subscriber) }
        tiles.removeAll()
        streamed = nil
    }
}
