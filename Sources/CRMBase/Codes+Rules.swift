// Diagnostic codes of rules, actions, approvals, roles, reports and tests (E06xx/W06xx), sorted by id.

extension DiagnosticCode {
    static let ruleCodes: [DiagnosticCode] = [
        stageChangeNotAllowed, timeAnchorNotDate, yearlyNeedsDate, unknownChannel, entityMismatch,
        missingTemplateVariable, inactivityEntityUnrelated, invalidSchedule, stageSetDirectly,
        invalidPermission, cyclicRole, measureNotAggregate, invalidReportItem, unknownSetting,
        invalidSetting, unusedTemplateValue,
    ]

    public static let stageChangeNotAllowed = DiagnosticCode("E0601", "stage-change-not-allowed", .error,
        summary: "a stage change that no transition of the lifecycle allows",
        explanation: """
        A lifecycle field only changes along its transitions. A trigger waiting for a change
        from one stage to another that no transition (and no `any -> Y`) allows can never
        fire; a `move to` from a stage the record is known to be in (the stage the trigger
        enters, or the target of an earlier `move`) that no transition allows always fails
        at run time and rolls the event back.

        Wrong:   rule r on Lead.status changed from 未联系 to 已转化 do tag "x"
                 # the lifecycle has 未联系 -> 已联系 -> 高意向 -> 已转化 only
        Right:   rule r on Lead.status changed from 高意向 to 已转化 do tag "x"

        Wrong:   rule r on Lead enters 高意向 do move to 未联系
        Right:   rule r on Lead enters 高意向 do move to 已转化
        """)

    public static let timeAnchorNotDate = DiagnosticCode("E0602", "time-anchor-not-date", .error,
        summary: "an `at Entity.field` trigger hangs on a field that is not a date or datetime",
        explanation: """
        A time trigger fires at a moment computed from a date or datetime field of the
        record (optionally moved by a duration). The field may be optional: records where
        it is empty never fire.

        Wrong:   rule r at Lead.score + 7 days do tag "x"
        Right:   rule r at Lead.created_at + 7 days do tag "x"
        """)

    public static let yearlyNeedsDate = DiagnosticCode("E0603", "yearly-needs-date", .error,
        summary: "`yearly` on a trigger whose field is not a date",
        explanation: """
        `yearly` repeats a time trigger on the same calendar day every year (birthdays,
        contract anniversaries). It needs a `date` field; a `datetime` is a single instant.

        Wrong:   rule r at Customer.created_at yearly do tag "周年"
        Right:   rule r at Customer.birthday - 1 day yearly do tag "生日"
        """)

    public static let unknownChannel = DiagnosticCode("E0604", "unknown-channel", .error,
        summary: "a notification channel that does not exist",
        explanation: """
        `notify` sends through `email`, `sms`, `dingtalk` or `wecom`. In a test,
        `expect outbox has` also accepts `webhook`.

        Wrong:   notify wechat to owner template 高意向提醒
        Right:   notify wecom to owner template 高意向提醒
        """)

    public static let entityMismatch = DiagnosticCode("E0605", "entity-mismatch", .error,
        summary: "a template, pool or approval flow of another entity",
        explanation: """
        Templates, public pools and approval flows each belong to one entity (`for Entity`).
        A rule or approval can only use those of the entity it works on: a template's
        `{fields}`, a pool's records and an approval's steps are that entity's. A test's
        `approve`/`reject` step needs a record of an entity some approval flow is for.

        Wrong:   rule r on Customer created do notify email to email template welcome
                 # template welcome "…" for Lead
        Right:   rule r on Lead created do notify email to email template welcome
        """)

    public static let missingTemplateVariable = DiagnosticCode("E0606", "missing-template-variable", .error,
        summary: "a template uses a name that is neither a field nor supplied by `with`",
        explanation: """
        A template's `{name}` interpolations are fields of its entity, or values that every
        `notify … template T` passes with `with { name: … }`. A notify that leaves one out
        would send a message with a hole in it.

        Wrong:   notify sms to phone template 沉睡唤醒        # the template uses {coupon}
        Right:   notify sms to phone template 沉睡唤醒 with { coupon: "满200减30" }
        """)

    public static let inactivityEntityUnrelated = DiagnosticCode("E0607", "inactivity-entity-unrelated", .error,
        summary: "`inactive for … without X` where X does not refer to the entity",
        explanation: """
        `on E inactive for 3 days without X` fires when no `X` record referring to the `E`
        record was created for that long, so `X` needs a field of type `ref E` (or `ref E?`).

        Wrong:   rule r on Lead inactive for 3 days without Order do tag "x"
                 # Order has no `ref Lead` field
        Right:   rule r on Lead inactive for 3 days without FollowUp do tag "x"
        """)

    public static let invalidSchedule = DiagnosticCode("E0608", "invalid-schedule", .error,
        summary: "an `every` schedule names a day that does not exist",
        explanation: """
        `every week on D` needs a weekday (星期一 … 星期日, or monday … sunday);
        `every month on N` needs a day of the month from 1 to 31.

        Wrong:   every week on 周一 at 09:30 for Lead
                 every month on 32 for Customer
        Right:   every week on 星期一 at 09:30 for Lead
                 every month on 1 for Customer
        """)

    public static let stageSetDirectly = DiagnosticCode("E0609", "stage-set-directly", .error,
        summary: "`set` on a lifecycle field instead of `move to`",
        explanation: """
        A lifecycle field changes only by moving along a transition, so that guards and
        `enter … requires` apply. `set` would bypass them; use `move to`.

        Wrong:   do set status = 已联系
        Right:   do move to 已联系
        """)

    public static let invalidPermission = DiagnosticCode("E0610", "invalid-permission", .error,
        summary: "a permission with an unknown access, or an access that does not apply to fields",
        explanation: """
        Accesses are `read`, `write`, `create`, `delete` and `approve`. `read` and `write`
        apply to an entity, a field (`Customer.phone`) or all fields (`Lead.*`); `create`,
        `delete` and `approve` apply to whole records only.

        Wrong:   allow edit Lead.*
                 allow delete Lead.phone
        Right:   allow write Lead.*
                 allow delete Lead
        """)

    public static let cyclicRole = DiagnosticCode("E0611", "cyclic-role", .error,
        summary: "roles that extend each other in a circle",
        explanation: """
        `extends` inherits the permissions of another role; a chain of `extends` that
        comes back to where it started has no base to inherit from.

        Wrong:   role 销售 extends 销售经理 { … }
                 role 销售经理 extends 销售 { … }
        Right:   role 销售 { … }
                 role 销售经理 extends 销售 { … }
        """)

    public static let measureNotAggregate = DiagnosticCode("E0612", "measure-not-aggregate", .error,
        summary: "a report measure uses a field of each record outside an aggregate",
        explanation: """
        A measure is one number per group, so every field it mentions must sit inside an
        aggregate (`count`, `sum`, `avg`, `min`, `max`) that combines the group's records.

        Wrong:   measure 平均分 = score
        Right:   measure 平均分 = avg(score)
        """)

    public static let invalidReportItem = DiagnosticCode("E0613", "invalid-report-item", .error,
        summary: "a `funnel`, `trend` or `top` item that cannot be computed",
        explanation: """
        `funnel` names a lifecycle field of the report's entity; `trend` takes `day`,
        `week` or `month`; `top N` needs N of at least 1.

        Wrong:   funnel source            # an enum field, not a lifecycle
                 trend quarter on created_at
        Right:   funnel status
                 trend month on created_at
        """)

    public static let unknownSetting = DiagnosticCode("E0614", "unknown-setting", .error,
        summary: "a `settings` key that the language does not define",
        explanation: """
        The settings are `timezone` (an IANA name such as "Asia/Shanghai"), `currency` (a
        three-letter code such as CNY) and `week_start` (a weekday).

        Wrong:   settings { time_zone: "Asia/Shanghai" }
        Right:   settings { timezone: "Asia/Shanghai" }
        """)

    public static let invalidSetting = DiagnosticCode("E0615", "invalid-setting", .error,
        summary: "a setting with a value of the wrong form",
        explanation: """
        `timezone` is a string naming an IANA zone ("Area/City", or "UTC"); `currency` is a
        bare three-letter upper-case code; `week_start` is a weekday name.

        Wrong:   settings { timezone: "北京时间", currency: rmb, week_start: 周一 }
        Right:   settings { timezone: "Asia/Shanghai", currency: CNY, week_start: 星期一 }
        """)

    public static let unusedTemplateValue = DiagnosticCode("W0601", "unused-template-value", .warning,
        summary: "`notify … with { x: … }` passes a value the template never uses",
        explanation: """
        Values passed with `with` are only useful if the template interpolates them as
        `{x}`; an unused one is usually a misspelt name.

        Wrong:   notify sms to phone template 沉睡唤醒 with { cupon: "满200减30" }
        Right:   notify sms to phone template 沉睡唤醒 with { coupon: "满200减30" }
        """)
}
