import FlotillaCore
import Testing

@Suite struct TitleBarTests {
    let size = Extent(width: 400, height: 300)

    @Test func theBarHasTheTitleAndTheCloseButtonAtItsRightEnd() {
        #expect(TitleBar.part(x: 200, y: 15, size: size, resizable: true) == .title)
        #expect(TitleBar.part(x: 385, y: 15, size: size, resizable: true) == .close)
        #expect(TitleBar.part(x: 369, y: 15, size: size, resizable: true) == .title)
        #expect(TitleBar.part(x: 370, y: 15, size: size, resizable: true) == .close)
        #expect(TitleBar.part(x: 200, y: 30, size: size, resizable: true) == .content)
        #expect(TitleBar.closeButton(width: 400) == (370, 0, 30, 30))
    }

    @Test func theOuterBandResizesWithTheProtocolsEdgeValues() {
        #expect(TitleBar.part(x: 200, y: 2, size: size, resizable: true) == .edge(.top))
        #expect(TitleBar.part(x: 200, y: 299, size: size, resizable: true) == .edge(.bottom))
        #expect(TitleBar.part(x: 0, y: 150, size: size, resizable: true) == .edge(.left))
        #expect(TitleBar.part(x: 398, y: 150, size: size, resizable: true) == .edge(.right))
        // Corners reach twice the grip along each side.
        #expect(TitleBar.part(x: 10, y: 297, size: size, resizable: true) == .edge([.bottom, .left]))
        #expect(TitleBar.part(x: 397, y: 10, size: size, resizable: true) == .edge([.top, .right]))
        // xdg_toplevel.resize_edge: bottom_right is 10, top_left 5.
        #expect(TitleBar.ResizeEdge([.bottom, .right]).rawValue == 10)
        #expect(TitleBar.ResizeEdge([.top, .left]).rawValue == 5)
    }

    @Test func aMaximizedWindowHasNoGrips() {
        #expect(TitleBar.part(x: 200, y: 2, size: size, resizable: false) == .title)
        #expect(TitleBar.part(x: 398, y: 2, size: size, resizable: false) == .close)
        #expect(TitleBar.part(x: 0, y: 150, size: size, resizable: false) == .content)
    }

    @Test func cursorsNameTheirEdge() {
        #expect(TitleBar.cursorName(for: .title) == "left_ptr")
        #expect(TitleBar.cursorName(for: .edge([.bottom, .right])) == "bottom_right_corner")
        #expect(TitleBar.cursorName(for: .edge(.left)) == "left_side")
        #expect(TitleBar.cursorName(for: .edge([.top, .left])) == "top_left_corner")
    }

    @Test func twoPressesCloseInTimeAndPlaceAreADoubleClick() {
        var clicks = DoubleClick()
        let presses = [(1000, 50.0, 10.0), (1300, 52, 11), (1400, 52, 11), (1900, 52, 11), (2000, 80, 11)]
            .map { clicks.press(time: UInt32($0.0), x: $0.1, y: $0.2) }
        // The second completes a double click; a third starts over; then one too late, one too far.
        #expect(presses == [false, true, false, false, false])
        // Across the millisecond counter's wrap.
        var wrapping = DoubleClick()
        let first = wrapping.press(time: UInt32.max - 100, x: 5, y: 5)
        let second = wrapping.press(time: 100, x: 5, y: 5)
        #expect(!first && second)
    }
}
