# Usage & costs, Budgets, Alerts, Audit log, Conversations and the Admin Agent pages.

## Budgets

budgets-spend-unreadable = This month's spend could not be read: { $error }
budgets-spent-no-budget = Spent { $spent } this month. No monthly budget is set.
budgets-spent-of = Spent { $spent } of { $budget } this month ({ $share })
budgets-plan = { $plan } plan
budgets-plan-details = Models: { $models }. Default model: { $default }. Messages per month: { $messages }. WhatsApp groups: { $groups }. Bots: { $bots }. API access: { $api }.
budgets-unlimited = unlimited
budgets-yes = yes
budgets-no = no
budgets-operator-changes = Your operator changes plans.
budgets-operator-cap = Spending cap set by your operator: { $cap } a month. Requests stop when the workspace reaches it, whatever the budget below says; only the operator can change it.
budgets-monthly = Monthly budget
budgets-downgrade-active = Auto-downgrade is engaged: Opus requests are being served by Sonnet until the budget has room again or next month starts.
budgets-timezone = Time zone (budget months and days follow it)
budgets-monthly-field = Monthly budget (USD; empty for none)
budgets-downgrade = Auto-downgrade Opus to Sonnet when the budget runs low
budgets-downgrade-share = …when less than this share of the budget is left (%)
budgets-save = Save
budgets-agents = Agents
budgets-agents-help = A daily limit pauses the agent for the rest of its day once reached; the gateway answers its calls with a clear error until midnight in the workspace's time zone, or until an admin unpauses it.
budgets-col-agent = Agent
budgets-col-today = Today
budgets-col-month = This month
budgets-col-limits = Limits
budgets-col-state = State
budgets-agent-monthly = Monthly
budgets-agent-daily = Daily
budgets-none = none
budgets-paused-until = Paused until { $until }
budgets-unpause = Unpause
budgets-active = Active
budgets-unpaused = Unpaused for the rest of the day

## Usage & costs

usage-empty = No model calls in this range
usage-empty-help = Widen the dates or clear the filters. If this workspace is new: create an agent and a virtual key under Agents & keys, then point the agent's Clawdbot provider at this server with that key (or provision a bot from Bots). To see a full dashboard on a fresh install, run
usage-scope-within = the whole workspace (within the agent and model chosen)
usage-scope-workspace = the whole workspace
usage-group-note = Only “Cost by channel and group” is filtered to { $name }. Model calls carry no group, so the tiles and the other charts are for { $scope }, not for this group alone.
usage-of-budget = of { $budget }
usage-crosses-on = At this pace you cross your budget on { $day }.
usage-within-budget = At this pace you stay within budget this month.
usage-per-day = { $amount }/day
usage-no-cap = no monthly cap
usage-of-quota = of { $quota } ({ $plan } plan)
usage-mtd = Month to date
usage-times-in = Times in { $zone }
usage-projection-7d = Month to date + { $avg } × days left (the 7-day average; 30-day average { $avg30 }).
usage-projection-today = Month to date + { $avg } × days left (today's pace: no complete day yet).
usage-budget-used = Budget used
usage-messages-month = Messages this month
usage-tiles-scope = All groups: model calls carry no group
usage-cost-range = Cost { $from } to { $to }
usage-export-csv = Export CSV
usage-export-json = Export JSON
usage-requests = Requests
usage-tokens = Tokens in and out
usage-tokens-cache = plus { $read } cache read, { $write } cache write
usage-filter-error = { $why }. Showing { $from } to { $to } instead: correct the dates and apply again.
usage-from = From
usage-to = To
usage-agent = Agent
usage-all-agents = All agents
usage-model = Model
usage-all-models = All models
usage-group = Group
usage-all-groups = All groups
usage-apply = Apply
usage-filter-help = The filter is part of the address: copy it to share this view. Group costs come from the bots' synced conversations; model calls themselves carry no group, so the group filter narrows the group chart only.
usage-show-table = Show as table
usage-col-day = Day
usage-col-total = Total
usage-col-hour = Hour
usage-col-cost = Cost
usage-col-group = Channel / group
usage-col-class = Class
usage-col-tokens = Tokens
usage-busiest = Busiest hour: { $hour }, { $cost } ({ $share } of the range's cost)
usage-no-hourly-cost = No cost in any hour of this range.
usage-class-input = Input
usage-class-output = Output
usage-class-cache-write = Cache write
usage-class-cache-read = Cache read
usage-filtered-to = Filtered to { $name }.
usage-daily-by-model = Daily cost by model
usage-by-agent = Cost by agent
usage-by-group = Cost by channel and group
usage-groups-empty = No synced conversations in this range yet: register a bot under Bots and sync it.
usage-by-hour = Cost by hour of day ({ $zone })
usage-by-class = Cost by token class
usage-by-model = Cost by model

## Alerts

alerts-help = Each threshold is raised once per period: budget 50, 80, 95 and 100% once a month, a daily limit once a day, a projected overspend once a month.
alerts-empty = No alerts. Set a monthly budget under Budgets to be warned before it runs out.
alerts-col-severity = Severity
alerts-col-when = When (UTC)
alerts-col-alert = Alert
alerts-severity = { $severity ->
    [info] info
    [warning] warning
    [critical] critical
   *[other] { $severity }
}
alerts-acknowledged-by = Acknowledged by { $by }
alerts-acknowledge = Acknowledge

## Audit log

audit-times = Times are UTC. Newest first.
audit-col-when = When
audit-col-who = Who
audit-col-area = Area
audit-col-what = What
audit-col-detail = Detail
audit-col-ip = IP
audit-newest = Newest
audit-older = Older
audit-retention = Retention
audit-retention-days = Entries older than { $days } days are deleted (checked every hour).
audit-retention-forever = Entries are kept forever.
audit-retention-field = Keep entries for (days, 30 to 3650; empty for forever)
audit-save = Save

# The areas (`AuditCategory`, by its Rust name) and actions (the stored action, `_` as `-`).
audit-area-SignIn = Sign-in
audit-area-Workspace = Workspace
audit-area-Team = Team
audit-area-AgentsAndKeys = Agents & keys
audit-area-Bots = Bots
audit-area-Budgets = Budgets
audit-area-AlertsAndIncidents = Alerts & incidents
audit-area-Notifications = Notifications
audit-area-ProviderPool = Provider pool
audit-area-Other = Other
audit-action-sign-in = Signed in
audit-action-sign-out = Signed out
audit-action-sign-in-failed = Failed sign-in
audit-action-tenant-created = Workspace created
audit-action-plan-changed = Plan changed
audit-action-audit-retention-changed = Audit retention changed
audit-action-invite-created = Invite created
audit-action-invite-accepted = Invite accepted
audit-action-invite-revoked = Invite revoked
audit-action-role-changed = Role changed
audit-action-member-removed = Member removed
audit-action-agent-created = Agent created
audit-action-agent-renamed = Agent renamed
audit-action-agent-deleted = Agent deleted
audit-action-key-created = Key created
audit-action-key-revoked = Key revoked
audit-action-bot-added = Bot added
audit-action-bot-removed = Bot removed
audit-action-bot-config-changed = Bot settings changed
audit-action-persona-changed = Persona changed
audit-action-knowledge-changed = Knowledge base changed
audit-action-bot-restarted = Bot restarted
audit-action-budget-changed = Budget changed
audit-action-agent-paused = Agent paused
audit-action-agent-unpaused = Agent unpaused
audit-action-downgrade-switched = Auto-downgrade switched
audit-action-alert-acknowledged = Alert acknowledged
audit-action-incident-opened = Incident opened
audit-action-incident-escalated = Incident escalated
audit-action-incident-resolved = Incident resolved
audit-action-incident-acknowledged = Incident acknowledged
audit-action-notify-changed = Notifications changed
audit-action-silence-changed = Silence changed
audit-action-pool-changed = Provider pool changed

## Admin Agent: the voice preview

voice-preview = Preview

## Admin Agent: what it records, said in each reader's language

# The steps of an incident's timeline.
incident-step-confirmed = { $count ->
    [one] { $count } failed check
   *[other] { $count } failed checks in a row
}
incident-step-restart = restart { $attempt } of { $max } requested ({ $status })
incident-step-restart-refused = restart { $attempt } of { $max } refused: { $error }
incident-step-restored = restored config version { $version } (the last the bot ran healthily on) as version { $now }
incident-step-restore-failed = could not restore config version { $version }: { $error }
incident-step-escalated = the owner was alerted (critical)
incident-step-resolved = healthy again
incident-step-acknowledged = acknowledged

# An incident's alert sent again while it stays unresolved.
alert-kind-repeated = { $kind } (repeated)

# The period in sentences, for those who do not see the charts. $period is day (24 hours), week
# (7 days) or month (30 days); $unit is hour or day; $at an hour (14:00) or a day (2026-12-03).
health-summary-no-checks = { $period ->
    [day] No checks in the last 24 hours.
    [month] No checks in the last 30 days.
   *[week] No checks in the last 7 days.
}
health-summary-checks = { $period ->
    [day] In the last 24 hours
    [month] In the last 30 days
   *[week] In the last 7 days
}: { $checks ->
    [one] { $checks } check
   *[other] { $checks } checks
}, { $healthy } healthy; { $down } could not reach the bot and { $degraded } found it degraded.
health-summary-worst = { $unit ->
    [hour] Most failures in one hour: { $failed } of { $checks } at { $at }.
   *[day] Most failures in one day: { $failed } of { $checks } at { $at }.
}
health-summary-slowest = { $unit ->
    [hour] Slowest hour (p95 response time): { $ms } ms at { $at }.
   *[day] Slowest day (p95 response time): { $ms } ms at { $at }.
}
health-summary-alerts = { $raised ->
    [one] { $raised } alert was raised, most often { $kind } ({ $count }).
   *[other] { $raised } alerts were raised, most often { $kind } ({ $count }).
}
health-summary-no-alerts = No alerts were raised.

# A notification's subject, as the notification log shows it in each reader's language.
notify-subject-one = [{ $label }] { $line }
notify-list = { $first }, { $rest }
notify-as-written = { $text }
notify-default-recipients = { $who ->
    [operators] operators
   *[workspace] workspace owners and admins
}

## Charts

charts-no-data = No data
