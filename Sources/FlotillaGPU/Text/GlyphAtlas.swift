import CFreeType
import CVulkan
import FlotillaCore
import Foundation

/// The printable ASCII glyphs of a monospace font, rasterized once by FreeType into one R8
/// texture of cell-sized slots (16 per row), shared by every window of its ResourceSet.
public final class GlyphAtlas {
    public let image: GpuImage
    /// One glyph cell in pixels: the font's advance by its line height.
    public let cell: Extent
    public static let columns = 16
    public static let rows = 6
    public static let firstCharacter: UInt8 = 32

    public enum AtlasError: Error, CustomStringConvertible {
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

    /// The pixel size glyphs are rasterized at.
    public static let pixelSize: UInt32 = 15

    init(host: GpuHost, owner: MemoryOwner) throws {
        guard let path = FontLocator.monospace() else {
            throw AtlasError.noFont(searched: FontLocator.candidates)
        }
        let (bitmap, cell) = try Self.rasterize(path: path)
        self.cell = cell
        let extent = Extent(width: cell.width * Self.columns, height: cell.height * Self.rows)
        image = try host.makeColorImage(extent: extent, format: VK_FORMAT_R8_UNORM,
                                        usage: VkImageUsageFlags(VK_IMAGE_USAGE_SAMPLED_BIT.rawValue
                                            | VK_IMAGE_USAGE_TRANSFER_DST_BIT.rawValue),
                                        owner: owner, category: .atlas)
        do {
            try host.upload(bitmap, to: image)
        } catch {
            host.destroy(image)
            throw error
        }
    }

    /// The GPU may still sample it: the owner calls this only when no frame uses the atlas.
    func destroy(host: GpuHost) {
        host.destroy(image)
    }

    /// The slot index of a character, 0 for a space or anything unprintable.
    public static func slot(of character: UInt8) -> UInt8 {
        (33...126).contains(character) ? character - firstCharacter : 0
    }

    private static func rasterize(path: String) throws -> (bitmap: [UInt8], cell: Extent) {
        var library: FT_Library?
        var error = FT_Init_FreeType(&library)
        guard error == 0, let library else { throw AtlasError.freeType("FT_Init_FreeType", error) }
        defer { FT_Done_FreeType(library) }
        var face: FT_Face?
        error = FT_New_Face(library, path, 0, &face)
        guard error == 0, let face else { throw AtlasError.freeType("FT_New_Face", error) }
        defer { FT_Done_Face(face) }
        error = FT_Set_Pixel_Sizes(face, 0, pixelSize)
        guard error == 0 else { throw AtlasError.freeType("FT_Set_Pixel_Sizes", error) }

        let metrics = face.pointee.size.pointee.metrics
        let ascender = Int(metrics.ascender >> 6)
        let descender = Int(metrics.descender >> 6)
        error = FT_Load_Char(face, FT_ULong(UInt8(ascii: "M")), FT_Int32(FT_LOAD_DEFAULT))
        guard error == 0 else { throw AtlasError.freeType("FT_Load_Char", error) }
        let advance = Int(face.pointee.glyph.pointee.advance.x >> 6)
        let cell = Extent(width: max(advance, 1), height: max(ascender - descender, 1))
        let width = cell.width * columns
        var bitmap = [UInt8](repeating: 0, count: width * cell.height * rows)

        for character in 33...126 {
            guard FT_Load_Char(face, FT_ULong(character), FT_Int32(FT_LOAD_RENDER)) == 0 else { continue }
            let glyph = face.pointee.glyph.pointee
            let slot = character - Int(firstCharacter)
            let originX = (slot % columns) * cell.width + Int(glyph.bitmap_left)
            let originY = (slot / columns) * cell.height + ascender - Int(glyph.bitmap_top)
            let source = glyph.bitmap
            for row in 0..<Int(source.rows) {
                for column in 0..<Int(source.width) {
                    let x = originX + column, y = originY + row
                    // Clip to the glyph's own slot, so no glyph bleeds into a neighbour.
                    guard x >= (slot % columns) * cell.width, x < (slot % columns + 1) * cell.width,
                          y >= (slot / columns) * cell.height, y < (slot / columns + 1) * cell.height else { continue }
                    bitmap[y * width + x] = source.buffer[row * Int(source.pitch) + column]
                }
            }
        }
        return (bitmap, cell)
    }
}
