import CVulkan
import CXKBCommon
@testable import FlotillaApp
import FlotillaCore
import FlotillaGPU
import Foundation
import Logging
import Testing

/// The app layer without a compositor: a window painting its layers into a headless pass (the
/// pixels read back through the same frame hook offscreen jobs use), layers added and removed,
/// the key table driving the application's actions, and the stats builder's contract.
@Suite(.serialized) struct AppLayerTests {
    static let logger = Logger(label: "flotilla-test")

    /// A solid rectangle at the top left, in `color` (premultiplied RGBA8), covering what it draws.
    final class BlockLayer: FrameLayer {
        let part = FramePart.other("a test block")
        let color: UInt32
        private var quads = StreamedQuads()
        private(set) var released = 0

        init(color: UInt32) { self.color = color }

        func prepare(_ frame: FrameContext, _ paint: inout LayerPaint) throws -> Bool {
            let atlas = try frame.resources.textAtlas()
            guard let white = atlas.white else { return false }
            try atlas.prepare(frame)
            try quads.stream([.solid(10, 10, 50, 40, color: color, white: white)], in: frame)
            paint.coveredPanel = Extent(width: max(paint.coveredPanel.width, 60), height: max(paint.coveredPanel.height, 50))
            return true
        }

        func record(_ frame: DrawContext, _ paint: LayerPaint) throws {
            _ = try quads.draw(frame, constants: paint.constants)
        }

        func release(after serial: UInt64) {
            quads.forget()
            released += 1
        }
    }

    /// The overlay's source: fixed lines, as the program's counters would give.
    final class FixedFigures: OverlaySource {
        var overlayVisible = true
        var lines = ["Flotilla test", "1 2 3 4 5 6 7 8 9"]
        func overlayLines(for window: AppWindow) -> [String] { window.helpVisible ? KeyTable.help : lines }
    }

    let host: GpuHost
    let extent = Extent(width: 200, height: 120)

    init() throws {
        host = try GpuHost(.init(presentsToWayland: false, logger: Self.logger, validation: true))
    }

    /// What windows paint with, their overlay showing `figures`.
    static func services(showing figures: FixedFigures) -> WindowServices {
        let services = WindowServices(logger: logger)
        services.overlaySource = figures
        return services
    }

    /// A headless window of `kind` over an offscreen target, painting with `services`.
    func window(_ kind: SceneKind, services: WindowServices) throws -> AppWindow {
        let window = AppWindow(id: WindowID(1), toplevel: nil, scene: kind, size: extent, services: services)
        let target = try OffscreenTarget(host: host, extent: extent, owner: .window(window.id))
        window.gpu = try WindowGPUState(host: host, owner: .window(window.id), target: target)
        return window
    }

    /// One paint of `window`, its pixels (B8G8R8A8) read back once the GPU has finished it.
    func paint(_ window: AppWindow) throws -> [UInt8] {
        let buffer = try host.makeBuffer(size: UInt64(extent.pixelCount * 4),
                                         usage: VkBufferUsageFlags(VK_BUFFER_USAGE_TRANSFER_DST_BIT.rawValue),
                                         hostVisible: true, owner: .window(window.id), category: .other)
        let pixels = CopiedPixels(buffer, serial: host.nextSerial)
        window.hooks.append(pixels)
        defer { window.hooks.removeAll { $0 === pixels } }
        let pass = FramePass(host: host)
        #expect(try window.paint(into: pass, at: .now))
        #expect(try pass.submitAndPresent().allSatisfy { $0.outcome == .presented })
        pixels.serial = host.lastSubmittedSerial
        #expect(try host.wait(for: pixels.serial, timeout: 10_000_000_000))
        let mapped = try #require(pixels.mapped)
        let bytes = [UInt8](UnsafeRawBufferPointer(start: mapped, count: extent.pixelCount * 4))
        pixels.release()
        return bytes
    }

    func pixel(_ bytes: [UInt8], x: Int, y: Int) -> (red: UInt8, green: UInt8, blue: UInt8) {
        let at = (y * extent.width + x) * 4
        return (bytes[at + 2], bytes[at + 1], bytes[at])
    }

    func finish(_ window: AppWindow) throws {
        #expect(try host.wait(for: host.lastSubmittedSerial, timeout: 10_000_000_000))
        window.releaseLayers(after: host.lastSubmittedSerial)
        _ = window.gpu?.destroy()
        window.gpu = nil
        host.collectCompletedWork()
    }

    @Test func aLayerAddedIsDrawnOverTheSceneAndARemovedOneIsGone() throws {
        let window = try window(.particles, services: WindowServices(logger: Self.logger))
        #expect(window.layers.count == 3, "scene, overlay, title bar")
        let block = BlockLayer(color: OverlayLayer.premultiplied(1, 0, 0, 1))
        window.add(block)
        #expect(window.layers.last === block)
        let with = try paint(window)
        let inside = pixel(with, x: 30, y: 30)
        #expect(inside.red > 240 && inside.green < 10 && inside.blue < 10, "\(inside)")
        let outside = pixel(with, x: 150, y: 100)
        #expect(!(outside.red > 240 && outside.green < 10), "the block covers only its rectangle: \(outside)")

        window.remove(block, after: host.lastSubmittedSerial)
        #expect(block.released == 1)
        #expect(!window.layers.contains { $0 === block })
        let without = try paint(window)
        let uncovered = pixel(without, x: 30, y: 30)
        #expect(!(uncovered.red > 240 && uncovered.green < 10), "\(uncovered)")
        // The scene cannot be removed: a window always has its picture.
        window.remove(window.scene, after: host.lastSubmittedSerial)
        #expect(window.layers.first === window.scene)
        try finish(window)
        #expect(host.validationMessageCount == 0)
    }

    /// A layer put below the overlay is drawn under it; the scene (prepared last) learns what the
    /// layers above cover.
    @Test func layersDrawBottomFirstAndTheSceneLearnsWhatIsCovered() throws {
        let figures = FixedFigures()
        let services = Self.services(showing: figures)
        let window = try window(.grid, services: services)
        let red = BlockLayer(color: OverlayLayer.premultiplied(1, 0, 0, 1))
        window.add(red, below: window.overlay)
        #expect(window.layers.firstIndex { $0 === red } == 1)
        let bytes = try paint(window)
        // The overlay's panel (nearly opaque, dark) lies over the red block where they overlap.
        let under = pixel(bytes, x: 30, y: 30)
        #expect(under.red < 120, "the panel is over the block: \(under)")
        let panel = try #require(window.overlay?.panelExtent)
        #expect(panel.width > 60 && panel.height > 20)
        let grid = try #require(window.scene as? GridScene)
        #expect(grid.reservedTop == panel.height, "the grid keeps below the panel")
        try finish(window)
        #expect(host.validationMessageCount == 0)
    }

    @Test func theOverlayShowsItsSourceAndTheHelp() throws {
        let figures = FixedFigures()
        let services = Self.services(showing: figures)
        let window = try window(.particles, services: services)
        func litInPanel(_ bytes: [UInt8]) -> Int {
            let panel = window.overlay!.panelExtent
            var lit = 0
            for y in 0..<min(panel.height, extent.height) {
                for x in 0..<min(panel.width, extent.width) {
                    let value = pixel(bytes, x: x, y: y)
                    if Int(value.red) + Int(value.green) + Int(value.blue) > 450 { lit += 1 }
                }
            }
            return lit
        }
        let shown = try paint(window)
        #expect(litInPanel(shown) > 30, "the text is drawn")
        let laidOut = try #require(window.overlay?.layouts)
        window.helpVisible = true
        let help = try paint(window)
        #expect(window.overlay!.layouts == laidOut + 1, "the help is laid out at once")
        #expect(window.overlay!.panelExtent.height > 100, "the help is taller: \(window.overlay!.panelExtent)")
        #expect(litInPanel(help) > litInPanel(shown))
        window.helpVisible = false
        figures.overlayVisible = false
        _ = try paint(window)
        #expect(window.overlay!.panelExtent.height >= 0)
        try finish(window)
        #expect(host.validationMessageCount == 0)
    }

    /// A layer that prepares and then fails to record.
    final class FailingLayer: FrameLayer {
        struct Failure: Error {}
        let part = FramePart.other("a failing layer")
        func prepare(_ frame: FrameContext, _ paint: inout LayerPaint) throws -> Bool { true }
        func record(_ frame: DrawContext, _ paint: LayerPaint) throws { throw Failure() }
        func release(after serial: UInt64) {}
    }

    /// What a hook is told about each frame.
    final class CountingHook: FrameHook {
        private(set) var finished: [Bool] = []
        func finished(recorded: Bool, window: AppWindow) { finished.append(recorded) }
    }

    /// A frame that fails after its hooks prepared still tells them it was given up (a
    /// screenshot's buffer goes back instead of being dropped); the next frame goes on.
    @Test func aFrameThatFailsTellsItsHooks() throws {
        let window = try window(.particles, services: WindowServices(logger: Self.logger))
        let hook = CountingHook()
        window.hooks.append(hook)
        let failing = FailingLayer()
        window.add(failing)
        let failed = FramePass(host: host)
        #expect(throws: FailingLayer.Failure.self) { try window.paint(into: failed, at: .now) }
        _ = try failed.submitAndPresent()
        #expect(hook.finished == [false])
        window.remove(failing, after: host.lastSubmittedSerial)
        _ = try paint(window)
        #expect(hook.finished == [false, true])
        try finish(window)
        #expect(host.validationMessageCount == 0)
        #expect(host.memory.droppedAllocations == 0)
    }

    @Test func theKeyTableDrivesTheApplication() throws {
        var options = AppOptions()
        options.headless = true
        options.windowCount = 1
        options.size = Extent(width: 160, height: 120)
        options.scene = .one(.particles)
        let app = try Application(options: options, logger: Self.logger)
        defer { app.shutDown() }
        try app.windows.spawnInitialWindows()
        func key(_ keysym: Int32) throws {
            let action = try #require(KeyTable.action(for: xkb_keysym_t(keysym)))
            try app.perform(action, on: app.windows.windows.first)
        }
        try key(XKB_KEY_n)
        #expect(app.windows.windows.map(\.scene.kind) == [.particles, .particles])
        try key(XKB_KEY_N)
        #expect(app.windows.windows.last?.scene.kind == .post, "the next scene of the mix")
        try key(XKB_KEY_3)
        #expect(app.windows.windows.first?.scene.kind == .post)
        #expect(app.windows.windows.first?.title.hasSuffix("post") == true)
        try key(XKB_KEY_space)
        #expect(app.windows.windows.first?.paused == true)
        try key(XKB_KEY_h)
        #expect(app.windows.windows.first?.helpVisible == true)
        try key(XKB_KEY_o)
        #expect(!app.overlayVisible)
        try key(XKB_KEY_w)
        #expect(app.windows.windows.first?.closeRequested == true)
        app.windows.closeRequestedWindows()
        #expect(app.windows.windows.count == 2)
        // A key from a seat is queued in Wayland dispatch and performed by the loop.
        app.keyPressed(seat: 0, key: 49, keysym: xkb_keysym_t(XKB_KEY_n))
        #expect(app.windows.windows.count == 2)
        try app.performKeys()
        #expect(app.windows.windows.count == 3)
        try key(XKB_KEY_q)
        #expect(app.quitRequested)
        #expect(app.host.validationMessageCount == 0)
    }

    /// Every key the builder writes is one README documents, in the builder's order; building
    /// twice from the same moment gives the same line (no side effects).
    @Test func theStatsLineIsTheDocumentedContract() throws {
        let window = try window(.grid, services: WindowServices(logger: Self.logger))
        _ = try paint(window)
        let inputs = StatsInputs(time: 1.5, mode: "shared", threads: 2, host: host, windows: [window],
                                 scheduler: SchedulerCounters(), spawnLatency: LatencyHistogram(), passes: PassStatistics(),
                                 cpuPerWindowFrame: 12.5, cpuTotal: 0.25, elapsed: .seconds(1.5),
                                 presentStatistics: PresentStatistics(), overlay: [(window.id, ["a line"])],
                                 processBytes: 4096)
        let line = StatsLine.build(inputs)
        #expect(line == StatsLine.build(inputs))
        guard case .object(let members) = line else {
            Issue.record("a stats line is an object")
            return
        }
        let keys = members.map { $0.0 }
        #expect(keys == StatsLine.keys.filter { $0 != "gpu_ms" || host.passGPUTime != nil })
        let text = line.serialized
        #expect(text.contains("\"frames_presented\": {\"1\": 1}"), "\(text.prefix(300))")
        #expect(text.contains("\"threads\": 2"))
        #expect(text.contains("\"per_window_frame_us\": 12.5"))
        #expect(text.contains("\"overlay\": {\"1\": [\"a line\"]}"))
        #expect(text.contains("\"pss_bytes\": 4096"))
        let memory = try #require(members.first { $0.0 == "memory" }?.1)
        guard case .object(let memoryMembers) = memory else { return }
        #expect(memoryMembers.map { $0.0 } == ["shared_bytes", "window_bytes", "total_bytes", "device_allocations",
                                           "target_device_allocations", "swapchain_bytes_estimate", "device_bytes",
                                           "by_category", "heaps"])
        let readme = try String(contentsOf: URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("README.md"), encoding: .utf8)
        for key in StatsLine.keys {
            #expect(readme.contains("`\(key)`") || readme.contains("\"\(key)\""), "README documents \(key)")
        }
        try finish(window)
    }
}
