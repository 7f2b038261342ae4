// swift-tools-version:6.0
// oopsy — Linux kernel crash logs in, diagnoses out. See DESIGN.md for the architecture.
import PackageDescription

let package = Package(
    name: "oopsy",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "oopsy", targets: ["OopsyCLI"]),
        // The fuzz target (issue 8): scripts/fuzz/run.sh builds it with libFuzzer; a plain build
        // gives a driver that replays inputs through the same entry point.
        .executable(name: "OopsyFuzz", targets: ["OopsyFuzz"]),
        .library(name: "Oopsy", targets: ["Oopsy"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // System libraries from Debian (libpcre2-dev, libcapstone-dev, libunicorn-dev).
        .systemLibrary(name: "CPCRE2", pkgConfig: "libpcre2-8", providers: [.apt(["libpcre2-dev"])]),
        .systemLibrary(name: "CCapstone", pkgConfig: "capstone", providers: [.apt(["libcapstone-dev"])]),
        .systemLibrary(name: "CUnicorn", pkgConfig: "unicorn", providers: [.apt(["libunicorn-dev"])]),
        // uc_hook_add is C-variadic, which Swift cannot call: a tiny C wrapper.
        .target(name: "CUnicornHooks", dependencies: ["CUnicorn"]),

        .target(name: "OopsCore"),
        .target(name: "OopsParser", dependencies: ["OopsCore", "CPCRE2"]),
        .target(name: "Arm64", dependencies: ["OopsCore", "CCapstone", "CUnicorn", "CUnicornHooks"]),
        .target(name: "KernelModel", dependencies: ["OopsCore"], resources: [.copy("Data")]),
        .target(name: "Diagnosis", dependencies: ["OopsCore", "KernelModel"]),
        .target(name: "Analysis", dependencies: ["OopsCore", "OopsParser", "Arm64", "Diagnosis"]),
        .target(name: "Triage", dependencies: ["Analysis", "Render", "OopsParser"]),
        .target(name: "Render", dependencies: ["OopsCore"]),
        .target(name: "Oopsy", dependencies: ["OopsCore", "OopsParser", "Arm64", "KernelModel", "Diagnosis", "Analysis", "Triage", "Render"]),
        .executableTarget(name: "OopsyCLI", dependencies: [
            "Oopsy",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // Stage timings for bench/stages.sh; not a product.
        .executableTarget(name: "OopsyBench", dependencies: ["Oopsy"]),
        .executableTarget(name: "OopsyFuzz", dependencies: ["Oopsy"]),

        .testTarget(name: "OopsCoreTests", dependencies: ["OopsCore"]),
        .testTarget(name: "OopsParserTests", dependencies: ["OopsParser", "Analysis"]),
        .testTarget(name: "Arm64Tests", dependencies: ["Arm64", "OopsParser", "Analysis"]),
        .testTarget(name: "KernelModelTests", dependencies: ["KernelModel", "Analysis"]),
        .testTarget(name: "DiagnosisTests", dependencies: ["Diagnosis", "Analysis"]),
        .testTarget(name: "TriageTests", dependencies: ["Triage"]),
        .testTarget(name: "RenderTests", dependencies: ["Render", "Analysis"]),
        .testTarget(name: "CorpusTests", dependencies: ["Oopsy"]),
        .testTarget(name: "CLITests", dependencies: ["OopsyCLI"]),
        .testTarget(name: "FuzzTests", dependencies: ["OopsyFuzz"], exclude: ["FuzzRegressions"]),
    ]
)
