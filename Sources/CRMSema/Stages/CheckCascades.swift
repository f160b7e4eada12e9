// Stage checkCascades. (Being written.)
import CRMBase
import CRMSyntax

extension Checker {
    static func checkCascades(_ ctx: CheckContext) {}
}
