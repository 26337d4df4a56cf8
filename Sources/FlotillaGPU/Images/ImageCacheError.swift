import CVulkan
import Glibc
import Logging
import FlotillaCore

enum ImageCacheError: Error, CustomStringConvertible {
    case noDecoder

    var description: String { "no image decoder was set" }
}
