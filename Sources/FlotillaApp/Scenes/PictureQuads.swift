import CVulkan
import FlotillaCore
import FlotillaGPU

/// Pictures (each its own texture: thumbnails, cached images) and their labels, gathered while
/// a frame is prepared, streamed through the ring in one slice, and drawn with the image
/// pipeline (a quad a picture) and the text pipeline (the labels): what the overview and the
/// gallery draw.
struct PictureQuads {
    /// What a frame streamed, to draw in its pass.
    struct Streamed {
        let buffer: VkBuffer
        let offset: UInt64
        let views: [VkImageView]
        let glyphs: Int

        func record(_ frame: DrawContext) throws {
            let draws = frame.draws
            let stride = UInt64(MemoryLayout<TextInstance>.stride)
            draws.bind(frame.pipelines.image)
            for (index, view) in views.enumerated() {
                draws.bindTexture(view, sampler: frame.resources.samplers.linear)
                draws.bindVertexBuffer(buffer, offset: offset + UInt64(index) * stride)
                draws.draw(vertices: 4)
            }
            guard glyphs > 0, let atlas = try frame.resources.textAtlas().view else { return }
            draws.bindTexture(atlas, sampler: frame.resources.samplers.nearest)
            draws.bind(frame.pipelines.text)
            draws.bindVertexBuffer(buffer, offset: offset + UInt64(views.count) * stride)
            draws.draw(vertices: 4, instances: UInt32(glyphs))
        }
    }

    static let labelColor = OverlayLayer.premultiplied(0.9, 0.93, 1.0, 1)

    /// A picture scene's pass: the windows' shared background, then what the frame streamed.
    static func record(_ streamed: Streamed?, onBackground frame: DrawContext, constants: FrameConstants) throws {
        let draws = frame.draws
        draws.push(constants)
        draws.bind(frame.pipelines.background)
        draws.draw(vertices: 3)
        try streamed?.record(frame)
    }

    private var pictures: [TextInstance] = []
    private(set) var views: [VkImageView] = []
    private var glyphs: [TextInstance] = []

    /// `view`'s `texels` shown in the rectangle (pixels).
    mutating func addPicture(_ view: VkImageView, texels: Extent, x: Float, y: Float, width: Float, height: Float) {
        pictures.append(TextInstance(x: x, y: y, width: width, height: height, u0: 0, v0: 0,
                                     u1: Float(texels.width), v1: Float(texels.height),
                                     color: OverlayLayer.premultiplied(1, 1, 1, 1)))
        views.append(view)
    }

    /// One line of text from `x` on `baseline`, cut where it would pass `width`.
    mutating func addLabel(_ text: String, x: Float, baseline: Float, width: Float, atlas: TextAtlas, pixelSize: Int,
                           frame: UInt64) {
        var pen = x
        for scalar in text.unicodeScalars {
            guard let slot = atlas.glyph(scalar.value, pixelSize: pixelSize, frame: frame) else { continue }
            guard pen + Float(slot.advance) <= x + width else { break }
            if slot.width > 0 {
                glyphs.append(.glyph(slot, penX: pen, baseline: baseline, color: Self.labelColor))
            }
            pen += Float(slot.advance)
        }
    }

    /// Into the ring, released after the frame's serial; nil when there is nothing to draw.
    func stream(_ frame: FrameContext) throws -> Streamed? {
        let instances = pictures + glyphs
        guard !instances.isEmpty else { return nil }
        let bytes = UInt64(instances.count * MemoryLayout<TextInstance>.stride)
        let slice = try frame.resources.ring.allocate(bytes, alignment: 16)
        instances.withUnsafeBytes { slice.pointer.copyMemory(from: $0.baseAddress!, byteCount: Int(bytes)) }
        let streamed = Streamed(buffer: slice.buffer, offset: slice.offset, views: views, glyphs: glyphs.count)
        slice.release(after: frame.serial)
        return streamed
    }
}
