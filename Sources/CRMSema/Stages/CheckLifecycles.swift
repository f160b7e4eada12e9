// Stage checkLifecycles. (Being written.)
import CRMBase
import CRMSyntax

extension Checker {
    static func checkLifecycles(_ ctx: CheckContext) {}
}
