import CZlib
@testable import FlotillaApp
import Foundation
import Testing

/// Screenshots are PNGs any viewer opens: the signature, then IHDR, IDAT and IEND, each with its
/// length and a CRC that matches, and IDAT holding every row behind a "none" filter byte.
/// (ImageDecoderTests reads them back through libpng.)
@Suite struct PNGWriterTests {
    private func bigEndian(_ bytes: ArraySlice<UInt8>) -> Int {
        bytes.reduce(0) { $0 << 8 | Int($1) }
    }

    @Test func chunksAreWellFormedAndTheRowsRoundTrip() throws {
        let width = 5, height = 3
        let rgb = (0..<(width * height * 3)).map { UInt8(($0 * 37) & 0xFF) }
        let png = [UInt8](PNGWriter.encode(width: width, height: height, rgb: rgb))
        #expect(Array(png[0..<8]) == [137, 80, 78, 71, 13, 10, 26, 10])
        var offset = 8
        var chunks: [(type: String, body: [UInt8])] = []
        while offset < png.count {
            let length = bigEndian(png[offset..<offset + 4])
            let typed = Array(png[(offset + 4)..<(offset + 8 + length)])
            let crc = bigEndian(png[(offset + 8 + length)..<(offset + 12 + length)])
            #expect(UInt(crc) == crc32(0, typed, uInt(typed.count)))
            chunks.append((String(decoding: typed.prefix(4), as: UTF8.self), Array(typed.dropFirst(4))))
            offset += 12 + length
        }
        #expect(offset == png.count)
        #expect(chunks.map(\.type) == ["IHDR", "IDAT", "IEND"])
        let header = chunks[0].body
        #expect(bigEndian(header[0..<4]) == width && bigEndian(header[4..<8]) == height)
        #expect(Array(header[8...]) == [8, 2, 0, 0, 0], "8-bit RGB, no interlace")

        var raw = [UInt8](repeating: 0, count: height * (width * 3 + 1))
        var rawLength = uLong(raw.count)
        let idat = chunks[1].body
        #expect(uncompress(&raw, &rawLength, idat, uLong(idat.count)) == Z_OK)
        #expect(Int(rawLength) == raw.count)
        for row in 0..<height {
            let start = row * (width * 3 + 1)
            #expect(raw[start] == 0, "filter: none")
            #expect(Array(raw[(start + 1)..<(start + 1 + width * 3)]) == Array(rgb[(row * width * 3)..<((row + 1) * width * 3)]))
        }
    }
}
