// swift-tools-version:6.0
// crm — a declarative rule-and-workflow language for customer processes.
// One target per pipeline stage; dependencies point one way:
//   CRMBase <- CRMSyntax <- CRMSema <- CRMRuntime <- CRMTools <- crm, crm-bench
//   CRMBase <- CRMStore <- CRMRuntime (the interpreter runs over a Store)
// No third-party packages (a fixed project decision).
import PackageDescription

let package = Package(
    name: "crm",
    targets: [
        .target(name: "CRMBase"),
        .target(name: "CRMSyntax", dependencies: ["CRMBase"]),
        .target(name: "CRMSema", dependencies: ["CRMBase", "CRMSyntax"]),
        .target(name: "CRMStore", dependencies: ["CRMBase"]),
        .target(name: "CRMRuntime", dependencies: ["CRMBase", "CRMSyntax", "CRMSema", "CRMStore"]),
        .target(name: "CRMTools", dependencies: ["CRMBase", "CRMSyntax", "CRMSema", "CRMRuntime"]),
        .executableTarget(name: "crm", dependencies: ["CRMTools", "CRMStore"]),
        .executableTarget(name: "crm-bench", dependencies: ["CRMTools", "CRMRuntime", "CRMStore"]),
        .testTarget(name: "CRMBaseTests", dependencies: ["CRMBase"]),
        .testTarget(name: "CRMSyntaxTests", dependencies: ["CRMSyntax"], exclude: ["Fixtures"]),
        .testTarget(name: "CRMSemaTests", dependencies: ["CRMSema"]),
        .testTarget(name: "CRMStoreTests", dependencies: ["CRMStore"]),
        .testTarget(name: "CRMRuntimeTests", dependencies: ["CRMRuntime", "CRMStore"]),
        .testTarget(name: "GoldenTests", dependencies: ["CRMTools"], exclude: ["check", "render", "ir", "repl"]),
    ],
    swiftLanguageModes: [.v6]
)
