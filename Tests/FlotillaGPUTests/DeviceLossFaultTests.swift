import FlotillaGPU
import Testing

/// FLOTILLA_FAULT=device-lost@...: what it parses to, and what it refuses.
@Suite struct DeviceLossFaultTests {
    @Test func framesSecondsAndRepeatParse() {
        #expect(DeviceLossFault(parsing: "frame=30") == DeviceLossFault(trigger: .afterSubmits(30), repeats: false))
        #expect(DeviceLossFault(parsing: "seconds=1.5") == DeviceLossFault(trigger: .afterSeconds(1.5), repeats: false))
        #expect(DeviceLossFault(parsing: "frame=0,repeat") == DeviceLossFault(trigger: .afterSubmits(0), repeats: true))
        #expect(DeviceLossFault(parsing: "frame=0,repeat")?.description == "device-lost@frame=0,repeat")
    }

    @Test func anythingElseIsRefused() {
        for text in ["", "frame=", "frame=-1", "seconds=inf", "seconds=nan", "seconds=-2", "seconds=2e20", "seconds=1e300", "fram=3", "frame=3,again"] {
            #expect(DeviceLossFault(parsing: Substring(text)) == nil, "\(text)")
        }
    }
}
