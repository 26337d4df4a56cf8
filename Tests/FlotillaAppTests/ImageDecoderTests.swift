import CTurboJPEG
@testable import FlotillaApp
import FlotillaCore
import Foundation
import Testing

/// PNG and JPEG files into RGBA through Debian's libraries; damage is a reason, never a crash.
@Suite struct ImageDecoderTests {
    func temporary(_ name: String, _ bytes: [UInt8]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("flotilla-\(UUID().uuidString.prefix(8))-\(name)").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// `pixels` (of `format`, `channels` bytes each) as a JPEG of quality 95, encoded here with
    /// TurboJPEG itself, so the tests need no fixture files.
    func jpeg(_ pixels: [UInt8], width: Int, height: Int, format: TJPF, channels: Int) throws -> [UInt8] {
        let handle = try #require(tjInitCompress())
        defer { tjDestroy(handle) }
        var output: UnsafeMutablePointer<UInt8>?
        var size: UInt = 0
        let status = pixels.withUnsafeBufferPointer {
            tjCompress2(handle, $0.baseAddress, Int32(width), Int32(width * channels), Int32(height), Int32(format.rawValue),
                        &output, &size, Int32(TJSAMP_444.rawValue), 95, 0)
        }
        #expect(status == 0)
        defer { tjFree(output) }
        return Array(UnsafeBufferPointer(start: output, count: Int(size)))
    }

    /// A 64x48 gradient, RGB.
    let width = 64, height = 48
    var gradient: [UInt8] {
        (0..<(width * height)).flatMap { index -> [UInt8] in
            let x = index % width, y = index / width
            return [UInt8(x * 4), UInt8(y * 5), 128]
        }
    }

    @Test func aPNGDecodesToItsExactPixels() throws {
        let path = try temporary("gradient.png", (try PNGWriter.encode(width: width, height: height, rgb: gradient)))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let image = try ImageDecoder.decode(path)
        #expect(image.extent == Extent(width: width, height: height))
        for index in stride(from: 0, to: width * height, by: 97) {
            #expect(Array(image.rgba[(index * 4)..<(index * 4 + 3)]) == Array(gradient[(index * 3)..<(index * 3 + 3)]))
            #expect(image.rgba[index * 4 + 3] == 255)
        }
    }

    @Test func aJPEGDecodesCloseToWhatWasEncoded() throws {
        let jpeg = try jpeg(gradient, width: width, height: height, format: TJPF_RGB, channels: 3)
        let path = try temporary("gradient.jpg", jpeg)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let image = try ImageDecoder.decode(path)
        #expect(image.extent == Extent(width: width, height: height))
        var worst = 0
        for index in 0..<(width * height) {
            for channel in 0..<3 {
                worst = max(worst, abs(Int(image.rgba[index * 4 + channel]) - Int(gradient[index * 3 + channel])))
            }
        }
        #expect(worst <= 12, "largest channel difference after JPEG: \(worst)")
    }

    @Test func damageAndStrangersAreReasonsNotCrashes() throws {
        let truncated = (try PNGWriter.encode(width: width, height: height, rgb: gradient)).prefix(60)
        let damaged = try temporary("damaged.png", Array(truncated))
        let jpegHeaderOnly = try temporary("damaged.jpg", [0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 0x4A, 0x46])
        let text = try temporary("notes.png", Array("not an image".utf8))
        defer { [damaged, jpegHeaderOnly, text].forEach { try? FileManager.default.removeItem(atPath: $0) } }
        for path in [damaged, jpegHeaderOnly] {
            #expect(throws: ImageDecoder.Failure.self) { _ = try ImageDecoder.decode(path) }
        }
        #expect { _ = try ImageDecoder.decode(text) } throws: { "\($0)" == "is neither PNG nor JPEG" }
        #expect { _ = try ImageDecoder.decode("/nonexistent/x.png") } throws: { "\($0)".hasPrefix("cannot be read") }
    }

    /// What a folder can hold besides images (issue 23): each is one plain reason, and none is
    /// read (a FIFO would block the decoder for ever, /dev/zero never end).
    @Test func fifosDevicesAndLinkLoopsAreRefusedWithTheirReason() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("flotilla-strangers-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(mkfifo(folder + "/pipe.png", 0o600) == 0)
        try FileManager.default.createSymbolicLink(atPath: folder + "/zero.png", withDestinationPath: "/dev/zero")
        try FileManager.default.createSymbolicLink(atPath: folder + "/loop-a.png", withDestinationPath: folder + "/loop-b.png")
        try FileManager.default.createSymbolicLink(atPath: folder + "/loop-b.png", withDestinationPath: folder + "/loop-a.png")
        let reasons = ["pipe.png": "cannot be read (a FIFO, not a file)", "zero.png": "cannot be read (a device, not a file)",
                       "loop-a.png": "cannot be read (Too many levels of symbolic links)"]
        for (name, reason) in reasons {
            #expect { _ = try ImageDecoder.decode(folder + "/" + name) } throws: { "\($0)" == reason }
        }
    }

    /// A CMYK JPEG (as print workflows save them) is an image, not "damaged": its inks become RGB.
    @Test func aCMYKJPEGDecodesToItsColours() throws {
        // Inverted inks, as libjpeg-turbo and Adobe store them: 255 is no ink. A quarter cyan
        // (red down to 191), the rest none.
        let side = 16
        let cmyk = [UInt8]((0..<(side * side)).flatMap { _ in [191, 255, 255, 255] as [UInt8] })
        let jpeg = try jpeg(cmyk, width: side, height: side, format: TJPF_CMYK, channels: 4)
        let path = try temporary("cmyk.jpg", jpeg)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let image = try ImageDecoder.decode(path)
        #expect(image.extent == Extent(width: side, height: side))
        let centre = (side / 2 * side + side / 2) * 4
        let pixel = Array(image.rgba[centre..<(centre + 4)]).map(Int.init)
        #expect(abs(pixel[0] - 191) <= 4 && pixel[1] >= 250 && pixel[2] >= 250 && pixel[3] == 255, "\(pixel)")
    }
}
