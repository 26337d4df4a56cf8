import Foundation
import FlotillaCompositors
import FlotillaTestSupport
import Testing

extension Integration {
    /// The gallery over the shared image cache: an image shown by many windows is decoded once;
    /// a damaged file is one log line and a placeholder.
    @Suite struct GalleryTests {
        func folder(with files: [(String, Data)]) throws -> URL {
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("flotilla-images-\(UUID().uuidString.prefix(8))")
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            for (name, data) in files { try data.write(to: url.appendingPathComponent(name)) }
            return url
        }

        /// A small PNG made from the repository's own screenshot, so no fixture is needed.
        var picture: Data {
            get throws {
                let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                return try Data(contentsOf: root.appendingPathComponent("docs/memory.png"))
            }
        }

        @Test func fiveWindowsShowingOneImageDecodeItOnce() throws {
            let images = try folder(with: [("one.png", try picture)])
            defer { try? FileManager.default.removeItem(at: images) }
            let stats = temporaryFile("gallery.jsonl")
            defer { try? FileManager.default.removeItem(atPath: stats) }
            let result = try run(FlotillaBinary.path,
                                 ["--headless", "--windows", "5", "--scene", "gallery", "--size", "400x300", "--frames", "20",
                                  "--images", images.path, "--stats", stats],
                                 environment: FlotillaBinary.environment(), timeout: 90)
            #expect(result.status == 0, "output:\n\(result.output.suffix(2000))")
            #expect(validationProblems(in: result.output) == [])
            let cache = try #require(StatsLines(path: stats).last?["image_cache"] as? [String: Int])
            #expect(cache["decodes"] == 1, "\(cache)")
            #expect((cache["hits"] ?? 0) >= 4, "\(cache)")
            #expect((cache["bytes"] ?? 0) > 0 && cache["evictions"] == 0, "\(cache)")
            let memory = StatsLines(path: stats).memory(StatsLines(path: stats).last)
            // The image is the shared account's, not any window's.
            #expect(((memory["by_category"] as? [String: Int])?["images"] ?? 0) == cache["bytes"])
        }

        @Test func aDamagedImageIsOneLineAndAPlaceholder() throws {
            var damaged = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
            damaged.append(Data(repeating: 0x42, count: 200))
            let images = try folder(with: [("a-good.png", try picture), ("b-damaged.png", damaged)])
            defer { try? FileManager.default.removeItem(at: images) }
            let stats = temporaryFile("gallery-damaged.jsonl")
            defer { try? FileManager.default.removeItem(atPath: stats) }
            let result = try run(FlotillaBinary.path,
                                 ["--headless", "--windows", "2", "--scene", "gallery", "--size", "800x300", "--frames", "20",
                                  "--images", images.path, "--stats", stats],
                                 environment: FlotillaBinary.environment(), timeout: 90)
            #expect(result.status == 0, "output:\n\(result.output.suffix(2000))")
            #expect(validationProblems(in: result.output) == [])
            let lines = result.stderr.split(separator: "\n").filter { $0.contains("b-damaged.png") }
            #expect(lines.count == 1 && lines[0].contains("is damaged") && lines[0].contains("showing a placeholder"), "\(lines)")
            let cache = try #require(StatsLines(path: stats).last?["image_cache"] as? [String: Int])
            #expect(cache["decodes"] == 1, "only the good one decodes: \(cache)")
        }
    }
}
