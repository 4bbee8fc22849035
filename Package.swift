// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "proctor",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "proctor", targets: ["proctor-cli"]),
        .library(name: "ProctorEngine", targets: ["ProctorEngine"]),
    ],
    // Exact versions: the build machines' package copies cannot use a committed Package.resolved.
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "3.12.3"),
        .package(url: "https://github.com/apple/swift-nio", exact: "2.101.3"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", exact: "2.8.1"),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", exact: "2.13.0"),
    ],
    targets: [
        .executableTarget(
            name: "proctor-cli",
            dependencies: [
                "ProctorCore", "ProctorEngine", "ProctorReports", "ProctorMedia", "ProctorPipeline", "ProctorBackends",
                "LocalVision", "Rekognition",
                "ProctorEvaluation",
                "ProctorServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(name: "ProctorCore"),
        .target(name: "ProctorEngine", dependencies: ["ProctorCore"]),
        .target(name: "ProctorBackends", dependencies: ["ProctorCore", "ProctorEngine", "LocalVision", "Rekognition"]),
        .target(name: "ProctorReports", dependencies: ["ProctorEngine"]),
        .target(
            name: "ProctorEvaluation",
            dependencies: [
                "ProctorCore", "ProctorEngine", "ProctorMedia", "ProctorPipeline", "ProctorBackends", "LocalVision",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .systemLibrary(
            name: "CFFmpeg",
            pkgConfig: "libavformat libavcodec libswscale libavutil",
            providers: [.apt(["libavformat-dev", "libavcodec-dev", "libswscale-dev", "libavutil-dev"])]
        ),
        .target(name: "ProctorFormats"),
        .target(name: "ProctorMedia", dependencies: ["CFFmpeg", "CVision", "ProctorCore", "ProctorFormats"]),
        .target(name: "ProctorPipeline", dependencies: ["ProctorCore", "ProctorEngine", "ProctorMedia"]),
        .target(
            name: "CVision",
            cxxSettings: [.unsafeFlags(["-I/usr/include/opencv4", "-O2"])],
            linkerSettings: [
                .linkedLibrary("opencv_core"), .linkedLibrary("opencv_imgproc"),
                .linkedLibrary("opencv_imgcodecs"), .linkedLibrary("opencv_dnn"),
                .linkedLibrary("dlib"), .linkedLibrary("blas"), .linkedLibrary("lapack"),
                .linkedLibrary("tesseract"), .linkedLibrary("lept"),
            ]
        ),
        .target(
            name: "LocalVision",
            dependencies: [
                "CVision", "ProctorCore", "ProctorMedia", .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "ProctorServer",
            dependencies: [
                "ProctorCore", "ProctorEngine", "ProctorMedia", "ProctorPipeline", "ProctorFormats",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("Resources")]
        ),
        .target(
            name: "Rekognition",
            dependencies: ["ProctorCore", "ProctorMedia", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(name: "ProctorTestSupport", path: "Tests/ProctorTestSupport"),
        .testTarget(name: "ProctorEngineTests", dependencies: ["ProctorEngine", "ProctorReports"]),
        .testTarget(name: "EvaluationTests", dependencies: ["ProctorEvaluation"]),
        .testTarget(name: "FormatTests", dependencies: ["ProctorFormats"]),
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "ProctorTestSupport", "ProctorEngine", "ProctorReports", "ProctorMedia", "ProctorPipeline",
                "LocalVision", "ProctorEvaluation",
            ],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "ProctorTestSupport", "ProctorServer", "ProctorEngine", "ProctorMedia",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "RekognitionTests",
            dependencies: ["ProctorTestSupport", "Rekognition", "ProctorEngine", "ProctorMedia", "ProctorPipeline"],
            exclude: ["Fixtures"]
        ),
    ],
    cxxLanguageStandard: .cxx17
)
