import CPNG
import CZlib
import Foundation

/// A decoded 8-bit RGB or RGBA PNG (what weston-screenshooter and grim write), as RGBA.
public struct PNGImage {
    public let width: Int
    public let height: Int
    /// RGBA, row by row.
    public let pixels: [UInt8]

    public enum DecodeError: Error { case notPNG, unsupported(String), corrupt(String) }

    public init(contentsOf url: URL) throws {
        try self.init(data: [UInt8](try Data(contentsOf: url)))
    }

    public init(data: [UInt8]) throws {
        guard data.count > 8, data[0..<8].elementsEqual([137, 80, 78, 71, 13, 10, 26, 10]) else { throw DecodeError.notPNG }
        var offset = 8
        var width = 0, height = 0, colorType = 0
        var compressed: [UInt8] = []
        func be32(_ at: Int) -> Int { Int(data[at]) << 24 | Int(data[at + 1]) << 16 | Int(data[at + 2]) << 8 | Int(data[at + 3]) }
        while offset + 8 <= data.count {
            let length = be32(offset)
            let type = String(decoding: data[(offset + 4)..<(offset + 8)], as: UTF8.self)
            let body = (offset + 8)..<(offset + 8 + length)
            guard body.upperBound <= data.count else { throw DecodeError.corrupt("chunk \(type) past the end") }
            switch type {
            case "IHDR":
                width = be32(body.lowerBound)
                height = be32(body.lowerBound + 4)
                let depth = Int(data[body.lowerBound + 8])
                colorType = Int(data[body.lowerBound + 9])
                let interlace = data[body.lowerBound + 12]
                guard depth == 8, colorType == 2 || colorType == 6, interlace == 0 else {
                    throw DecodeError.unsupported("depth \(depth), colour type \(colorType), interlace \(interlace)")
                }
            case "IDAT": compressed.append(contentsOf: data[body])
            default: break
            }
            offset = body.upperBound + 4
        }
        let channels = colorType == 6 ? 4 : 3
        let stride = width * channels
        var raw = [UInt8](repeating: 0, count: height * (stride + 1))
        var rawLength = uLongf(raw.count)
        let status = raw.withUnsafeMutableBufferPointer { out in
            compressed.withUnsafeBufferPointer { input in
                uncompress(out.baseAddress, &rawLength, input.baseAddress, uLong(input.count))
            }
        }
        guard status == Z_OK, Int(rawLength) == raw.count else { throw DecodeError.corrupt("zlib status \(status)") }

        var rows = [UInt8](repeating: 0, count: height * stride)
        for y in 0..<height {
            let filter = raw[y * (stride + 1)]
            for x in 0..<stride {
                let value = raw[y * (stride + 1) + 1 + x]
                let left = x >= channels ? Int(rows[y * stride + x - channels]) : 0
                let up = y > 0 ? Int(rows[(y - 1) * stride + x]) : 0
                let upLeft = (x >= channels && y > 0) ? Int(rows[(y - 1) * stride + x - channels]) : 0
                let predicted: Int
                switch filter {
                case 0: predicted = 0
                case 1: predicted = left
                case 2: predicted = up
                case 3: predicted = (left + up) / 2
                case 4:
                    let estimate = left + up - upLeft
                    let (a, b, c) = (abs(estimate - left), abs(estimate - up), abs(estimate - upLeft))
                    predicted = a <= b && a <= c ? left : (b <= c ? up : upLeft)
                default: throw DecodeError.corrupt("filter \(filter)")
                }
                rows[y * stride + x] = UInt8(truncatingIfNeeded: Int(value) + predicted)
            }
        }
        var rgba = [UInt8](repeating: 255, count: width * height * 4)
        for index in 0..<(width * height) {
            for channel in 0..<channels { rgba[index * 4 + channel] = rows[index * channels + channel] }
        }
        self.width = width
        self.height = height
        pixels = rgba
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
