import Foundation
@testable import FlotillaGPU
import Testing

/// The font is found wherever the binary runs from: FLOTILLA_FONT first, then the shipped copy
/// (working directory, beside the binary, the install prefix, the source tree), the system's last.
/// (The environment is passed in: a test must not change the process's, which other tests'
/// Vulkan loaders read at the same time.)
@Suite struct FontLocatorTests {
    @Test func anExplicitFontComesFirstAndAMissingOneFallsBackToTheShippedCopy() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("flotilla-font-\(getpid()).ttf").path
        #expect(FileManager.default.createFile(atPath: path, contents: Data([0, 1, 0, 0])))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(FontLocator.monospace(environment: ["FLOTILLA_FONT": path]) == path)
        let found = try #require(FontLocator.monospace(environment: ["FLOTILLA_FONT": path + ".missing"]))
        #expect(found.hasSuffix(FontLocator.shipped), "the shipped DejaVu Sans Mono, not a system copy: \(found)")
        #expect(FontLocator.candidates(environment: [:]).last?.hasPrefix("/usr/share/fonts") == true)
    }
}
