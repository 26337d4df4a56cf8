import Foundation
import FlotillaCompositors
import FlotillaTestSupport
import Testing

extension Integration {
    /// scripts/install.sh into a fresh prefix: the binary, the font, a desktop entry named after
    /// the app_id that desktop-file-validate accepts, an icon; --uninstall leaves the prefix as
    /// it found it.
    @Suite struct InstallTests {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/install.sh").path

        @Test func installValidateAndUninstallLeavesNothing() throws {
            let prefix = FileManager.default.temporaryDirectory.appendingPathComponent("flotilla-prefix-\(UUID().uuidString.prefix(8))")
            try FileManager.default.createDirectory(at: prefix, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: prefix) }
            let installed = try run("/bin/bash", [script, "--prefix", prefix.path, "--binary", FlotillaBinary.path],
                                    environment: FlotillaBinary.environment(), timeout: 60)
            #expect(installed.status == 0, "\(installed.output)")
            for file in ["bin/flotilla", "share/applications/flotilla.desktop", "share/icons/hicolor/scalable/apps/flotilla.svg",
                         "share/flotilla/fonts/DejaVuSansMono.ttf"] {
                #expect(FileManager.default.fileExists(atPath: prefix.appendingPathComponent(file).path), "\(file)")
            }
            let entry = prefix.appendingPathComponent("share/applications/flotilla.desktop").path
            let validator = try #require(which("desktop-file-validate"), "desktop-file-utils is installed by scripts/deps.sh")
            let validation = try run(validator, [entry], environment: FlotillaBinary.environment(), timeout: 30)
            #expect(validation.status == 0 && validation.output.isEmpty, "desktop-file-validate: \(validation.output)")
            let text = try String(contentsOfFile: entry, encoding: .utf8)
            #expect(text.contains("Icon=flotilla") && text.contains("Exec=\(prefix.path)/bin/flotilla"))

            // The installed binary runs from anywhere.
            let ran = try run(prefix.appendingPathComponent("bin/flotilla").path, ["--headless", "--frames", "3"],
                              environment: FlotillaBinary.environment(), timeout: 60)
            #expect(ran.status == 0)

            let removed = try run("/bin/bash", [script, "--prefix", prefix.path, "--uninstall"],
                                  environment: FlotillaBinary.environment(), timeout: 30)
            #expect(removed.status == 0, "\(removed.output)")
            let left = try FileManager.default.contentsOfDirectory(atPath: prefix.path)
            #expect(left.isEmpty, "left behind: \(left)")
        }
    }
}
