import CFreeType
import FlotillaCore
import Foundation

/// The fonts Flotilla draws text with, opened once through FreeType.
/// Font 0 is the shipped DejaVu Sans Mono.
public final class FontRegistry {
    public struct Bitmap {
        public let width: Int, height: Int
        public let bearingX: Int, bearingY: Int
        public let advance: Int
        public let pixels: [UInt8]
    }

    private var library: FT_Library?
    private var faces: [FT_Face] = []

    public init() throws {
        guard FT_Init_FreeType(&library) == 0 else { throw FontError.freeType("FT_Init_FreeType", -1) }
        guard let path = FontLocator.monospace() else { throw FontError.noFont(searched: FontLocator.candidates()) }
        var face: FT_Face?
        let error = FT_New_Face(library, path, 0, &face)
        guard error == 0, let face else { throw FontError.freeType("FT_New_Face", error) }
        faces.append(face)
    }

    deinit {
        faces.forEach { FT_Done_Face($0) }
        FT_Done_FreeType(library)
    }

    /// Line height and ascender of `font` at `pixelSize`, for laying out lines.
    public func lineMetrics(font: Int, pixelSize: Int) -> (ascender: Int, lineHeight: Int) {
        let face = faces[font]
        FT_Set_Pixel_Sizes(face, 0, FT_UInt(pixelSize))
        let metrics = face.pointee.size.pointee.metrics
        return (Int(metrics.ascender >> 6), Int((metrics.ascender - metrics.descender) >> 6))
    }

    /// Rasterizes one glyph (8-bit coverage).
    public func rasterize(_ key: GlyphKey) -> Bitmap {
        let face = faces[key.font]
        FT_Set_Pixel_Sizes(face, 0, FT_UInt(key.pixelSize))
        guard FT_Load_Char(face, FT_ULong(key.codepoint), FT_Int32(FT_LOAD_RENDER)) == 0 else {
            return Bitmap(width: 0, height: 0, bearingX: 0, bearingY: 0, advance: key.pixelSize / 2, pixels: [])
        }
        let glyph = face.pointee.glyph.pointee
        let width = Int(glyph.bitmap.width), height = Int(glyph.bitmap.rows)
        var pixels = [UInt8](repeating: 0, count: width * height)
        for row in 0..<height {
            for column in 0..<width {
                pixels[row * width + column] = glyph.bitmap.buffer[row * Int(glyph.bitmap.pitch) + column]
            }
        }
        return Bitmap(width: width, height: height, bearingX: Int(glyph.bitmap_left), bearingY: Int(glyph.bitmap_top),
                      advance: Int(glyph.advance.x >> 6), pixels: pixels)
    }
}

public enum FontError: Error, CustomStringConvertible {
    case noFont(searched: [String])
    case freeType(String, Int32)

    public var description: String {
        switch self {
        case .noFont(let searched):
            "no monospace font found (looked for \(searched.joined(separator: ", "))); run from the repository, or set FLOTILLA_FONT"
        case .freeType(let call, let code): "\(call) failed with FreeType error \(code)"
        }
    }
}

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
