import FlotillaCore

/// An offscreen job's pixels: B8G8R8A8, tightly packed.
struct OffscreenImage: Sendable {
    let extent: Extent
    let bgra: [UInt8]
}
