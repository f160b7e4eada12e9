// Declaration nodes: one model file is a list of `Decl`. Each declaration kind has its
// own struct so later stages can switch on `Decl.Kind` and get typed fields.
import CRMBase

/// One parsed file: its declarations, its comments (for the formatter) and what the
/// lexer and parser reported.
public struct FileSyntax: Sendable {
    public var file: SourceFile
    public var decls: [Decl]
    public var comments: [Comment]
    public var diagnostics: [Diagnostic]
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

public struct Decl: Sendable, Equatable {
    public indirect enum Kind: Sendable, Equatable {
        case settings([FieldInit])
        case enumDecl(EnumDecl)
        case entity(EntityDecl)
        case rule(RuleDecl)
        case table(TableDecl)
        case score(ScoreDecl)
        case approval(ApprovalDecl)
        case template(TemplateDecl)
        case team(TeamDecl)
        case pool(PoolDecl)
        case role(RoleDecl)
        case segment(SegmentDecl)
        case report(ReportDecl)
        case test(TestDecl)
        case error
    }
    public var kind: Kind
    /// The text of the `##` doc comments just above the declaration, joined by newlines.
    public var doc: String?
    public var span: Span
}

/// The `name "title"` head shared by most declarations.
public struct Header: Sendable, Equatable {
    public var name: Name
    public var title: StringLit?
}

public struct EnumDecl: Sendable, Equatable {
    public struct Member: Sendable, Equatable { public var name: Name; public var title: StringLit? }
    public var header: Header
    public var members: [Member]
}

public struct EntityDecl: Sendable, Equatable {
    public var header: Header
    public var members: [EntityMember]
}

public struct EntityMember: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case field(FieldDecl)
        case lifecycle(LifecycleDecl)
        case validate(Expr, message: StringLit)
    }
    public var kind: Kind
    public var span: Span
}

public struct FieldDecl: Sendable, Equatable {
    public enum Option: Sendable, Equatable {
        case required, unique, readonly
        case title(StringLit)
        case defaultValue(Expr)
        case computed(Expr)
        case check(Expr, message: StringLit?)
    }
    public var name: Name
    public var type: TypeRef
    public var options: [Option]
}

public struct TypeRef: Sendable, Equatable {
    public enum Arg: Sendable, Equatable {
        case int(String), string(StringLit), name(Name)
    }
    public indirect enum Kind: Sendable, Equatable {
        case named(Name, args: [Arg])
        case ref(Name)
        case many(Name, via: Name)
        case set(TypeRef)
        case list(TypeRef)
        case error
    }
    public var kind: Kind
    public var optional: Bool
    public var span: Span
}

public struct LifecycleDecl: Sendable, Equatable {
    public struct Stage: Sendable, Equatable {
        public var name: Name
        public var title: StringLit?
        public var terminal: Bool
    }
    public enum Item: Sendable, Equatable {
        case stages([Stage])
        /// A chain `a -> b -> c`; `any` appears as a Name with text "any".
        case transition([Name], when: Expr?)
        case enter(Name, requires: [Name])
    }
    public var header: Header
    public var items: [Item]
    public var itemSpans: [Span]
}

public struct ApprovalDecl: Sendable, Equatable {
    public enum Mode: String, Sendable { case single, all, any }
    public struct Step: Sendable, Equatable {
        public var header: Header
        public var mode: Mode
        public var approvers: [Name]
        public var when: Expr?
        public var timeout: Expr?
        public var escalateTo: Name?
    }
    public enum Item: Sendable, Equatable {
        case when(Expr)
        case step(Step)
        case on(approved: Bool, ActionBlock)
    }
    public var header: Header
    public var entity: Name
    public var items: [Item]
    public var itemSpans: [Span]
}
