# What the Admin Agent and the notification engine say: alerts, incident reports, health
# reports and the frame of every message. $tone is formal, casual or technical.

## The frame of a message

greeting = { $tone ->
    [formal] Hello,
    [technical] {""}
   *[casual] Hi!
}
signature-default = BaaS Admin Agent
dashboard-line = Dashboard: { $url }
dashboard-open = Open the dashboard
severity-label = { $severity ->
    [info] INFO
    [warning] WARNING
    [error] ERROR
    [resolved] RESOLVED
   *[critical] CRITICAL
}
batch-subject = { $count } alerts: { $parts }
batch-critical = { $count } critical
batch-resolved = { $count } resolved
batch-other = { $count } other
digest-line = { $count } × { $kind }
alert-kind = { $kind ->
    [budget] budget threshold
    [pool] provider pool
    [projection] budget projection
    [daily_limit] agent daily limit
    [downgrade] auto-downgrade
    [usage_records_dropped] usage records dropped
    [unpriced_model] unpriced model
    [paid_key_fallback] paid-key fallback
    [credential_refused] credential refused
    [subscription_refused] subscription refused
    [credential_exhausted] credential out of credit
    [bot_config_rolled_back] configuration rolled back
    [bot_unhealthy_after_change] bot unhealthy after a change
    [bot_unreachable] bot unreachable
    [channel_down] WhatsApp disconnected
    [config_invalid] invalid configuration
    [bot_errors] failing model calls
    [bot_recovered] bot recovered
    [no_traffic] no traffic
    [billing] billing
    [test] test
   *[other] { $kind }
}

## Alerts raised by budgets, the gateway and the pool

alert-budget = { $percent }% of this month's budget is spent: { $spent } of { $budget }
alert-pool = the provider pool has { $percent }% or less of its credit left
alert-credits-low = { $percent }% or less of this workspace's Opus credits is left ({ $left }); an owner can buy more on the Billing page
alert-credits-empty = this workspace's Opus credits cannot pay for its requests any more ({ $left } left): Opus requests are refused, or served by Sonnet where auto-downgrade is on, until an owner buys more on the Billing page
alert-projection = at this pace you cross your { $budget } budget on { $day } (projected month end { $projected })
alert-daily-limit = { $agent } reached its daily limit of { $limit }; paused until { $until }
alert-downgrade-engaged = auto-downgrade engaged: { $left } of { $budget } left is under { $share }%; Opus requests are served by the mapped model
alert-downgrade-released = auto-downgrade released: { $left } of { $budget } left
alert-usage-dropped = { $count } usage records were dropped (queue full or disk backlog too large)
alert-unpriced-model = model { $model } has no price; charged at the highest known price until one is set
alert-paid-key-fallback = every subscription is exhausted or failing; serving from { $credential }
alert-payment-failed = a payment for the { $plan } plan failed; the plan stays { $days ->
    [one] one more day
   *[other] { $days } more days
} while Stripe tries again: update the payment method on the Billing page
alert-plan-lapsed = the grace period after a failed payment ended: the workspace is on { $plan } now, with bots and groups above it paused (nothing deleted) until a payment goes through
alert-credential-refused = { $credential } was refused by the provider (HTTP { $status })
alert-subscription-refused = { $credential } was refused as third-party use of a subscription; set aside for an hour
alert-credential-exhausted = { $credential } was refused by the provider for billing (HTTP { $status }: no credit left?); set aside for an hour

## A change made through BaaS that the bot did not survive

config-unhealthy = bot { $bot } did not come back healthy within { $seconds } s after configuration version { $version }
alert-config-rolled-back = { $what }; version { $previous } was restored automatically (now version { $now })
alert-config-restore-failed = { $what }; restoring version { $previous } failed: { $error }
alert-config-unreachable = { $what } and cannot be reached to roll it back
alert-config-unreachable-restore = { $what } and cannot be reached to roll it back; restore version { $previous } from its page once it is back

## What a health probe found

probe-healthy = healthy
probe-not-connected = the gateway is not connected
probe-connection = { $error }
probe-health-failed = the gateway did not answer its health check: { $error }
probe-channel-down = WhatsApp (account { $account }) is linked but not connected
probe-channel-down-error = WhatsApp (account { $account }) is linked but not connected: { $error }
probe-config-invalid = the gateway reports its config invalid
probe-config-invalid-issues = the gateway reports its config invalid ({ $issues })
probe-errors = { $failed } of its agents' last { $calls } model calls failed

## Incidents

alert-bot-unreachable = Bot { $bot } cannot be reached
    .detail = { $reason }. { $tried }
alert-channel-down = Bot { $bot }: WhatsApp is disconnected
    .detail = { $reason }. { $tried }
alert-config-invalid = Bot { $bot }: its configuration is invalid
    .detail = { $reason }. { $tried }
alert-bot-errors = Bot { $bot }: most of its model calls fail
    .detail = { $reason }. { $tried }
escalation-nothing-tried = { $tone ->
    [technical] No automatic action possible while unreachable; check the host.
   *[other] Nothing can be done automatically while it cannot be reached; please check the machine it runs on.
}
escalation-tried = { $tone ->
    [technical] Tried: { $actions }. Manual intervention required.
   *[other] Tried: { $actions }. Please take a look.
}
escalation-restarts = { $count ->
    [one] restarted it once
   *[other] restarted it { $count } times
}
escalation-restored = restored configuration version { $version }
escalation-restarts-refused = { $count ->
    [one] the gateway refused a restart
   *[other] the gateway refused { $count } restarts
}
escalation-restore-failed = could not restore configuration version { $version }
escalation-and = { $first } and { $second }
alert-still-unresolved = Still unresolved after { $minutes } minutes: bot { $bot }
    .detail = { $reason }
alert-bot-recovered = Bot { $bot } is healthy again
    .detail = { $minutes ->
        [one] Incident { $incident } resolved after { $minutes } minute.
       *[other] Incident { $incident } resolved after { $minutes } minutes.
    }
alert-no-traffic = Bot { $bot } has had no traffic for { $hours } hours
    .detail = Its agents made no model calls through BaaS since { $since }, though they usually do. Check that its WhatsApp is linked and people can reach it.
alert-test = Test notification for "{ $channel }"
    .detail = { $who } asked for this test; if it arrived, the channel works.

## Health reports

report-daily-subject = Daily health report — { $workspace } — { $day }
report-weekly-subject = Weekly health report — { $workspace } — week of { $day }
report-bot = { $incidents ->
    [one] { $bot }: uptime { $uptime }, { $incidents } incident
   *[other] { $bot }: uptime { $uptime }, { $incidents } incidents
}
report-no-checks = no checks
report-no-bots = No bots yet.
report-spend-day = Yesterday's spend: { $spend }
report-spend-week = This week's spend: { $spend } (the week before: { $before })
report-month-budget = Month to date: { $spent } of a { $budget } budget; projected for the month: { $projected }{ $over ->
    [yes] {" "}— over budget
   *[no] {""}
}
report-month-no-budget = Month to date: { $spent }; projected for the month: { $projected } (no budget set)
