import ArgumentParser
import FlotillaApp
import FlotillaCore
import FlotillaWayland
import Foundation
import Logging

/// A byte count: a whole number, or with K, M or G (binary: 64M is 64 MiB).
struct ByteSize: ExpressibleByArgument {
    let bytes: UInt64

    init?(argument: String) {
        guard let bytes = ByteCount.parse(argument) else { return nil }
        self.bytes = bytes
    }
}
