// swift-tools-version:5.9
// The agent demo in Swift: `make demo-swift` (see bindings/swift/README.md). It lives in
// examples/swift/agent-demo because a package named `swift` cannot depend on bindings/swift.
import PackageDescription

let package = Package(
    name: "AgentDemo",
    platforms: [.macOS(.v12)],
    dependencies: [.package(path: "../../../bindings/swift")],
    targets: [
        .executableTarget(name: "AgentDemo", dependencies: [.product(name: "FlexSDK", package: "swift")]),
    ]
)
