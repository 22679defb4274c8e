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
budgets-share-invalid = downgrade share: give a whole percentage, like 20

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
audit-action-billing-changed = Billing changed
audit-action-workspace-exported = Workspace data exported
audit-action-workspace-deleted = Workspace deleted
audit-action-account-deleted = Account deleted
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

## Admin Agent: the page

admin-agent-intro = The Admin Agent checks every bot (gateway, WhatsApp, configuration, the error rate of its model calls), restarts one that is unhealthy, restores its last good configuration when a change broke it, and tells you only when you must act.
admin-agent-no-bots = No bots yet. Add one on the Bots page and it is checked from then on.
admin-agent-col-uptime = Uptime
admin-agent-col-response = Response p50 / p95
admin-agent-col-failed = Failed calls
# A bot's health window: the last day, or the last 7 or 30 days.
admin-agent-window = { $days ->
    [1] 24 h
   *[other] { $days } d
}
admin-agent-ms = { $ms } ms
admin-agent-failed-of = { $failed } of { $calls } ({ $share })
admin-agent-no-calls = no calls
admin-agent-last-check = Last check
admin-agent-incident = Incident
admin-agent-incident-open = open
admin-agent-silenced-until = Silenced until
admin-agent-end-silence = End silence
admin-agent-silence-hour = Silence for an hour
admin-agent-incidents = Incidents
admin-agent-no-incidents = No incidents.
admin-agent-opened = opened { $when }
admin-agent-resolved = resolved { $when }
# One step of an incident's timeline: when, what kind of step, what happened, and who.
admin-agent-step = { $at } — { $kind }: { $detail } ({ $actor })
admin-agent-step-kind = { $kind ->
    [detected] detected
    [confirmed] confirmed
    [restart] restart
    [restart_refused] restart refused
    [restore] restore
    [restore_failed] restore failed
    [escalated] escalated
    [acknowledged] acknowledged
    [resolved] resolved
   *[other] { $kind }
}
admin-agent-log = Notification log
admin-agent-log-empty = Nothing sent yet.
admin-agent-col-channel = Channel
admin-agent-col-to = To
admin-agent-col-message = Message
admin-agent-col-status = Status
admin-agent-col-attempts = Attempts
admin-agent-channel-kind = { $kind ->
    [email] Email
    [webhook] Webhook
    [slack] Slack
    [whatsapp] WhatsApp
   *[other] { $kind }
}
admin-agent-delivery-status = { $status ->
    [sending] sending
    [sent] sent
    [retrying] retrying
    [failed] failed
   *[other] { $status }
}
admin-agent-channels = Channels
admin-agent-channels-help = With no email channel of its own, the workspace's owners and admins get email.
admin-agent-test-admins = Send a test email to owners and admins
admin-agent-no-channels = No channels of its own yet.
admin-agent-add-channel = Add channel
admin-agent-channel-added = Channel added
admin-agent-channel-removed = Channel removed
admin-agent-settings = Routing, quiet hours and voice
# $severity is the severity as messages label it (INFO, WARNING, ERROR, CRITICAL).
admin-agent-route = { $severity } goes to
# The kinds are what is typed in the fields above: keep them as they are.
admin-agent-kinds-help = Kinds: email, webhook, slack, whatsapp. The dashboard always shows every alert.
admin-agent-quiet-from = Quiet hours from
admin-agent-quiet-to = to
admin-agent-repeat = Repeat unresolved critical alerts every (minutes)
admin-agent-tone = Tone
admin-agent-tone-option = { $tone ->
    [formal] formal
    [casual] casual
    [technical] technical
   *[other] { $tone }
}
admin-agent-emoji = Emoji
admin-agent-greeting = Greeting
admin-agent-signature = Signature

## Admin Agent: the health history

health-history-title = Health history
health-history-csv = Download these checks as CSV ({ $from } to { $to })
health-history-empty = Every check of a bot is kept; once the Admin Agent has checked one, its history appears here.
health-history-period = Period
health-history-last = { $period ->
    [day] Last 24 hours
    [month] Last 30 days
   *[week] Last 7 days
}
health-history-all-bots = All bots
health-history-show = Show
# What a check found.
health-history-outcome = { $outcome ->
    [healthy] Healthy
    [unreachable] Unreachable
    [channel_down] WhatsApp disconnected
    [config_invalid] Configuration invalid
    [errors] Model calls failing
   *[other] Degraded (kind not recorded)
}
health-history-healthy = Healthy
health-history-degraded = Degraded
health-history-down = Down
health-history-p95 = Response time p95
# Units after a number on the charts' axes and tooltips.
health-history-unit-checks = checks
health-history-unit-alerts = alerts
health-history-checks-per = { $unit ->
    [hour] Checks per hour ({ $zone })
   *[day] Checks per day ({ $zone })
}
health-history-as-table = { $unit ->
    [hour] The checks per hour as a table
   *[day] The checks per day as a table
}
health-history-found-title = What the checks found
health-history-col-found = Found
health-history-col-checks = Checks
health-history-col-share = Share
health-history-alerts-title = Alerts by type
health-history-no-alerts = No alerts were raised in this period.
health-history-col-raised = Raised

## Charts

charts-no-data = No data
