## Billing page

nav-billing = Billing
billing-title = Billing
billing-current = { $plan } plan
billing-per-month = { $price } a month
billing-free = Free
billing-off = Billing is not enabled on this server: the operator sets plans by hand.
billing-renews = Paid; renews on { $when }.
billing-ends = Paid until { $when }; the subscription ends then and the workspace moves to Starter.
billing-grace = A payment failed. The plan stays until { $when } while Stripe tries again; update the payment method in the billing portal.
billing-lapsed = The grace period ended on { $when }: the workspace is on Starter, with bots and groups above it paused (nothing was deleted). Paying again restores the plan at once.
billing-ended = The subscription ended; the workspace is on the free plan.
billing-no-subscription = No subscription: a failed payment keeps the plan for { $days } days before the workspace moves to Starter.
billing-manage = Manage payment and invoices
billing-manage-help = Opens Stripe's billing portal: cards, invoices, plan changes and cancellation.
billing-checkout-success = Payment received. Your plan changes as soon as Stripe confirms it, usually within seconds.
billing-checkout-cancelled = Checkout cancelled; nothing was charged.
billing-usage = Use this month
billing-groups-most = WhatsApp groups (busiest bot)
billing-plans = Plans
billing-your-plan = Your plan
billing-upgrade = Upgrade
billing-change-in-portal = Change in the billing portal
billing-not-on-sale = Not on sale yet
billing-owners-only = Owners can change the plan
billing-unlimited = unlimited
billing-models = Models: { $models }
billing-messages = { $count } messages a month
billing-groups = { $count } WhatsApp groups per bot
billing-bots = { $count } bots
billing-api = API access
billing-credit-models = { $models } paid from prepaid credits
billing-invoices = Invoices
billing-no-invoices = No invoices yet.
billing-invoice-number = Number
billing-invoice-date = Date
billing-invoice-amount = Amount
billing-invoice-status = Status
billing-invoice-view = View
billing-invoice-open = Open
billing-invoice-draft = Draft
billing-invoice-paid = Paid
billing-invoice-uncollectible = Uncollectible
billing-invoice-void = Void

## Billing page: prepaid credits

credits-title = Opus credits
credits-help = On this plan { $models } is paid from prepaid credits: each request holds its most possible cost until it ends, then pays its real cost. Without credits such requests are refused, or served by Sonnet when auto-downgrade is on (Budgets).
credits-balance = Left
credits-spent-month = Spent this month
credits-spent-all = Spent in all
credits-buy = Buy
credits-owners-only = Owners can buy credits
credits-history = Purchases
credits-none-yet = No credits bought yet.
credits-entry = Entry
credits-amount = Credits
credits-paid = Paid
credits-kind-purchase = Pack bought
credits-kind-grant = Granted by the operator
credits-checkout-success = Payment received. The credits appear as soon as Stripe confirms it, usually within seconds.

## Operator page: billing

operator-billing = Billing
operator-mrr = Monthly recurring revenue:
operator-plan = Plan
operator-subscriptions = Paid subscriptions
operator-monthly = A month
operator-failed-payments = Failed payments
operator-no-failed-payments = No failed payments.
operator-workspace = Workspace
operator-standing = State
operator-failing-since = Failing since
operator-standing-grace = In grace
operator-standing-lapsed = Moved to Starter
operator-plan-prices = Plan prices
operator-prices-help = Each paid plan's monthly price in reais and the Stripe Price it is sold at (price_…). A plan without a Stripe Price is not on sale.
operator-price-brl = R$ a month
operator-stripe-price = Stripe Price
operator-grace-days = Grace after a failed payment (days)
operator-plan-price-invalid = The price is not an amount: { $error }
operator-grace-invalid = Give the grace period as whole days, from 0 to 60.
operator-plan-by-hand = Set by hand: Stripe does not change it
operator-follow-stripe = Follow Stripe again
operator-credit-packs = Opus credit packs
operator-credit-sales = { $count } packs sold, { $brl } in all
operator-packs-help = Business workspaces pay Opus from prepaid credits. Each pack: its credit in US$, its price in R$ and a one-time Stripe Price (price_…).
operator-pack-credit = Credit (US$)
operator-pack-price = Price (R$)
operator-pack-add = Put on sale
operator-pack-remove = Take off sale
operator-pack-invalid = The { $field } is not an amount: { $error }

## Workspace data and accounts (LGPD)

privacy-title = Your workspace's data
privacy-export-help = Download everything this workspace holds — members, agents, keys (never their secrets), bots, persona files, knowledge, conversations, usage, alerts, incidents, the audit log and billing — as one JSON file.
privacy-export = Export all data (JSON)
privacy-delete-title = Delete this workspace
privacy-delete-help = Its subscription is cancelled, its bots are disconnected, its secrets are destroyed and its people's data is erased. Usage is kept only without names, for accounting. This cannot be undone.
privacy-type-name = Type the workspace's name
privacy-delete = Delete the workspace
privacy-account-title = Your account
privacy-account-help = Deleting your account signs you out everywhere and erases your address; workspaces you own alone are deleted with it. If you are the last owner of a workspace with other members, make one of them an owner first.
privacy-type-email = Type your address
privacy-account-delete = Delete my account
