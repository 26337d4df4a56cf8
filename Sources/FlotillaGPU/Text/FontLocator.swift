import Foundation

/// Finds the monospace font Flotilla ships (assets/fonts/DejaVuSansMono.ttf, with its licence
/// beside it), wherever the binary runs from; a system copy is the last resort.
public enum FontLocator {
    static let shipped = "assets/fonts/DejaVuSansMono.ttf"

    /// Candidates in order: FLOTILLA_FONT, the working directory, beside and above the
    /// executable, where scripts/install.sh puts it (PREFIX/share/flotilla/fonts beside
    /// PREFIX/bin), the source tree it was built from, then the system's DejaVu.
    public static func candidates(environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        var paths: [String] = []
        if let explicit = environment["FLOTILLA_FONT"] { paths.append(explicit) }
        paths.append(FileManager.default.currentDirectoryPath + "/" + shipped)
        var folder = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath().deletingLastPathComponent()
        paths.append(folder.deletingLastPathComponent().appendingPathComponent("share/flotilla/fonts/DejaVuSansMono.ttf").path)
        for _ in 0..<5 {
            paths.append(folder.appendingPathComponent(shipped).path)
            folder = folder.deletingLastPathComponent()
        }
        // Sources/FlotillaGPU/Text/FontLocator.swift -> the package root.
        let sourceRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        paths.append(sourceRoot.appendingPathComponent(shipped).path)
        paths += ["/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf", "/usr/share/fonts/TTF/DejaVuSansMono.ttf",
                  "/usr/share/fonts/dejavu/DejaVuSansMono.ttf"]
        return paths
    }

    public static func monospace(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        candidates(environment: environment).first { FileManager.default.fileExists(atPath: $0) }
    }
}
