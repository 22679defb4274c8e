//! A workspace's paid life as rules: from what Stripe says of its subscription now (and since
//! when its payments have been failing) to the plan it is on and where its payments stand.
//! Every webhook re-reads the subscription from Stripe before deciding, so events that arrive
//! twice or out of order leave the same final state.

use serde::{Deserialize, Serialize};

/// The free plan: where a workspace without a paid subscription is.
pub const FREE_PLAN: &str = "starter";

/// A subscription's status, as Stripe names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubscriptionStatus {
    Incomplete,
    IncompleteExpired,
    Trialing,
    Active,
    PastDue,
    Canceled,
    Unpaid,
    Paused,
}

impl SubscriptionStatus {
    /// Stripe's name for it (`past_due`).
    pub fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "incomplete" => Self::Incomplete,
            "incomplete_expired" => Self::IncompleteExpired,
            "trialing" => Self::Trialing,
            "active" => Self::Active,
            "past_due" => Self::PastDue,
            "canceled" => Self::Canceled,
            "unpaid" => Self::Unpaid,
            "paused" => Self::Paused,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Incomplete => "incomplete",
            Self::IncompleteExpired => "incomplete_expired",
            Self::Trialing => "trialing",
            Self::Active => "active",
            Self::PastDue => "past_due",
            Self::Canceled => "canceled",
            Self::Unpaid => "unpaid",
            Self::Paused => "paused",
        }
    }

    /// Stripe is still trying to collect a payment that failed.
    fn failing(self) -> bool {
        matches!(self, Self::PastDue | Self::Unpaid)
    }
}

/// What Stripe says of a workspace's subscription.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscription {
    pub status: SubscriptionStatus,
    /// The plan its price is mapped to; `None` for a price no plan is mapped to.
    pub plan_id: Option<String>,
    /// When the period paid for ends (Unix seconds).
    pub period_end: Option<i64>,
}

/// Where a workspace's payments stand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Standing {
    /// No paid subscription (or one whose first payment is not done).
    Free,
    /// Paid; renews at the end of the period.
    Paid { renews_at: Option<i64> },
    /// A payment failed: the plan stays until `until`, while Stripe tries again.
    Grace { until: i64 },
    /// The grace period ran out at `since`: on the free plan, what is above it paused.
    Lapsed { since: i64 },
    /// Cancelled, or never completed: on the free plan.
    Ended,
}

impl Standing {
    /// The name stored and shown (`grace`).
    pub fn name(&self) -> &'static str {
        match self {
            Standing::Free => "free",
            Standing::Paid { .. } => "paid",
            Standing::Grace { .. } => "grace",
            Standing::Lapsed { .. } => "lapsed",
            Standing::Ended => "ended",
        }
    }

    /// The moment that goes with it: renewal, end of grace, or lapse.
    pub fn at(&self) -> Option<i64> {
        match self {
            Standing::Paid { renews_at } => *renews_at,
            Standing::Grace { until } => Some(*until),
            Standing::Lapsed { since } => Some(*since),
            Standing::Free | Standing::Ended => None,
        }
    }
}

/// The plan a workspace is on, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub plan_id: String,
    pub standing: Standing,
}

/// Since when a subscription's payments have been failing, after Stripe said `status` at
/// `seen_at`: the earliest failure seen while it still fails, none once it is paid or over.
pub fn failing_since(
    status: SubscriptionStatus,
    failing_since: Option<i64>,
    seen_at: i64,
) -> Option<i64> {
    status
        .failing()
        .then(|| failing_since.map_or(seen_at, |f| f.min(seen_at)))
}

/// The plan and standing of a workspace whose subscription is `sub` (none: never subscribed),
/// failing since `failing_since`, with `grace_secs` of grace, at `now`. `current_plan` is kept
/// when a paid subscription's price maps to no plan, so an operator's slip never cuts off a
/// paying workspace.
pub fn decide(
    sub: Option<&Subscription>,
    failing_since: Option<i64>,
    grace_secs: i64,
    now: i64,
    current_plan: &str,
) -> Decision {
    let free = |standing| Decision {
        plan_id: FREE_PLAN.to_string(),
        standing,
    };
    let Some(sub) = sub else {
        return free(Standing::Free);
    };
    let paid_plan = || {
        sub.plan_id
            .clone()
            .unwrap_or_else(|| current_plan.to_string())
    };
    match sub.status {
        SubscriptionStatus::Active | SubscriptionStatus::Trialing => Decision {
            plan_id: paid_plan(),
            standing: Standing::Paid {
                renews_at: sub.period_end,
            },
        },
        SubscriptionStatus::PastDue | SubscriptionStatus::Unpaid => {
            let until = failing_since.unwrap_or(now).saturating_add(grace_secs);
            if now < until {
                Decision {
                    plan_id: paid_plan(),
                    standing: Standing::Grace { until },
                }
            } else {
                free(Standing::Lapsed { since: until })
            }
        }
        SubscriptionStatus::Incomplete => free(Standing::Free),
        SubscriptionStatus::IncompleteExpired
        | SubscriptionStatus::Canceled
        | SubscriptionStatus::Paused => free(Standing::Ended),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = 86_400;
    const GRACE: i64 = 7 * DAY;
    const T0: i64 = 1_780_000_000;

    fn sub(status: SubscriptionStatus, plan: Option<&str>) -> Subscription {
        Subscription {
            status,
            plan_id: plan.map(str::to_string),
            period_end: Some(T0 + 30 * DAY),
        }
    }

    #[test]
    fn stripe_names_round_trip() {
        for name in [
            "incomplete",
            "incomplete_expired",
            "trialing",
            "active",
            "past_due",
            "canceled",
            "unpaid",
            "paused",
        ] {
            assert_eq!(
                SubscriptionStatus::parse(name).map(|s| s.name()),
                Some(name)
            );
        }
        assert_eq!(SubscriptionStatus::parse("PAST_DUE"), None);
    }

    #[test]
    fn without_a_subscription_a_workspace_is_on_the_free_plan() {
        let d = decide(None, None, GRACE, T0, "business");
        assert_eq!(d.plan_id, "starter");
        assert_eq!(d.standing, Standing::Free);
    }

    #[test]
    fn an_active_subscription_gives_its_plan_until_renewal() {
        let d = decide(
            Some(&sub(SubscriptionStatus::Active, Some("pro"))),
            None,
            GRACE,
            T0,
            "starter",
        );
        assert_eq!(d.plan_id, "pro");
        assert_eq!(
            d.standing,
            Standing::Paid {
                renews_at: Some(T0 + 30 * DAY)
            }
        );
    }

    #[test]
    fn a_failed_payment_keeps_the_plan_through_the_grace_then_drops_to_free() {
        let s = sub(SubscriptionStatus::PastDue, Some("business"));
        let during = decide(Some(&s), Some(T0), GRACE, T0 + GRACE - 1, "business");
        assert_eq!(during.plan_id, "business");
        assert_eq!(during.standing, Standing::Grace { until: T0 + GRACE });
        let after = decide(Some(&s), Some(T0), GRACE, T0 + GRACE, "business");
        assert_eq!(after.plan_id, "starter");
        assert_eq!(after.standing, Standing::Lapsed { since: T0 + GRACE });
        let unpaid = sub(SubscriptionStatus::Unpaid, Some("business"));
        assert_eq!(
            decide(Some(&unpaid), Some(T0), GRACE, T0 + GRACE + DAY, "business").plan_id,
            "starter"
        );
    }

    #[test]
    fn paying_again_restores_the_plan_at_once() {
        let paid = sub(SubscriptionStatus::Active, Some("business"));
        let since = failing_since(SubscriptionStatus::Active, Some(T0), T0 + 9 * DAY);
        assert_eq!(since, None);
        let d = decide(Some(&paid), since, GRACE, T0 + 9 * DAY, "starter");
        assert_eq!(d.plan_id, "business");
    }

    #[test]
    fn the_grace_counts_from_the_first_failure_seen_whatever_the_order() {
        let failing = SubscriptionStatus::PastDue;
        let later_first = failing_since(failing, failing_since(failing, None, T0 + DAY), T0);
        let earlier_first = failing_since(failing, failing_since(failing, None, T0), T0 + DAY);
        assert_eq!(later_first, Some(T0));
        assert_eq!(earlier_first, Some(T0));
        assert_eq!(
            failing_since(SubscriptionStatus::Canceled, Some(T0), T0 + DAY),
            None
        );
    }

    #[test]
    fn a_price_mapped_to_no_plan_keeps_the_current_plan_rather_than_cut_a_payer_off() {
        let d = decide(
            Some(&sub(SubscriptionStatus::Active, None)),
            None,
            GRACE,
            T0,
            "business",
        );
        assert_eq!(d.plan_id, "business");
    }

    #[test]
    fn cancelled_expired_or_unfinished_subscriptions_are_on_the_free_plan() {
        for (status, standing) in [
            (SubscriptionStatus::Canceled, Standing::Ended),
            (SubscriptionStatus::IncompleteExpired, Standing::Ended),
            (SubscriptionStatus::Paused, Standing::Ended),
            (SubscriptionStatus::Incomplete, Standing::Free),
        ] {
            let d = decide(Some(&sub(status, Some("pro"))), None, GRACE, T0, "pro");
            assert_eq!(
                (d.plan_id.as_str(), d.standing),
                ("starter", standing),
                "{status:?}"
            );
        }
    }
}
