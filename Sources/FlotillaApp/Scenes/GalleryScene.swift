import CVulkan
import FlotillaCore
import FlotillaGPU

/// The shared image cache at work: the images of `--images DIR` in a strip that pans slowly
/// across the window, each labelled with its file name. Every window showing an image draws
/// the one texture the cache holds for it; images on screen are pinned.
final class GalleryScene: Scene {
    let kind = SceneKind.gallery
    private var scale = DisplayScale.one
    /// Pixels the overlay panel covers: the strip goes below it when at least half the window
    /// is left, else under it (pictures may be covered; their labels are below them).
    private var reservedTop = 0
    /// Pixels the strip has moved left.
    private var pan: Double = 0
    /// Each image's size, once the cache has decoded it (or its placeholder's).
    private var sizes: [String: Extent] = [:]
    private var streamed: PictureQuads.Streamed?
    /// Images drawn in the last frame (tests read it).
    private(set) var shownImages = 0

    /// Logical pixels a second the strip pans.
    static let panSpeed = 40.0
    static let labelPixelSize = 13

    func advance(by seconds: Double, in extent: Extent) {
        pan += seconds * Self.panSpeed * scale.factor
    }

    func setScale(_ scale: DisplayScale) {
        self.scale = scale
    }

    func reserve(panel: Extent) {
        reservedTop = max(panel.height, 0)
    }

    func prepare(_ frame: FrameContext, constants: FrameConstants) throws {
        streamed = nil
        let cache = frame.host.imageCache
        let atlas = try frame.resources.textAtlas()
        let pixelSize = scale.pixels(Self.labelPixelSize)
        let (ascender, lineHeight) = atlas.lineMetrics(pixelSize: pixelSize)
        let margin = Float(scale.pixels(24)), gap = Float(scale.pixels(32))
        let reserve = reservedTop * 2 <= frame.extent.height ? reservedTop : 0
        let top = Float(reserve) + margin
        let height = Float(frame.extent.height) - top - margin - Float(lineHeight) - 6
        var quads = PictureQuads()
        if cache.catalog.isEmpty {
            // Wrapped to the window (the font is monospaced), so a narrow window shows all of it.
            let width = Float(frame.extent.width) - 2 * margin
            let advance = max(atlas.glyph(UInt32(UInt8(ascii: "0")), pixelSize: pixelSize, frame: frame.serial)?.advance ?? pixelSize, 1)
            let lines = OverlayText.wrap(["No images: give a folder of PNG or JPEG files with --images DIR"],
                                         columns: Int(width) / advance)
            for (row, line) in lines.enumerated() {
                quads.addLabel(line, x: margin, baseline: top + Float(ascender + row * lineHeight), width: width, atlas: atlas,
                               pixelSize: pixelSize, frame: frame.serial)
            }
        } else if height > 16 {
            // The strip's widths (every image at the strip's height) set where the pan wraps. An
            // image's size is learnt once; after that only the images on screen are asked of the
            // cache, so only they are pinned and the others may be evicted.
            for path in cache.catalog where sizes[path] == nil {
                sizes[path] = try cache.texture(path, for: frame).extent
            }
            let widths = cache.catalog.map { path -> Float in
                let size = sizes[path] ?? Extent(width: 1, height: 1)
                return height * Float(size.width) / Float(max(size.height, 1))
            }
            let strip = widths.reduce(0) { $0 + $1 + gap }
            var x = margin - Float(pan.truncatingRemainder(dividingBy: Double(max(strip, 1))))
            // Twice round, so the start of the strip follows its end across the window.
            for (path, width) in Array(zip(cache.catalog, widths)) + Array(zip(cache.catalog, widths)) {
                defer { x += width + gap }
                guard x + width > 0, x < Float(frame.extent.width) else { continue }
                let texture = try cache.texture(path, for: frame)
                quads.addPicture(texture.view, texels: texture.extent, x: x.rounded(), y: top, width: width.rounded(),
                                 height: height.rounded())
                let name = String(path.split(separator: "/").last ?? "") + (texture.isPlaceholder ? " (cannot be shown)" : "")
                quads.addLabel(name, x: x, baseline: top + height + 6 + Float(ascender), width: width, atlas: atlas,
                               pixelSize: pixelSize, frame: frame.serial)
            }
        }
        try atlas.prepare(frame)
        shownImages = quads.views.count
        streamed = try quads.stream(frame)
    }

    func record(_ frame: DrawContext, constants: FrameConstants) throws {
        try PictureQuads.record(streamed.take(), onBackground: frame, constants: constants)
    }

    func release(after serial: UInt64) {
        streamed = nil
    }
}
