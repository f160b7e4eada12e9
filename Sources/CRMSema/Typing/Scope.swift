// Scope: what a bare name may mean where an expression is checked.
import CRMBase
import CRMSyntax

/// The names visible to an expression. Scopes are small values, copied when narrowed.
public struct Scope {
    /// The entity whose fields are in scope (a rule's entity, an entity's own formulas).
    public var entity: EntitySymbol?
    /// Named records and values: test bindings (`l` → ref Lead), template variables.
    public var locals: [String: CRMType] = [:]
    /// Paths proven non-empty by a `!= null` test on the way here ("email", "owner.email").
    public var narrowed: Set<String> = []
    /// In a report, aggregates without a collection range over this entity's records.
    public var aggregateEntity: EntitySymbol?
    /// Names that are allowed to be unknown and are collected instead (template variables).
    public var openNames: Bool = false

    public init(entity: EntitySymbol? = nil) { self.entity = entity }

    /// A copy in which `paths` are known to be present.
    func narrowing(_ paths: Set<String>) -> Scope {
        guard !paths.isEmpty else { return self }
        var s = self
        s.narrowed.formUnion(paths)
        return s
    }
}

extension Expr {
    /// The dotted path of a name or member chain (`owner.email`), used for narrowing.
    var path: String? {
        switch kind {
        case .name(let n): return n
        case .member(let base, let name): return base.path.map { $0 + "." + name.text }
        case .paren(let inner): return inner.path
        default: return nil
        }
    }
}
