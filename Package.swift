// swift-tools-version:6.0
// crm — a declarative rule-and-workflow language for customer processes.
// One target per pipeline stage; dependencies point one way:
//   CRMBase <- CRMSyntax <- CRMTools <- crm, crm-bench
// No third-party packages (a fixed project decision).
import PackageDescription

let package = Package(
    name: "crm",
    targets: [
        .target(name: "CRMBase"),
        .target(name: "CRMSyntax", dependencies: ["CRMBase"]),
        .target(name: "CRMTools", dependencies: ["CRMBase", "CRMSyntax"]),
        .executableTarget(name: "crm", dependencies: ["CRMTools"]),
        .executableTarget(name: "crm-bench", dependencies: ["CRMTools"]),
        .testTarget(name: "CRMBaseTests", dependencies: ["CRMBase"]),
        .testTarget(name: "CRMSyntaxTests", dependencies: ["CRMSyntax"]),
        .testTarget(name: "GoldenTests", dependencies: ["CRMTools"]),
    ],
    swiftLanguageModes: [.v6]
)
