import FlotillaBench
import ArgumentParser
import FlotillaApp
import FlotillaCore
import FlotillaWayland
import Foundation
import Logging

struct BenchGlyphs: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-glyphs",
        abstract: "Measure finding and laying out a glyph already in the atlas.")

    @Option(help: "Folder for glyphs.md.")
    var output = "docs"

    @OptionGroup var logging: LoggingOptions

    func run() throws {
        let logger = logging.bootstrap()
        do {
            let device = (try? HostReport.deviceLine(logger: logger)) ?? "this machine"
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
            try GlyphBenchmark().markdown(device: device).write(toFile: "\(output)/glyphs.md", atomically: true, encoding: .utf8)
            printReport("wrote \(output)/glyphs.md")
        } catch {
            fail(error)
        }
    }
}
