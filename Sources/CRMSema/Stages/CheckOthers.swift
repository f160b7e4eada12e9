// Stage checkOthers. (Being written.)
import CRMBase
import CRMSyntax

extension Checker {
    static func checkOthers(_ ctx: CheckContext) {}
}
