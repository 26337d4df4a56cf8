@testable import FlotillaWayland
import Testing

@Suite struct PendingConfigureTests {
    @Test func statesAreReadByTheirProtocolValues() {
        var configure = PendingConfigure()
        configure.read(states: [4, 1])
        #expect(configure.activated && configure.maximized && !configure.fullscreen && !configure.resizing)
        // A later configure replaces the states; unknown values (a newer protocol's) are ignored.
        configure.read(states: [2, 3, 99])
        #expect(!configure.activated && !configure.maximized && configure.fullscreen && configure.resizing)
    }
}
