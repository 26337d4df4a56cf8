import CPNG
import Foundation

/// A PNG (what weston-screenshooter and grim write) decoded by libpng, as 8-bit RGBA.
public struct PNGImage {
    public let width: Int
    public let height: Int
    /// RGBA, row by row.
    public let pixels: [UInt8]

    public enum DecodeError: Error { case notPNG, unsupported(String), corrupt(String) }

    public init(contentsOf url: URL) throws {
        try self.init(data: [UInt8](try Data(contentsOf: url)))
    }

    /// Any PNG libpng reads (its simplified API), converted to 8-bit RGBA.
    public init(data: [UInt8]) throws {
        guard data.count > 8, data[0..<8].elementsEqual([137, 80, 78, 71, 13, 10, 26, 10]) else { throw DecodeError.notPNG }
        var image = png_image()
        image.version = png_uint_32(PNG_IMAGE_VERSION)
        guard data.withUnsafeBytes({ png_image_begin_read_from_memory(&image, $0.baseAddress, $0.count) }) != 0 else {
            throw DecodeError.corrupt(Self.message(of: &image))
        }
        image.format = flotilla_png_format_rgba
        let width = Int(image.width), height = Int(image.height)
        var rgba = [UInt8](repeating: 0, count: width * height * 4)
        let finished = data.withUnsafeBytes { _ in
            rgba.withUnsafeMutableBytes { png_image_finish_read(&image, nil, $0.baseAddress, Int32(width * 4), nil) }
        }
        guard finished != 0 else { throw DecodeError.corrupt(Self.message(of: &image)) }
        self.width = width
        self.height = height
        pixels = rgba
    }

    private static func message(of image: inout png_image) -> String {
        defer { png_image_free(&image) }
        return withUnsafeBytes(of: &image.message) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    }

    public func pixel(x: Int, y: Int) -> (r: UInt8, g: UInt8, b: UInt8) {
        let index = (y * width + x) * 4
        return (pixels[index], pixels[index + 1], pixels[index + 2])
    }
}

extension PNGImage {
    /// Writes an 8-bit RGB PNG through libpng (for tests that need an image file).
    public static func write(width: Int, height: Int, rgb: [UInt8], to path: String) throws {
        var image = png_image()
        image.version = png_uint_32(PNG_IMAGE_VERSION)
        image.width = png_uint_32(width)
        image.height = png_uint_32(height)
        image.format = png_uint_32(PNG_FORMAT_FLAG_COLOR)
        let written = rgb.withUnsafeBytes { png_image_write_to_file(&image, path, 0, $0.baseAddress, 0, nil) }
        guard written != 0 else { throw DecodeError.corrupt("libpng could not write \(path)") }
    }
}
