import FlotillaApp
import FlotillaCore
import Foundation

/// `flotilla bench-glyphs`: how long finding a glyph already in the atlas and laying it out
/// takes (Flotilla's target: under 1 µs at p99). Batches of 1000
/// lookups of the overlay's own text are timed (one lookup is below the clock's resolution);
/// the percentiles are over the batches' per-lookup means.
public struct GlyphBenchmark {
    public var batches = 20_000
    public let batchSize = 1000

    public init() {}

    public func run() -> (lookups: Int, perLookup: [Double]) {
        var cache = GlyphCache(size: 256, maximumSize: 2048)
        let text = KeyTable.help.joined() + OverlayText.lines(OverlayFigures(
            title: "Flotilla · 12 · particles", mode: "shared", windowBytes: 262_144, sharedBytes: 8 << 20,
            totalBytes: 9 << 20, windowCount: 12, swapchainEstimate: 40 << 20, deviceAllocations: 4,
            bufferHitRate: 0.93, textureHitRate: 0.88, frameP50Milliseconds: 16.7, frameP99Milliseconds: 18.2,
            paints: (12, 3400, 9))).joined()
        let keys = text.unicodeScalars.map { GlyphKey(font: 0, pixelSize: 13, codepoint: $0.value) }
        for key in keys { _ = cache.place(key, frame: 0) { (7, 12, 0, 10, 8) } }

        var perLookup: [Double] = []
        let clock = ContinuousClock()
        var pen: Float = 0, checksum: Float = 0
        for batch in 0..<batches {
            let start = clock.now
            for index in 0..<batchSize {
                let key = keys[(batch &* 31 &+ index) % keys.count]
                // Found, then laid out: the quad's place from the pen and the glyph's metrics.
                guard let slot = cache.find(key, frame: UInt64(batch)) else { continue }
                let x = pen + Float(slot.bearingX), width = Float(slot.width)
                checksum += x + width
                pen = index % 80 == 0 ? 0 : pen + Float(slot.advance)
            }
            let elapsed = clock.now - start
            perLookup.append(elapsed / .nanoseconds(1) / Double(batchSize))
        }
        precondition(checksum.isFinite)
        return (batches * batchSize, perLookup)
    }

    public func markdown(device: String) -> String {
        let (lookups, perLookup) = run()
        let sorted = perLookup.sorted()
        func at(_ percentile: Double) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count) * percentile / 100))] }
        return """
        # Glyph lookup and layout

        Measured by `flotilla bench-glyphs` on \(device): \(lookups) lookups of glyphs already in the
        atlas (the overlay's and the help's text, 13 px), each found in the GlyphCache and placed on the
        line, in batches of \(batchSize); per-lookup time is each batch's mean.

        | p50 | p99 | max |
        |---:|---:|---:|
        | \(String(format: "%.1f", at(50))) ns | \(String(format: "%.1f", at(99))) ns | \(String(format: "%.1f", sorted.last ?? 0)) ns |

        Target: under 1 µs (1000 ns) at p99; the seed's budget is 100 µs.
        """
    }
}
