import CVulkan
import FlotillaCore

/// The copies a frame asks for, gathered while it is prepared (on the loop thread).
public final class FrameEpilogue {
    public private(set) var copies: [FrameCopy] = []

    public func add(_ copy: FrameCopy) { copies.append(copy) }
}
