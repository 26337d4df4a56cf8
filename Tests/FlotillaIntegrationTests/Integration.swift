import Testing

/// Every test that starts a compositor or runs the `flotilla` binary. One at a time: they share
/// two cores with lavapipe, and parallel runs would only measure contention.
@Suite(.serialized) enum Integration {}
