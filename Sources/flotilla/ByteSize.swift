import ArgumentParser
import FlotillaApp
import FlotillaCore
import FlotillaWayland
import Foundation
import Logging

/// A byte count: a whole number, or with K, M or G, with or without i and B (all binary: 64M,
/// 64MB and 64MiB are 64 MiB).
struct ByteSize: ExpressibleByArgument {
    let bytes: UInt64

    init?(argument: String) {
        guard let bytes = ByteCount.parse(argument) else { return nil }
        self.bytes = bytes
    }
}
