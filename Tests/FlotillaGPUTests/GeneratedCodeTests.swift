import Foundation
import Testing

/// scripts/generate.sh writes the protocol code and the shader SPIR-V; what is committed must be
/// exactly what it writes from protocols/ and shaders/ now.
@Suite struct GeneratedCodeTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func committedOutputMatchesItsSources() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("flotilla-gen-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [Self.root.appendingPathComponent("scripts/generate.sh").path, scratch.path]
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "scripts/generate.sh failed")

        let generated = [
            "Sources/CWaylandProtocols/include/xdg-shell-client-protocol.h",
            "Sources/CWaylandProtocols/xdg-shell-protocol.c",
            "Sources/CWaylandProtocols/include/xdg-decoration-unstable-v1-client-protocol.h",
            "Sources/CWaylandProtocols/xdg-decoration-unstable-v1-protocol.c",
            "Sources/CWaylandProtocols/include/viewporter-client-protocol.h",
            "Sources/CWaylandProtocols/viewporter-protocol.c",
            "Sources/CWaylandProtocols/include/fractional-scale-v1-client-protocol.h",
            "Sources/CWaylandProtocols/fractional-scale-v1-protocol.c",
            "Sources/CWaylandProtocols/include/presentation-time-client-protocol.h",
            "Sources/CWaylandProtocols/presentation-time-protocol.c",
            "Tests/TestCompositor/include/xdg-shell-server-protocol.h",
            "Tests/TestCompositor/include/viewporter-server-protocol.h",
            "Tests/TestCompositor/include/fractional-scale-v1-server-protocol.h",
            "Sources/FlotillaGPU/Generated/ShaderCode.swift",
        ]
        for path in generated {
            let fresh = try Data(contentsOf: scratch.appendingPathComponent(path))
            let committed = try Data(contentsOf: Self.root.appendingPathComponent(path))
            #expect(fresh == committed, "\(path) is out of date: run scripts/generate.sh")
        }
    }
}
