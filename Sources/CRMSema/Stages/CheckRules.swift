// Stage checkRules. (Being written.)
import CRMBase
import CRMSyntax

extension Checker {
    static func checkRules(_ ctx: CheckContext) {}
}
