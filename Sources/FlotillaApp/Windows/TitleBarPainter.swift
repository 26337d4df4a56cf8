import CVulkan
import FlotillaCore
import FlotillaGPU

/// The title bar a window draws for itself where the compositor leaves decorations to clients
/// (GNOME, weston): a strip over the top of the window with its title, and a close button that
/// lights up under the pointer. Geometry and hit testing are `TitleBar`'s; this lays them out at
/// the window's scale and draws them with the overlay's text pipeline from the shared atlas. A
/// few dozen instances a frame, streamed through the ring.
final class TitleBarPainter {
    /// How the bar looks this frame.
    struct Look: Equatable {
        var title: String
        var activated: Bool
        var closeHovered: Bool
        var closePressed: Bool
    }

    private var quads = StreamedQuads()

    static let pixelSize = 13

    /// Lays the bar out for `frame`'s target and streams it through the ring.
    func prepare(_ frame: FrameContext, look: Look, scale: DisplayScale) throws {
        let atlas = try frame.resources.textAtlas()
        let instances = layOut(look, atlas: atlas, width: frame.extent.width, scale: scale, frame: frame.serial)
        try atlas.prepare(frame)
        try quads.stream(instances, in: frame)
    }

    /// Draws the bar over whatever the window drew before it.
    func record(_ frame: DrawContext, constants: FrameConstants) throws {
        _ = try quads.draw(frame, constants: constants)
    }

    /// The strip, a hairline under it, the title (cut with an ellipsis before the close button),
    /// and the close button's cross, in buffer pixels.
    /// Colours are linear (the targets are sRGB): a dark slate bar, light text, a red close button.
    private func layOut(_ look: Look, atlas: TextAtlas, width: Int, scale: DisplayScale, frame: UInt64) -> [TextInstance] {
        guard let white = atlas.white, width > 0 else { return [] }
        func solid(_ x: Float, _ y: Float, _ width: Float, _ height: Float, _ color: UInt32) -> TextInstance {
            TextInstance(x: x, y: y, width: width, height: height, u0: Float(white.x) + 1, v0: Float(white.y) + 1,
                         u1: Float(white.x) + 3, v1: Float(white.y) + 3, color: color)
        }
        let barHeight = Float(scale.pixels(TitleBar.height))
        let close = TitleBar.closeButton(width: Int((Float(width) / Float(scale.factor)).rounded(.down)))
        let closeX = Float(scale.pixels(close.x)), closeWidth = Float(width) - closeX
        let strip = look.activated ? Overlay.premultiplied(0.026, 0.028, 0.038, 0.97) : Overlay.premultiplied(0.013, 0.013, 0.017, 0.96)
        var instances = [solid(0, 0, Float(width), barHeight, strip),
                         solid(0, barHeight - max(scale.scaled(1).rounded(), 1), Float(width), max(scale.scaled(1).rounded(), 1),
                               Overlay.premultiplied(1, 1, 1, look.activated ? 0.035 : 0.015))]
        if look.closeHovered {
            let lit = look.closePressed ? Overlay.premultiplied(0.45, 0.03, 0.03, 1) : Overlay.premultiplied(0.68, 0.05, 0.05, 1)
            instances.append(solid(closeX, 0, closeWidth, barHeight - max(scale.scaled(1).rounded(), 1), lit))
        }

        let pixelSize = scale.pixels(Self.pixelSize)
        let (ascender, lineHeight) = atlas.lineMetrics(pixelSize: pixelSize)
        let baseline = ((barHeight - Float(lineHeight)) / 2).rounded() + Float(ascender)
        let textColor = look.activated ? Overlay.premultiplied(0.86, 0.87, 0.92, 1) : Overlay.premultiplied(0.30, 0.31, 0.34, 1)
        func glyph(_ scalar: Unicode.Scalar, at pen: Float, color: UInt32) -> (TextInstance?, advance: Float)? {
            guard let slot = atlas.glyph(scalar.value, pixelSize: pixelSize, frame: frame) else { return nil }
            guard slot.width > 0 else { return (nil, Float(slot.advance)) }
            return (TextInstance(x: pen + Float(slot.bearingX), y: baseline - Float(slot.bearingY),
                                 width: Float(slot.width), height: Float(slot.height),
                                 u0: Float(slot.x), v0: Float(slot.y), u1: Float(slot.x + slot.width), v1: Float(slot.y + slot.height),
                                 color: color), Float(slot.advance))
        }

        // The title from the left, cut where it would run under the close button.
        let margin = scale.scaled(12).rounded()
        let limit = closeX - margin
        let glyphs = look.title.unicodeScalars.compactMap { scalar in
            atlas.glyph(scalar.value, pixelSize: pixelSize, frame: frame).map { (scalar, Float($0.advance)) }
        }
        let fits = margin + glyphs.reduce(0) { $0 + $1.1 } <= limit
        let ellipsis = atlas.glyph(0x2026, pixelSize: pixelSize, frame: frame).map { Float($0.advance) } ?? 0
        var pen = margin
        var title: [TextInstance] = []
        for (scalar, advance) in glyphs {
            if !fits, pen + advance + ellipsis > limit {
                if pen + ellipsis <= limit, let (dots, _) = glyph("\u{2026}", at: pen, color: textColor), let dots {
                    title.append(dots)
                }
                break
            }
            if let (instance, _) = glyph(scalar, at: pen, color: textColor), let instance { title.append(instance) }
            pen += advance
        }
        instances += title

        // The close button's cross, centred in its square.
        let crossColor = look.closeHovered ? Overlay.premultiplied(1, 1, 1, 1) : textColor
        if let slot = atlas.glyph(0x00D7, pixelSize: scale.pixels(16), frame: frame), slot.width > 0 {
            let x = closeX + ((closeWidth - Float(slot.width)) / 2).rounded()
            let y = ((barHeight - Float(slot.height)) / 2).rounded()
            instances.append(TextInstance(x: x, y: y, width: Float(slot.width), height: Float(slot.height),
                                          u0: Float(slot.x), v0: Float(slot.y), u1: Float(slot.x + slot.width),
                                          v1: Float(slot.y + slot.height), color: crossColor))
        }
        return instances
    }
}
