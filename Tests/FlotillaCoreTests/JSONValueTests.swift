import FlotillaCore
import Testing

@Suite struct JSONValueTests {
    @Test func objectsKeepTheirKeyOrder() {
        let value = JSONValue.object([("time_s", .number(1.0234, decimals: 2)), ("frame", .int(61)),
                                      ("mode", .string("shared")), ("ok", .bool(true)), ("none", .null),
                                      ("list", .array([.int(1), .int(2)]))])
        #expect(value.serialized == #"{"time_s": 1.02, "frame": 61, "mode": "shared", "ok": true, "none": null, "list": [1, 2]}"#)
    }

    @Test func numbersAreRoundedNotTruncated() {
        #expect(JSONValue.number(0.999, decimals: 2).serialized == "1.00")
        #expect(JSONValue.number(-2.5, decimals: 1).serialized == "-2.5")
        #expect(JSONValue.number(3, decimals: 0).serialized == "3")
        #expect(JSONValue.number(.nan, decimals: 2).serialized == "null")
    }

    @Test func stringsAreEscaped() {
        #expect(JSONValue.string("a\"b\\c\nd\u{1}").serialized == #""a\"b\\c\nd\u0001""#)
        #expect(JSONValue.string("Flotilla · 2").serialized == "\"Flotilla · 2\"")
    }
}
