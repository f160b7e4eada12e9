// swift-tools-version:6.0
// crm — a declarative rule-and-workflow language for customer processes.
// One target per pipeline stage; dependencies point one way:
//   CRMBase <- CRMSyntax <- CRMSema <- CRMRuntime <- CRMTools <- crm, crm-bench
//   CRMBase <- CRMStore <- CRMRuntime (the interpreter runs over a Store)
// No third-party packages (a fixed project decision).
import PackageDescription

// CRMStore and CRMRuntime hold the hot state of a run in class properties: the records,
// the audit log, the interpreter's per-command state. Swift checks every access to such
// a property at run time for overlapping ("exclusive") access; on the lead-routing
// benchmark those checks were about 30% of all instructions. Release builds of the two
// modules skip the run-time checks; the compile-time ones stay, and debug builds — the
// ones `swift test` runs, so every test — keep the run-time checks too, so an
// overlapping access on any tested path still traps there.
let hotPathSettings: [SwiftSetting] = [
    .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
]

let package = Package(
    name: "crm",
    targets: [
        .target(name: "CRMBase"),
        .target(name: "CRMSyntax", dependencies: ["CRMBase"]),
        .target(name: "CRMSema", dependencies: ["CRMBase", "CRMSyntax"]),
        .target(name: "CRMStore", dependencies: ["CRMBase"], swiftSettings: hotPathSettings),
        .target(name: "CRMRuntime", dependencies: ["CRMBase", "CRMSyntax", "CRMSema", "CRMStore"],
                swiftSettings: hotPathSettings),
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
