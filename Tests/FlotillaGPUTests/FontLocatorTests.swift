import Foundation
@testable import FlotillaGPU
import Testing

/// The font is found wherever the binary runs from: FLOTILLA_FONT first, then the shipped copy
/// (working directory, beside the binary, the install prefix, the source tree), the system's last.
@Suite(.serialized) struct FontLocatorTests {
    @Test func anExplicitFontComesFirstAndAMissingOneFallsBackToTheShippedCopy() throws {
        let previous = ProcessInfo.processInfo.environment["FLOTILLA_FONT"]
        defer {
            if let previous { setenv("FLOTILLA_FONT", previous, 1) } else { unsetenv("FLOTILLA_FONT") }
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("flotilla-font-\(getpid()).ttf").path
        #expect(FileManager.default.createFile(atPath: path, contents: Data([0, 1, 0, 0])))
        defer { try? FileManager.default.removeItem(atPath: path) }
        setenv("FLOTILLA_FONT", path, 1)
        #expect(FontLocator.monospace() == path)
        setenv("FLOTILLA_FONT", path + ".missing", 1)
        let found = try #require(FontLocator.monospace())
        #expect(found.hasSuffix(FontLocator.shipped), "the shipped DejaVu Sans Mono, not a system copy: \(found)")
        #expect(FontLocator.candidates.last?.hasPrefix("/usr/share/fonts") == true)
    }
}
