// Stage runLints. (Being written.)
import CRMBase
import CRMSyntax

extension Checker {
    static func runLints(_ ctx: CheckContext) {}
}
