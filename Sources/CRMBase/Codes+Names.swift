// Diagnostic codes of name resolution (E03xx), sorted by id.

extension DiagnosticCode {
    static let nameCodes: [DiagnosticCode] = [
        duplicateDeclaration, unknownType, duplicateMember, unknownField, unknownEntity,
        unknownName, unknownEnumMember, ambiguousName, unknownTemplate, unknownTable,
        unknownStage, unknownRole, unknownFunction, unknownApproval, unknownTeam, unknownPool,
        unknownBinding,
    ]

    public static let duplicateDeclaration = DiagnosticCode("E0301", "duplicate-declaration", .error,
        summary: "two top-level declarations share a name",
        explanation: """
        Entities, enums, rules, tables, scores, approvals, templates, teams, pools, roles,
        segments and reports share one namespace across all files of a model, and test
        names must be unique. The second declaration is reported, pointing at the first.

        Wrong:   entity Lead { name: text }
                 rule Lead on Lead created do tag "x"
        Right:   rule tag_new_lead on Lead created do tag "x"
        """)

    public static let unknownType = DiagnosticCode("E0302", "unknown-type", .error,
        summary: "a field type names nothing",
        explanation: """
        A field's type is a built-in type (text, int, decimal, money(CNY), bool, date,
        datetime, time, duration, email, phone, url, rating(N), autonumber("…"), team), an
        enum of the model, `ref Entity`, `many Entity via field`, `set<T>` or `list<T>`.

        Wrong:   source: Channel required
        Right:   source: 渠道 required
        """)

    public static let duplicateMember = DiagnosticCode("E0303", "duplicate-member", .error,
        summary: "a field, enum member, stage or column is declared twice",
        explanation: """
        Within one entity field names are unique (a lifecycle's name is a field too);
        within one enum members are unique; within one lifecycle stages are unique.

        Wrong:   enum 渠道 { 淘宝, 抖音广告, 淘宝 }
        Right:   enum 渠道 { 淘宝, 抖音广告 }
        """)

    public static let unknownField = DiagnosticCode("E0304", "unknown-field", .error,
        summary: "a field that the entity does not have",
        explanation: """
        A field was named (in `set`, `create`, a trigger, `enter … requires`, a permission,
        a member access) that is not declared on the entity. The message suggests the
        closest existing field.

        Wrong:   rule r on Lead.stage changed do tag "x"     # Lead has `status`
        Right:   rule r on Lead.status changed do tag "x"
        """)

    public static let unknownEntity = DiagnosticCode("E0305", "unknown-entity", .error,
        summary: "an entity name that is not declared",
        explanation: """
        Rules, references, templates, approvals, pools, segments, reports and tests name
        entities; each must be declared by `entity Name { … }` in some file of the model.

        Wrong:   rule r on Leads created do tag "x"
        Right:   rule r on Lead created do tag "x"
        """)

    public static let unknownName = DiagnosticCode("E0306", "unknown-name", .error,
        summary: "a name in an expression resolves to nothing",
        explanation: """
        A bare name in an expression is looked up as: a record of the test, a field of the
        entity in scope, a member of the enum (or stage of the lifecycle) the context
        expects, an entity (all its records), a team, or a member of exactly one enum.

        Wrong:   where scroe > 80
        Right:   where score > 80
        """)

    public static let unknownEnumMember = DiagnosticCode("E0307", "unknown-enum-member", .error,
        summary: "an enum has no such member",
        explanation: """
        A value compared with or assigned to an enum field must be one of its members.

        Wrong:   where source == 天猫      # 渠道 has 淘宝, not 天猫
        Right:   where source == 淘宝
        """)

    public static let ambiguousName = DiagnosticCode("E0308", "ambiguous-name", .error,
        summary: "a bare name is a member of several enums and the context does not decide",
        explanation: """
        When two enums share a member name and nothing in the expression says which enum
        is meant, qualify the member with its enum.

        Wrong:   segment s of Lead where 其他 in [其他]
        Right:   segment s of Lead where region == 地域.其他
        """)

    public static let unknownTemplate = DiagnosticCode("E0309", "unknown-template", .error,
        summary: "a notification names a template that is not declared",
        explanation: """
        `notify CHANNEL to WHO template NAME` needs `template NAME for Entity { … }`.

        Wrong:   notify email to email template welcom
        Right:   notify email to email template welcome
        """)

    public static let unknownTable = DiagnosticCode("E0310", "unknown-table", .error,
        summary: "`assign … by table` names a table that is not declared",
        explanation: """
        Wrong:   assign owner by table 线索分配表
        Right:   assign owner by table 线索分配
        """)

    public static let unknownStage = DiagnosticCode("E0311", "unknown-stage", .error,
        summary: "a stage that the lifecycle does not have",
        explanation: """
        Transitions, `enter … requires`, `move to`, `enters` triggers, test steps and
        stage comparisons must name stages declared with `stages` in the lifecycle.

        Wrong:   do move to 已成交
        Right:   do move to 已转化
        """)

    public static let unknownRole = DiagnosticCode("E0312", "unknown-role", .error,
        summary: "a role that is not declared",
        explanation: """
        Approval steps, escalations and `extends` name roles declared with `role`.

        Wrong:   step 财务 by 财务部
        Right:   step 财务 by 财务
        """)

    public static let unknownFunction = DiagnosticCode("E0313", "unknown-function", .error,
        summary: "a call to a function that does not exist",
        explanation: """
        The built-in functions are listed in the README (now, today, days_between, lower,
        upper, contains, matches, length, round, abs, decimal, count, sum, avg, min, max,
        round_robin, least_loaded).

        Wrong:   where lowercase(name) == "x"
        Right:   where lower(name) == "x"
        """)

    public static let unknownApproval = DiagnosticCode("E0314", "unknown-approval", .error,
        summary: "an approval flow that is not declared",
        explanation: """
        Wrong:   do start approval 合同审核
        Right:   do start approval 合同审批
        """)

    public static let unknownTeam = DiagnosticCode("E0315", "unknown-team", .error,
        summary: "a team that is not declared",
        explanation: """
        Wrong:   assign owner by round_robin(销售4组)
        Right:   assign owner by round_robin(销售一组)
        """)

    public static let unknownPool = DiagnosticCode("E0316", "unknown-pool", .error,
        summary: "a public pool that is not declared",
        explanation: """
        Wrong:   assign owner to pool 公海
        Right:   assign owner to pool 公海池
        """)

    public static let unknownBinding = DiagnosticCode("E0317", "unknown-binding", .error,
        summary: "a test step names a record the test did not create",
        explanation: """
        Inside a test, `update l`, `move l`, `delete l` and `l.field` refer to a record
        created earlier in the same test with `given Entity l { … }`.

        Wrong:   given Lead l { name: "张三" }
                 move lead to 已联系
        Right:   move l to 已联系
        """)
}
