import FlotillaCore
import Testing

@Suite struct MemoryLedgerTests {
    @Test func chargesAndCreditsByOwnerAndCategory() {
        var ledger = MemoryLedger()
        ledger.charge(1000, to: .shared, as: .ring)
        ledger.charge(300, to: .window(WindowID(1)), as: .targets)
        ledger.charge(200, to: .window(WindowID(2)), as: .targets)
        ledger.charge(50, to: .window(WindowID(2)), as: .buffers)
        #expect(ledger.totalBytes == 1550)
        #expect(ledger.bytes(of: .shared) == 1000)
        #expect(ledger.bytes(of: .window(WindowID(2))) == 250)
        #expect(ledger.bytes(in: .targets) == 500)
        #expect(ledger.bytes(of: .window(WindowID(2)), in: .buffers) == 50)
        #expect(ledger.windows == [WindowID(1), WindowID(2)])

        ledger.credit(300, from: .window(WindowID(1)), as: .targets)
        #expect(ledger.bytes(of: .window(WindowID(1))) == 0)
        #expect(ledger.windows == [WindowID(2)])
        #expect(ledger.totalBytes == 1250)
    }

    @Test func zeroChargesLeaveNoTrace() {
        var ledger = MemoryLedger()
        ledger.charge(0, to: .window(WindowID(7)), as: .buffers)
        #expect(ledger.windows.isEmpty)
        #expect(ledger.totalBytes == 0)
    }
}
