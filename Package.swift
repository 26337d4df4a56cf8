// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Flotilla",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "flotilla", targets: ["flotilla"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.1.0"),
        .package(url: "https://github.com/apple/swift-system", from: "1.5.0"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.0"),
    ],
    targets: [
        // C at the edge: system libraries found through pkg-config, and the scanner's output.
        .systemLibrary(name: "CWayland", pkgConfig: "wayland-client",
                       providers: [.apt(["libwayland-dev"])]),
        .systemLibrary(name: "CVulkan", pkgConfig: "vulkan", providers: [.apt(["libvulkan-dev"])]),
        .systemLibrary(name: "CXKBCommon", pkgConfig: "xkbcommon",
                       providers: [.apt(["libxkbcommon-dev"])]),
        .systemLibrary(name: "CFreeType", pkgConfig: "freetype2",
                       providers: [.apt(["libfreetype-dev"])]),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CTurboJPEG", pkgConfig: "libturbojpeg", providers: [.apt(["libturbojpeg0-dev"])]),
        .target(name: "CWaylandProtocols", dependencies: ["CWayland"]),

        // Pure Swift: no C, testable anywhere.
        .target(name: "FlotillaCore", dependencies: [
            .product(name: "DequeModule", package: "swift-collections"),
            .product(name: "Histogram", package: "hdrhistogram-swift"),
            .product(name: "SystemPackage", package: "swift-system"),
        ]),
        .target(name: "FlotillaGPU", dependencies: [
            "FlotillaCore", "CVulkan", "CFreeType",
            .product(name: "BasicContainers", package: "swift-collections"),
            .product(name: "DequeModule", package: "swift-collections"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "SystemPackage", package: "swift-system"),
        ]),
        .target(name: "FlotillaWayland", dependencies: [
            "FlotillaCore", "CWayland", "CWaylandProtocols", "CXKBCommon",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "SystemPackage", package: "swift-system"),
        ]),
        .target(name: "FlotillaApp", dependencies: [
            "FlotillaCore", "FlotillaGPU", "FlotillaWayland", "CVulkan", "CXKBCommon", "CPNG", "CTurboJPEG",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "SystemPackage", package: "swift-system"),
        ]),
        // Private headless compositors (weston, sway) for the tests and the benchmarks.
        .target(name: "FlotillaCompositors"),
        // The benchmarks: they run flotilla as a child, in a private compositor or headless.
        .target(name: "FlotillaBench", dependencies: [
            "FlotillaApp", "FlotillaCore", "FlotillaGPU", "FlotillaCompositors",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "SystemPackage", package: "swift-system"),
            .product(name: "Subprocess", package: "swift-subprocess"),
        ]),
        .executableTarget(name: "flotilla", dependencies: [
            "FlotillaApp", "FlotillaBench", "FlotillaWayland",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "SystemPackage", package: "swift-system"),
        ]),

        // A minimal compositor offering fractional scaling, for the tests (C, as a compositor
        // is: libwayland-server's API is callbacks on C structs). Its protocol interface tables
        // are CWaylandProtocols'.
        .executableTarget(name: "flotilla-test-compositor", dependencies: ["CWaylandProtocols"],
                          path: "Tests/TestCompositor",
                          linkerSettings: [.linkedLibrary("wayland-server")]),
        .target(name: "FlotillaTestSupport", dependencies: ["CPNG", "CVulkan", "FlotillaCompositors", "FlotillaCore", "FlotillaGPU"],
                path: "Tests/FlotillaTestSupport"),
        .testTarget(name: "FlotillaCoreTests", dependencies: ["FlotillaCore"]),
        .testTarget(name: "FlotillaWaylandTests", dependencies: ["FlotillaWayland", "CXKBCommon"]),
        .testTarget(name: "FlotillaAppTests", dependencies: [
            "FlotillaApp", "FlotillaCore", "FlotillaGPU", "FlotillaTestSupport", "CTurboJPEG", "CXKBCommon", "CVulkan",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "SystemPackage", package: "swift-system"),
        ]),
        .testTarget(name: "FlotillaBenchTests", dependencies: ["FlotillaBench", "FlotillaTestSupport"]),
        .testTarget(name: "flotillaTests", dependencies: [
            "flotilla", "FlotillaCore",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "FlotillaGPUTests", dependencies: [
            "FlotillaGPU", "CVulkan", "FlotillaTestSupport",
            .product(name: "BasicContainers", package: "swift-collections"),
        ]),
        .testTarget(name: "FlotillaIntegrationTests", dependencies: [
            "flotilla", "flotilla-test-compositor", "FlotillaTestSupport",
        ]),
    ],
    swiftLanguageModes: [.v6]
)
