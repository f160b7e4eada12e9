// Stage checkTables. (Being written.)
import CRMBase
import CRMSyntax

extension Checker {
    static func checkTables(_ ctx: CheckContext) {}
}
