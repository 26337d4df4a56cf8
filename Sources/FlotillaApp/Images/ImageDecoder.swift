import CPNG
import CTurboJPEG
import FlotillaCore
import FlotillaGPU
import Foundation

/// PNG (libpng's simplified API) and JPEG (TurboJPEG) files into RGBA, with errors as one
/// readable reason; the image cache calls it once per file and modification.
enum ImageDecoder {
    enum Failure: Error, CustomStringConvertible {
        case unreadable(String)
        case notAnImage
        case corrupt(String)
        case tooLarge(Extent)

        var description: String {
            switch self {
            case .unreadable(let reason): "cannot be read (\(reason))"
            case .notAnImage: "is neither PNG nor JPEG"
            case .corrupt(let reason): "is damaged (\(reason))"
            case .tooLarge(let extent): "is \(extent), larger than 16384x16384"
            }
        }
    }

    static func decode(_ path: String) throws -> ImageCache.Decoded {
        let bytes = try read(path)
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return try png(bytes) }
        if bytes.starts(with: [0xFF, 0xD8]) { return try jpeg(bytes) }
        throw Failure.notAnImage
    }

    /// No image file is near this; a larger one is refused before it is read.
    static let largestFile = 1 << 30

    /// The file's bytes, from a regular file only (RegularFile: a FIFO or a device opened for
    /// reading would block or never end), with the system's own reason for a refusal ("Too many
    /// levels of symbolic links"), never Foundation's wording of it.
    static func read(_ path: String) throws -> [UInt8] {
        let file: RegularFile
        do {
            file = try RegularFile(path)
        } catch {
            throw Failure.unreadable("\(error)")
        }
        guard file.size <= largestFile else { throw Failure.unreadable("\(file.size) bytes, more than an image file holds") }
        return file.read(file.size)
    }

    private static func png(_ bytes: [UInt8]) throws -> ImageCache.Decoded {
        var image = png_image()
        image.version = UInt32(PNG_IMAGE_VERSION)
        guard bytes.withUnsafeBytes({ png_image_begin_read_from_memory(&image, $0.baseAddress, $0.count) }) != 0 else {
            throw Failure.corrupt(message(of: image))
        }
        defer { png_image_free(&image) }
        let extent = Extent(width: Int(image.width), height: Int(image.height))
        guard extent.width <= 16384, extent.height <= 16384 else { throw Failure.tooLarge(extent) }
        image.format = flotilla_png_format_rgba
        var rgba = [UInt8](repeating: 0, count: extent.pixelCount * 4)
        let finished = bytes.withUnsafeBytes { _ in
            rgba.withUnsafeMutableBytes { png_image_finish_read(&image, nil, $0.baseAddress, Int32(extent.width * 4), nil) }
        }
        guard finished != 0 else { throw Failure.corrupt(message(of: image)) }
        return ImageCache.Decoded(extent: extent, rgba: rgba)
    }

    private static func message(of image: png_image) -> String {
        withUnsafeBytes(of: image.message) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
    }

    private static func jpeg(_ bytes: [UInt8]) throws -> ImageCache.Decoded {
        guard let handle = tjInitDecompress() else { throw Failure.corrupt("TurboJPEG did not start") }
        defer { tjDestroy(handle) }
        var width: Int32 = 0, height: Int32 = 0, subsampling: Int32 = 0, colorspace: Int32 = 0
        let header = bytes.withUnsafeBufferPointer {
            tjDecompressHeader3(handle, $0.baseAddress, UInt($0.count), &width, &height, &subsampling, &colorspace)
        }
        guard header == 0 else { throw Failure.corrupt(String(cString: tjGetErrorStr2(handle))) }
        let extent = Extent(width: Int(width), height: Int(height))
        guard extent.width <= 16384, extent.height <= 16384 else { throw Failure.tooLarge(extent) }
        // TurboJPEG converts CMYK and YCCK images only to CMYK: they are read as that and made RGB here.
        let cmyk = colorspace == Int32(TJCS_CMYK.rawValue) || colorspace == Int32(TJCS_YCCK.rawValue)
        var pixels = [UInt8](repeating: 0, count: extent.pixelCount * 4)
        let result = bytes.withUnsafeBufferPointer { source in
            pixels.withUnsafeMutableBufferPointer {
                tjDecompress2(handle, source.baseAddress, UInt(source.count), $0.baseAddress, width, width * 4, height,
                              Int32((cmyk ? TJPF_CMYK : TJPF_RGBA).rawValue), 0)
            }
        }
        guard result == 0 else { throw Failure.corrupt(String(cString: tjGetErrorStr2(handle))) }
        if cmyk { rgba(fromInvertedCMYK: &pixels) }
        return ImageCache.Decoded(extent: extent, rgba: pixels)
    }

    /// CMYK JPEGs store their inks inverted (Adobe's convention, which libjpeg-turbo follows both
    /// ways: 255 is no ink), so without a colour profile red is C x K / 255, and so on. A profile
    /// would be more exact; no file in a gallery is worth a colour management system.
    static func rgba(fromInvertedCMYK pixels: inout [UInt8]) {
        for index in stride(from: 0, to: pixels.count, by: 4) {
            let key = UInt32(pixels[index + 3])
            for channel in 0..<3 { pixels[index + channel] = UInt8((UInt32(pixels[index + channel]) * key + 127) / 255) }
            pixels[index + 3] = 255
        }
    }
}
