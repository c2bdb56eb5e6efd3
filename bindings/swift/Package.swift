// swift-tools-version:5.9
// The Swift package of the Flex SDK. The UniFFI bindings are generated, not committed:
// `make swift-bindings` writes Sources/FlexSDK/Generated/FlexSDK.swift and
// Sources/FlexSDKFFI/{FlexSDKFFI.h,module.modulemap} (see README.md).
import PackageDescription

/// The directory of libflex_sdk.so: $FLEX_SDK_LIB_DIR, else the workspace's target/<profile>
/// for $FLEX_BINDINGS_PROFILE (as in scripts/generate-bindings.sh; default dev = debug).
let profile = Context.environment["FLEX_BINDINGS_PROFILE"].map { $0 == "dev" ? "debug" : $0 } ?? "debug"
let repo = "/" + Context.packageDirectory.split(separator: "/").dropLast(2).joined(separator: "/")
let libDir = Context.environment["FLEX_SDK_LIB_DIR"] ?? "\(repo)/target/\(profile)"

let package = Package(
    name: "FlexSDK",
    platforms: [.macOS(.v12), .iOS(.v15)],
    products: [.library(name: "FlexSDK", targets: ["FlexSDK"])],
    targets: [
        // The generated C header and module map of the Rust library's FFI.
        .systemLibrary(name: "FlexSDKFFI"),
        .target(
            name: "FlexSDK",
            dependencies: ["FlexSDKFFI"],
            linkerSettings: [
                .linkedLibrary("flex_sdk"),
                .unsafeFlags(["-L", libDir, "-Xlinker", "-rpath", "-Xlinker", libDir]),
            ]
        ),
        .testTarget(name: "FlexSDKTests", dependencies: ["FlexSDK"]),
    ]
)
