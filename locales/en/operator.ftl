# The operator's pages and the plans.

## The provider pool

operator-only-title = Operators only
operator-only-text = The provider pool and prices are managed by the people who run this BaaS.
operator-back = Back to your workspace
operator-intro = Every tenant's model calls are served from these credentials: the best priority tier first (lower number), subscriptions before API keys within a tier, the most headroom first. Changes reach the gateway within 10 seconds.
operator-credentials = Credentials
operator-no-credentials = No credentials yet: add an Anthropic API key below.
operator-name = Name
operator-name-placeholder = workspace-a
operator-kind = Kind
operator-priority = Priority
operator-base-url = Base URL
operator-col-remaining = Left of its limit
operator-col-limits = Own limits (per minute)
operator-col-state = State
operator-kind-api-key = Anthropic API key
operator-kind-subscription = Claude subscription
operator-kind-subscription-token = Claude subscription (OAuth token)
operator-secret = Secret
operator-add-heading = Add a credential
operator-add = Add
operator-credential-added = Credential added
operator-subscription-risk = Anthropic's consumer terms (2026) forbid using Free/Pro/Max subscription tokens in third-party products; such calls are refused or billed as extra usage. Subscription credentials are therefore added disabled; enable one only if you accept that risk.
operator-subscription-risk-short = Anthropic's consumer terms forbid subscription tokens in third-party products: calls may be refused or billed as extra usage.
operator-requests = Requests
operator-tokens = Tokens
operator-save = Save
operator-enabled = Enabled
operator-disabled = Disabled
operator-enable = Enable
operator-disable = Disable
operator-reported = reported { $when }
operator-not-reported = not reported yet
operator-fallback-lead = Paid-key fallback this month:
operator-fallback-detail = { $requests ->
    [one] over { $requests } request
   *[other] over { $requests } requests
}: what API keys served since { $since } while subscriptions were in the pool.
operator-no-fallback = No subscriptions in the pool: API keys serve every request, so nothing is a fallback.

## Prices

operator-prices = Prices (USD per million tokens)
operator-model = Model
operator-set-price-heading = Set a price
operator-cache-read-placeholder = 0.1 × input
operator-cache-write-placeholder = 1.25 × input
operator-save-price = Save price

## What the pool's and prices' forms refuse

operator-priority-invalid = the priority must be a whole number (lower is tried first)
operator-limit-invalid = { $field } must be a positive whole number, or empty for none
operator-field-rpm = requests per minute
operator-field-tpm = tokens per minute
operator-price-invalid = { $field }: give USD per million tokens, like 3 or 0.30
operator-price-refused = { $field }: { $error }
operator-field-input = input
operator-field-output = output
operator-field-cache-read = cache read
operator-field-cache-write = cache write
operator-model-invalid = the model name must be 1 to 100 characters

## Plans

operator-plans = Plans
operator-plans-help = Empty numbers mean unlimited. Models are families: haiku, sonnet, opus. The gateway enforces models and messages; the dashboard enforces groups and bots.
operator-models = Models
operator-default-model = Default
operator-messages-month = Messages/month
operator-groups = Groups
operator-bots = Bots
operator-api-access = API access
operator-tenants = Tenants
operator-set-plan = Set plan
operator-cap-field = Spending cap (USD a month; empty for none)
operator-cap-none = none
operator-set-cap = Set cap
operator-pool-alerts = Pool alerts
operator-no-pool-alerts = No pool alerts.
operator-acknowledged = Acknowledged
operator-count-invalid = { $field }: give a whole number, or leave it empty for unlimited
operator-field-messages = messages per month
operator-field-groups = WhatsApp groups
operator-field-bots = bots
operator-cap-invalid = spending cap: { $error }

## The operators' own notification channels

operator-channels = Operators' notification channels
operator-channels-help = Alerts that belong to no workspace (the pool's remaining share, refused credentials, the paid-key fallback, dropped usage) go here. With no email channel of their own, the operators get email.
operator-test-email = Send a test email to the operators
operator-no-channels = No channels of their own yet.
operator-add-channel = Add channel
operator-channel-added = Channel added
operator-channel-removed = Channel removed
operator-channel-kind-invalid = kind: email, webhook or slack
money-brl-equivalent = ≈ { $brl } at { $rate } per US$ (the operator's rate of { $date }; charged in US$)

rate-title = Reais on the workspaces' pages
rate-help = Workspaces are charged in US$, as the provider charges. With a rate here, their pages also show the equivalent in reais, labelled with this rate and its date. Leave the field empty to stop showing reais.
rate-field = Reais per US$
rate-reads = = { $rate } per US$
rate-none = No rate: reais are not shown.
rate-current = Now: { $rate } per US$, set { $date } (UTC).
rate-unset = No rate set: workspaces see US$ only.
rate-save = Save rate
