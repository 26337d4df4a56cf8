import CVulkan
import FlotillaGPU

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
