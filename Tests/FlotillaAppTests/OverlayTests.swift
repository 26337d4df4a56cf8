@testable import FlotillaApp
import FlotillaCore
import FlotillaGPU
import FlotillaCompositors
import FlotillaTestSupport
import Foundation
import Logging
import Testing

/// What the overlay draws, read back: the glyph instances it uploaded (the window's text buffer,
/// read back from the GPU) are decoded through the shared atlas into text again, and that text
/// must be the ledger's figures of the same frame, at scale 1 and at 150%. The text is uploaded
/// once per change, never for a frame whose text stands still.
@Suite(.serialized) struct OverlayTests {
    /// Decodes drawn glyph instances into lines: each instance's atlas position names its glyph;
    /// its baseline picks the line and its pen position (the font is monospaced) the column.
    static func decode(_ instances: [TextInstance], atlas: GlyphCache) -> (lines: [String], pixelSizes: Set<Int>) {
        var rows: [Int: [(column: Float, character: Character)]] = [:]
        var left = Float.infinity
        var advance: Float = 1
        var sizes = Set<Int>()
        var glyphs: [(baseline: Int, pen: Float, character: Character)] = []
        for instance in instances {
            guard let (key, slot) = atlas.glyph(atX: Int(instance.u0), y: Int(instance.v0)),
                  Float(slot.x) == instance.u0, let scalar = Unicode.Scalar(key.codepoint) else { continue }
            let pen = instance.x - Float(slot.bearingX)
            glyphs.append((Int((instance.y + Float(slot.bearingY)).rounded()), pen, Character(scalar)))
            left = min(left, pen)
            advance = Float(slot.advance)
            sizes.insert(key.pixelSize)
        }
        for glyph in glyphs {
            rows[glyph.baseline, default: []].append(((glyph.pen - left) / advance, glyph.character))
        }
        let lines = rows.keys.sorted().map { baseline -> String in
            var line: [Character] = []
            for glyph in rows[baseline]!.sorted(by: { $0.column < $1.column }) {
                let column = Int(glyph.column.rounded())
                while line.count < column { line.append(" ") }
                line.append(glyph.character)
            }
            return String(line)
        }
        return (lines, sizes)
    }

    @Test(arguments: [120, 180])
    func theUploadedGlyphsReadBackAsTheLedgersFiguresOfTheSameFrame(scale hundredTwentieths: Int) throws {
        let host = try GpuHost(.init(presentsToWayland: false, logger: Logger(label: "flotilla-test"), validation: true))
        let scale = DisplayScale(hundredTwentieths: hundredTwentieths)
        let id = WindowID(1)
        let extent = scale.buffer(for: Extent(width: 640, height: 400))
        let window = try WindowGPUState(host: host, owner: .window(id),
                                        target: try OffscreenTarget(host: host, extent: extent, owner: .window(id)))
        let grid = GridScene(seed: 3)
        grid.setScale(scale)
        let overlay = OverlayLayer()
        overlay.scale = scale
        let constants = FrameConstants(width: Float(extent.width), height: Float(extent.height), time: 0, hue: 0.3)
        var shown: [String] = []
        var ledgerAtPrepare: (window: UInt64, shared: UInt64, total: UInt64) = (0, 0, 0)
        for _ in 0..<3 {
            _ = try host.wait(for: host.lastSubmittedSerial, timeout: 5_000_000_000)
            grid.advance(by: 0.2, in: extent)
            let outcome = try window.renderFrame(clearColor: (0, 0, 0), prepare: { frame in
                try grid.prepare(frame, constants: constants)
                // The figures as the app builds them, from the ledger at this moment.
                let ledger = host.memory.ledger
                ledgerAtPrepare = (ledger.bytes(of: .window(id)), ledger.bytes(of: .shared), ledger.totalBytes)
                shown = OverlayText.lines(OverlayFigures(
                    title: "Flotilla · 1 · grid", mode: "shared", windowBytes: ledgerAtPrepare.window,
                    sharedBytes: ledgerAtPrepare.shared, totalBytes: ledgerAtPrepare.total, windowCount: 1,
                    swapchainEstimate: 0, deviceAllocations: host.memory.deviceAllocationCount,
                    bufferHitRate: 0.5, textureHitRate: 1, frameP50Milliseconds: 16.7, frameP99Milliseconds: 20,
                    paints: (1, 2, 3)))
                try overlay.prepare(frame, lines: shown, showGraph: true, frameTimes: nil)
            }, record: { frame in
                try grid.record(frame, constants: constants)
                try overlay.record(frame, constants: constants)
            })
            #expect(outcome == .presented)
        }
        _ = try host.wait(for: host.lastSubmittedSerial, timeout: 5_000_000_000)
        let atlas = try host.shared.textAtlas()
        let (textBuffer, glyphCount) = try #require(overlay.textBuffer)
        let bytes = try host.read(textBuffer, bytes: glyphCount * MemoryLayout<TextInstance>.stride)
        let glyphs = (0..<glyphCount).map { index in
            bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: index * MemoryLayout<TextInstance>.stride, as: TextInstance.self) }
        }
        let drawn = Self.decode(glyphs, atlas: atlas.cache)

        // Every line, as drawn: nothing missing, reordered, clipped or garbled.
        #expect(drawn.lines == shown, "drawn:\n\(drawn.lines.joined(separator: "\n"))")
        // The figures in it are the ledger's of that frame, not just the formatter's output.
        func value(_ label: String) -> String? {
            drawn.lines.first { $0.hasPrefix(label) }.map { String($0.dropFirst(label.count)).trimmingCharacters(in: .whitespaces) }
        }
        #expect(value("this window") == ByteCount.format(ledgerAtPrepare.window))
        #expect(value("shared") == ByteCount.format(ledgerAtPrepare.shared))
        #expect(value("total")?.hasPrefix(ByteCount.format(ledgerAtPrepare.total) + " · 1 windows") == true)
        #expect(ledgerAtPrepare.window > 0 && ledgerAtPrepare.shared > 0)
        // Glyphs at the window's scale: 13 px at 100%, 20 px at 150%.
        #expect(drawn.pixelSizes == [scale.pixels(OverlayLayer.pixelSize)])
        // The panel is drawn first (from the ring) and holds every glyph.
        let panel = try #require(overlay.uploadedInstances.first)
        for instance in glyphs {
            #expect(instance.x >= panel.x && instance.x + instance.width <= panel.x + panel.width + 0.5)
            #expect(instance.y >= panel.y && instance.y + instance.height <= panel.y + panel.height + 0.5)
        }

        // Frames whose text stands still upload nothing: the DirtyFlag saw no change.
        let uploads = overlay.textUploads
        for _ in 0..<3 {
            _ = try host.wait(for: host.lastSubmittedSerial, timeout: 5_000_000_000)
            _ = try window.renderFrame(clearColor: (0, 0, 0), prepare: { frame in
                try overlay.prepare(frame, lines: shown, showGraph: true, frameTimes: nil)
            }, record: { try overlay.record($0, constants: constants) })
        }
        #expect(overlay.textUploads == uploads, "no upload without a change")
        _ = try host.wait(for: host.lastSubmittedSerial, timeout: 5_000_000_000)
        #expect(host.memory.ledger.bytes(of: .window(id)) >= UInt64(glyphCount * MemoryLayout<TextInstance>.stride),
                "the text's buffer is the window's")
        overlay.release(after: host.lastSubmittedSerial)
        grid.release(after: host.lastSubmittedSerial)
        #expect(window.destroy())
        #expect(host.validationMessageCount == 0)
    }
}
