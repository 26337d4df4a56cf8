import Foundation

/// A binary PPM (P6), as flotilla-test-compositor writes the frames it was given.
public struct PPMImage {
    public let width: Int
    public let height: Int
    public let rgb: [UInt8]

    public init(contentsOf url: URL) throws {
        let data = [UInt8](try Data(contentsOf: url))
        // "P6\n<width> <height>\n255\n" then the pixels.
        var fields: [String] = []
        var index = 0
        while fields.count < 4, index < data.count {
            var field = ""
            while index < data.count, !(data[index] == 10 || data[index] == 32) {
                field.append(Character(Unicode.Scalar(data[index])))
                index += 1
            }
            index += 1
            if !field.isEmpty { fields.append(field) }
        }
        guard fields.count == 4, fields[0] == "P6", let width = Int(fields[1]), let height = Int(fields[2]),
              data.count - index >= width * height * 3 else {
            throw CocoaError(.fileReadCorruptFile)
        }
        self.width = width
        self.height = height
        rgb = Array(data[index..<(index + width * height * 3)])
    }

    /// Pixels in the rectangle (x, y, width, height) for which `test` holds.
    public func count(in rect: (x: Int, y: Int, width: Int, height: Int),
                      where test: ((r: UInt8, g: UInt8, b: UInt8)) -> Bool) -> Int {
        var count = 0
        for y in max(rect.y, 0)..<min(rect.y + rect.height, height) {
            for x in max(rect.x, 0)..<min(rect.x + rect.width, width) {
                let offset = (y * width + x) * 3
                if test((rgb[offset], rgb[offset + 1], rgb[offset + 2])) { count += 1 }
            }
        }
        return count
    }
}
