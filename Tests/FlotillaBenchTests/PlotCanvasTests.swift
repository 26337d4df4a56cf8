@testable import FlotillaBench
import Foundation
import Testing

/// The benchmarks' plots: lines land on the pixels between their ends (dashed ones leave gaps),
/// labels are rasterized through the FontRegistry, and the PNG has the canvas's size.
@Suite struct PlotCanvasTests {
    private func color(_ canvas: PlotCanvas, _ x: Int, _ y: Int) -> [UInt8] {
        let index = (y * canvas.width + x) * 3
        return Array(canvas.pixels[index..<index + 3])
    }

    @Test func linesAndLabelsLandWhereTheyAreDrawn() throws {
        var canvas = PlotCanvas(width: 120, height: 60)
        canvas.line(10, 10, 110, 10, color: (200, 0, 0))
        canvas.line(10, 20, 110, 20, color: (0, 0, 200), dashed: true)
        #expect((10...110).allSatisfy { color(canvas, $0, 10) == [200, 0, 0] })
        let dashed = (10...110).filter { color(canvas, $0, 20) == [0, 0, 200] }.count
        #expect(dashed > 40 && dashed < 70, "about half of a dashed line is drawn: \(dashed)")
        #expect(color(canvas, 5, 10) == [250, 250, 250], "the background is untouched")

        canvas.text("42 MiB", x: 10, y: 50, color: (20, 20, 20))
        var inked = 0
        for y in 36...52 { for x in 10...60 where color(canvas, x, y)[0] < 128 { inked += 1 } }
        #expect(inked > 30, "the label is drawn: \(inked) dark pixels")

        let png = [UInt8](try canvas.finish())
        #expect(Array(png[16..<24]) == [0, 0, 0, 120, 0, 0, 0, 60], "IHDR: 120x60")
    }
}
