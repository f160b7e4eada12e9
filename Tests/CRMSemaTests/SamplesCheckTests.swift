// The bundled models check clean: Samples/ and Playground/ have no errors or warnings.
import XCTest
import CRMBase
@testable import CRMSema

final class SamplesCheckTests: XCTestCase {
    func testSamplesAndPlaygroundCheckClean() {
        for dir in ["Samples", "Playground"] {
            let (m, set) = checkDirectory(dir)
            let text = HumanRenderer(color: false).render(m.diagnostics.sortedForOutput(in: set), sources: set)
            XCTAssertEqual(text, "", dir)
        }
    }
}
