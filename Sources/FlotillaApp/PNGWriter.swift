import CPNG
import Foundation
import SystemPackage

/// Writes 8-bit RGB images as PNG files through libpng's simplified API (the library Flotilla
/// already links to decode), for screenshots and the benchmarks' plots.
public enum PNGWriter {
    public enum Failure: Error, CustomStringConvertible {
        case encoding(String)
        case writing(String, Errno)

        public var description: String {
            switch self {
            case .encoding(let reason): "libpng could not encode the image: \(reason)"
            case .writing(let path, let errno): "cannot write '\(path)': \(errno)"
            }
        }
    }

    /// The PNG of `rgb` (rows top to bottom, 3 bytes a pixel, no padding).
    public static func encode(width: Int, height: Int, rgb: [UInt8]) throws(Failure) -> [UInt8] {
        precondition(rgb.count == width * height * 3, "an RGB image of \(width)x\(height)")
        var image = png_image()
        image.version = png_uint_32(PNG_IMAGE_VERSION)
        image.width = png_uint_32(width)
        image.height = png_uint_32(height)
        image.format = png_uint_32(PNG_FORMAT_FLAG_COLOR)
        // Asked once for the size, then into a buffer of that size (png_image_write_to_memory's
        // two-call form: PNG_IMAGE_PNG_SIZE_MAX is a macro Swift does not import).
        var size = 0
        let measured = rgb.withUnsafeBytes { png_image_write_to_memory(&image, nil, &size, 0, $0.baseAddress, 0, nil) }
        guard measured != 0, size > 0 else { throw .encoding(Self.message(of: &image)) }
        var png = [UInt8](repeating: 0, count: size)
        let written = rgb.withUnsafeBytes { pixels in
            png.withUnsafeMutableBytes { png_image_write_to_memory(&image, $0.baseAddress, &size, 0, pixels.baseAddress, 0, nil) }
        }
        guard written != 0 else { throw .encoding(Self.message(of: &image)) }
        png.removeLast(png.count - size)
        return png
    }

    /// Encodes and writes `path` so that it is the whole PNG or nothing: the bytes go to a
    /// hidden file beside it, which is flushed to the disk and renamed over `path`. A write that
    /// fails (a full disk, a folder that went away) removes the hidden file again.
    public static func write(width: Int, height: Int, rgb: [UInt8], to path: String) throws(Failure) {
        let png = try encode(width: width, height: height, rgb: rgb)
        let target = FilePath(path)
        let partial = target.removingLastComponent().appending(".\(target.lastComponent?.string ?? "image").partial")
        do {
            let file = try FileDescriptor.open(partial, .writeOnly, options: [.create, .truncate, .closeOnExec],
                                               permissions: [.ownerReadWrite, .groupRead, .otherRead])
            do {
                try file.closeAfter {
                    _ = try file.writeAll(png)
                    guard fsync(file.rawValue) == 0 else { throw Errno(rawValue: errno) }
                }
            } catch {
                _ = unlink(partial.string)
                throw error
            }
            guard rename(partial.string, path) == 0 else {
                let failure = Errno(rawValue: errno)
                _ = unlink(partial.string)
                throw failure
            }
        } catch {
            throw .writing(path, (error as? Errno) ?? .ioError)
        }
    }

    private static func message(of image: inout png_image) -> String {
        withUnsafeBytes(of: &image.message) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    }
}
