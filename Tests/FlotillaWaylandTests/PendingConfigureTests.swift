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
        #expect(!configure.tiled)
        // tiled_left..tiled_bottom (5...8, xdg-shell v2): a tiling layout owns the size.
        configure.read(states: [4, 6])
        #expect(configure.tiled && configure.activated)
    }

    @Test func windowManagerCapabilitiesAreWhatTheEventLists() {
        #expect(WindowManagerCapabilities() == WindowManagerCapabilities(values: [1, 2, 3, 4]), "all, until told")
        let some = WindowManagerCapabilities(values: [3, 1, 77])
        #expect(some.windowMenu && some.fullscreen && !some.maximize && !some.minimize)
        #expect(WindowManagerCapabilities(values: []) == {
            var none = WindowManagerCapabilities()
            none.windowMenu = false
            none.maximize = false
            none.fullscreen = false
            none.minimize = false
            return none
        }())
    }
}
