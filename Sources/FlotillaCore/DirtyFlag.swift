/// "Changed since last upload", de-duplicated per frame: any number
/// of changes in one frame cause one upload, and asking twice in the same frame uploads once.
public struct DirtyFlag: Sendable {
    private var changedAt: UInt64 = 1
    private var uploadedAt: UInt64 = 0
    private var lastFrameAsked: UInt64?

    public init() {}

    /// Something changed (during `frame`).
    public mutating func mark(frame: UInt64) {
        changedAt = max(changedAt, frame + 1)
    }

    /// Whether `frame` should upload: true once per frame at most, and only after a change.
    public mutating func takeUpload(frame: UInt64) -> Bool {
        guard lastFrameAsked != frame else { return false }
        lastFrameAsked = frame
        guard changedAt > uploadedAt else { return false }
        uploadedAt = changedAt
        return true
    }

    public var isDirty: Bool { changedAt > uploadedAt }
}
