import CVulkan
import FlotillaCore
import FlotillaGPU

/// The title bar a window draws for itself where the compositor leaves decorations to clients
/// (GNOME, weston): the top layer, a strip over the top of the window with its title, and a
/// close button that lights up under the pointer. Geometry and hit testing are `TitleBar`'s;
/// this lays them out at the window's scale and draws them with the overlay's text pipeline from
/// the shared atlas. A few dozen instances a frame, streamed through the ring.
final class TitleBarLayer: FrameLayer {
    /// How the bar looks this frame.
    struct Look: Equatable {
        var title: String
        var activated: Bool
        var closeHovered: Bool
        var closePressed: Bool
    }

    private var quads = StreamedQuads()

    static let pixelSize = 13

    let part = FramePart.titleBar

    /// Only where the compositor draws no decorations; the bar covers the window's top.
    func prepare(_ frame: FrameContext, _ paint: inout LayerPaint) throws -> Bool {
        guard let window = paint.window, let toplevel = window.toplevel, toplevel.drawsOwnDecorations else { return false }
        let look = Look(title: window.title, activated: toplevel.current.activated,
                        closeHovered: window.pointerPart == .close, closePressed: window.closePressed)
        try prepare(frame, look: look, scale: paint.scale)
        paint.coveredTop = max(paint.coveredTop, paint.scale.pixels(TitleBar.height))
        return true
    }

    func record(_ frame: DrawContext, _ paint: LayerPaint) throws {
        _ = try quads.draw(frame, constants: paint.constants)
    }

    /// Streams nothing it keeps: the ring's slices go with their frame.
    func release(after serial: UInt64) {
        quads.forget()
    }

    /// Lays the bar out for `frame`'s target and streams it through the ring.
    func prepare(_ frame: FrameContext, look: Look, scale: DisplayScale) throws {
        let atlas = try frame.resources.textAtlas()
        let instances = layOut(look, atlas: atlas, width: frame.extent.width, scale: scale, frame: frame.serial)
        try atlas.prepare(frame)
        try quads.stream(instances, in: frame)
    }

    /// The strip, a hairline under it, the title (cut with an ellipsis before the close button),
    /// and the close button's cross, in buffer pixels. Colours are linear (the targets are sRGB):
    /// a dark slate bar, light text, a red close button.
    private func layOut(_ look: Look, atlas: TextAtlas, width: Int, scale: DisplayScale, frame: UInt64) -> [TextInstance] {
        guard let white = atlas.white, width > 0 else { return [] }
        let barHeight = Float(scale.pixels(TitleBar.height))
        let hairline = max(scale.scaled(1).rounded(), 1)
        let close = TitleBar.closeButton(width: Int((Float(width) / Float(scale.factor)).rounded(.down)))
        let closeX = Float(scale.pixels(close.x)), closeWidth = Float(width) - closeX
        let strip = look.activated ? OverlayLayer.premultiplied(0.026, 0.028, 0.038, 0.97) : OverlayLayer.premultiplied(0.013, 0.013, 0.017, 0.96)
        var instances: [TextInstance] = [
            .solid(0, 0, Float(width), barHeight, color: strip, white: white),
            .solid(0, barHeight - hairline, Float(width), hairline,
                   color: OverlayLayer.premultiplied(1, 1, 1, look.activated ? 0.035 : 0.015), white: white),
        ]
        if look.closeHovered {
            let lit = look.closePressed ? OverlayLayer.premultiplied(0.45, 0.03, 0.03, 1) : OverlayLayer.premultiplied(0.68, 0.05, 0.05, 1)
            instances.append(.solid(closeX, 0, closeWidth, barHeight - hairline, color: lit, white: white))
        }

        // The title from the left, cut with an ellipsis where it would run under the close button.
        let pixelSize = scale.pixels(Self.pixelSize)
        let (ascender, lineHeight) = atlas.lineMetrics(pixelSize: pixelSize)
        let baseline = ((barHeight - Float(lineHeight)) / 2).rounded() + Float(ascender)
        let textColor = look.activated ? OverlayLayer.premultiplied(0.86, 0.87, 0.92, 1) : OverlayLayer.premultiplied(0.30, 0.31, 0.34, 1)
        let margin = scale.scaled(12).rounded()
        let limit = closeX - margin
        let slots = look.title.unicodeScalars.compactMap { atlas.glyph($0.value, pixelSize: pixelSize, frame: frame) }
        let ellipsis = atlas.glyph(0x2026, pixelSize: pixelSize, frame: frame)
        let fits = margin + slots.reduce(0) { $0 + Float($1.advance) } <= limit
        var pen = margin
        for slot in slots {
            let advance = Float(slot.advance)
            if !fits, pen + advance + Float(ellipsis?.advance ?? 0) > limit {
                if let ellipsis, pen + Float(ellipsis.advance) <= limit {
                    instances.append(.glyph(ellipsis, penX: pen, baseline: baseline, color: textColor))
                }
                break
            }
            if slot.width > 0 { instances.append(.glyph(slot, penX: pen, baseline: baseline, color: textColor)) }
            pen += advance
        }

        // The close button's cross, centred in its square.
        if let cross = atlas.glyph(0x00D7, pixelSize: scale.pixels(16), frame: frame), cross.width > 0 {
            let x = closeX + ((closeWidth - Float(cross.width)) / 2).rounded()
            let y = ((barHeight - Float(cross.height)) / 2).rounded()
            // Placed by its ink box, not its pen: the cross sits in the middle whatever its bearings.
            instances.append(TextInstance(x: x, y: y, width: Float(cross.width), height: Float(cross.height),
                                          u0: Float(cross.x), v0: Float(cross.y),
                                          u1: Float(cross.x + cross.width), v1: Float(cross.y + cross.height),
                                          color: look.closeHovered ? OverlayLayer.premultiplied(1, 1, 1, 1) : textColor))
        }
        return instances
    }
}
