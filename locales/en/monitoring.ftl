# Usage & costs, Budgets, Alerts, Audit log, Conversations and the Admin Agent pages.
