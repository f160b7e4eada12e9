// TEMPORARY (cascade helper): per-stage timings on the generated model. Runs only with
// CASCADE_PERF set; will be deleted.
import XCTest
import Foundation
import CRMBase
import CRMSyntax
import CRMSema
import CRMTools

final class ZZCascadePerfTmp: XCTestCase {
    func testStageTimings() {
        guard ProcessInfo.processInfo.environment["CASCADE_PERF"] != nil else { return }
        for size in [50_000, 100_000, 200_000] {
            let text = ModelGenerator.generate(lines: size)
            let set = SourceSet()
            let syntax = Parser.parse(set.add(path: "m.crm", text: text))
            var times: [(String, Double)] = []
            let t0 = Date()
            let m = Checker.check([syntax], timings: { times.append(($0, $1)) })
            var codes: [String: Int] = [:]
            for d in m.diagnostics { codes[d.code.id, default: 0] += 1 }
            print("SIZE \(size) total \(Date().timeIntervalSince(t0)) diags \(codes.sorted { $0.key < $1.key })")
            for (n, t) in times { print("  \(n): \(t)") }
        }
    }
}
