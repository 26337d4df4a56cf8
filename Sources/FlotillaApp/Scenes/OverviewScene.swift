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
    private var reserved = Extent(width: 0, height: 0)
    /// The producers shown, by handle, in window order.
    private var tiles: [Handle<TextureBridge.Entry>] = []
    private weak var bridge: TextureBridge?
    private var subscriber: WindowID?
    /// This frame's instances in the ring: one image quad a tile, then the labels' glyphs.
    private var streamed: PictureQuads.Streamed?
    /// Tiles drawn in the last frame (tests read it).
    private(set) var shownTiles = 0

    static let labelPixelSize = 13

    /// Nothing of its own moves: the thumbnails change as their windows render.
    func advance(by seconds: Double, in extent: Extent) {}

    func setScale(_ scale: DisplayScale) {
        self.scale = scale
    }

    func reserve(panel: Extent) {
        reserved = panel
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
        let sources = tiles.compactMap { bridge.source($0) }.compactMap { entry in
            entry.shown(in: frame.serial).map { (label: entry.label, view: $0.view, extent: $0.extent) }
        }

        let atlas = try frame.resources.textAtlas()
        let pixelSize = scale.pixels(Self.labelPixelSize)
        let (ascender, lineHeight) = atlas.lineMetrics(pixelSize: pixelSize)
        let margin = Float(scale.pixels(16))
        let count = max(sources.count, 1)
        // The tiles go below the overlay panel or right of it, whichever gives them more room.
        let full = (width: Float(frame.extent.width), height: Float(frame.extent.height))
        let below = Self.grid(count, in: (0, Float(reserved.height), full.width, full.height - Float(reserved.height)),
                              margin: margin, label: Float(lineHeight))
        let beside = Self.grid(count, in: (Float(reserved.width), 0, full.width - Float(reserved.width), full.height),
                               margin: margin, label: Float(lineHeight))
        let layout = reserved.width == 0 || below.room >= beside.room ? below : beside
        let (columns, cellWidth, cellHeight) = (layout.columns, layout.cellWidth, layout.cellHeight)
        let (left, top) = (layout.left, layout.top)
        var quads = PictureQuads()
        for (index, source) in sources.enumerated() {
            let cellX = left + margin + Float(index % columns) * cellWidth, cellY = top + margin + Float(index / columns) * cellHeight
            // The thumbnail keeps its aspect inside the cell, above its label.
            let room = (width: cellWidth - margin, height: cellHeight - margin - Float(lineHeight) - 4)
            guard room.width > 8, room.height > 8 else { continue }
            // Never larger than the thumbnail itself: a tile stays sharp, centred in its cell.
            let fit = min(room.width / Float(source.extent.width), room.height / Float(source.extent.height), 1)
            let width = (Float(source.extent.width) * fit).rounded(), height = (Float(source.extent.height) * fit).rounded()
            let x = (cellX + (room.width - width) / 2).rounded()
            let y = (cellY + (room.height - height) / 2).rounded()
            quads.addPicture(source.view, texels: source.extent, x: x, y: y, width: width, height: height)
            quads.addLabel(source.label, x: x, baseline: y + height + 4 + Float(ascender), width: max(width, room.width),
                           atlas: atlas, pixelSize: pixelSize, frame: frame.serial)
        }
        try atlas.prepare(frame)
        shownTiles = quads.views.count
        streamed = try quads.stream(frame)
    }

    /// `count` cells as square a grid as fits `area` (left, top, width, height), and the room a
    /// 4:3 tile gets in a cell (its smaller side, after margins and the label).
    static func grid(_ count: Int, in area: (left: Float, top: Float, width: Float, height: Float), margin: Float,
                     label: Float) -> (columns: Int, left: Float, top: Float, cellWidth: Float, cellHeight: Float, room: Float) {
        let columns = Int(Double(count).squareRoot().rounded(.up))
        let rows = (count + columns - 1) / columns
        let cellWidth = (area.width - margin) / Float(columns)
        let cellHeight = (area.height - margin) / Float(rows)
        let room = min((cellWidth - margin) * 3 / 4, cellHeight - margin - label - 4)
        return (columns, area.left, area.top, cellWidth, cellHeight, max(room, 0))
    }

    func record(_ frame: DrawContext, constants: FrameConstants) throws {
        try PictureQuads.record(streamed.take(), onBackground: frame, constants: constants)
    }

    func release(after serial: UInt64) {
        if let subscriber { bridge?.unsubscribe(subscriber) }
        tiles.removeAll()
        streamed = nil
    }
}
