@testable import FlotillaApp
import Foundation
import SystemPackage
import Testing

/// Screenshots and plots are PNGs that libpng wrote and any viewer opens; a file is the whole
/// image or nothing, never a truncated one.
@Suite struct PNGWriterTests {
    let width = 5, height = 3
    var rgb: [UInt8] { (0..<(width * height * 3)).map { UInt8(($0 * 37) & 0xFF) } }

    func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("flotilla-png-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func theRowsRoundTripThroughTheDecoder() throws {
        let directory = try folder()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/round.png"
        try PNGWriter.write(width: width, height: height, rgb: rgb, to: path)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["round.png"], "no partial file left")
        let decoded = try ImageDecoder.decode(path)
        #expect(decoded.extent.width == width && decoded.extent.height == height)
        for pixel in 0..<(width * height) {
            #expect(Array(decoded.rgba[(pixel * 4)..<(pixel * 4 + 3)]) == Array(rgb[(pixel * 3)..<(pixel * 3 + 3)]))
            #expect(decoded.rgba[pixel * 4 + 3] == 255, "opaque")
        }
    }

    /// A write that fails leaves neither the file nor its partial copy (issue 23: a full disk left
    /// a 64 KiB PNG with no IEND). /dev/full stands in for the disk through a link in the folder.
    @Test func aFailedWriteLeavesNoFileBehind() throws {
        let directory = try folder()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createSymbolicLink(atPath: directory + "/.full.png.partial", withDestinationPath: "/dev/full")
        #expect {
            try PNGWriter.write(width: width, height: height, rgb: rgb, to: directory + "/full.png")
        } throws: { error in
            "\(error)".contains("No space left on device")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == [], "nothing left behind")

        let missing = directory + "/gone/shot.png"
        #expect(throws: PNGWriter.Failure.self) {
            try PNGWriter.write(width: width, height: height, rgb: rgb, to: missing)
        }
    }
}
