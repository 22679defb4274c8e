//! The consumption dashboard's numbers: month-to-date, projection, budget and quota use, and
//! the filtered range's breakdowns, all read from the hourly rollups (and, for groups, from
//! synced conversations) and bucketed into the tenant's local days and hours.

use crate::clock::now;
use crate::costs::projection;
use crate::db::Db;
use crate::error::{Error, Result};
use crate::ids::TenantId;
use crate::model::{Dashboard, ProjectionView, TokenClasses, UsageFilter};
use crate::pricing::{costliest, find_price, split_by_class, ModelPrice, TokenUsage};
use crate::tz::Zone;
use std::collections::{BTreeMap, HashMap};

/// Longest range the dashboard reads at once.
pub const MAX_RANGE_DAYS: i64 = 366;

/// A filter resolved against the tenant's zone: `[from, to)` Unix seconds and its day keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Range {
    pub from: i64,
    pub to: i64,
    pub first_day: String,
    pub last_day: String,
}

/// Resolves the filter's days (default: this month so far), refusing bad dates and ranges.
pub fn resolve_range(zone: &Zone, filter: &UsageFilter, at: i64) -> Result<Range> {
    let (month_start, _) = zone.month_bounds(at);
    let first_day = filter
        .from
        .clone()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| zone.day_key(month_start));
    let last_day = filter
        .to
        .clone()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| zone.day_key(at));
    let from = zone
        .start_of_day(&first_day)
        .map_err(|e| Error::Invalid(format!("From: {e}")))?;
    let last_start = zone
        .start_of_day(&last_day)
        .map_err(|e| Error::Invalid(format!("To: {e}")))?;
    let (_, to) = zone.day_bounds(last_start);
    if to <= from {
        return Err(Error::Invalid(format!(
            "The range ends before it starts: {first_day} is after {last_day}"
        )));
    }
    if to - from > MAX_RANGE_DAYS * 86_400 + 7_200 {
        return Err(Error::Invalid(format!(
            "The range is longer than {MAX_RANGE_DAYS} days: from {first_day} to {last_day}"
        )));
    }
    Ok(Range {
        from,
        to,
        first_day,
        last_day,
    })
}

/// Local day keys from the range's first to its last day.
pub fn day_keys(zone: &Zone, range: &Range) -> Vec<String> {
    let mut out = Vec::new();
    let mut t = range.from;
    while t < range.to {
        out.push(zone.day_key(t));
        let (_, next) = zone.day_bounds(t);
        t = next;
    }
    out
}

fn opt(s: &Option<String>) -> &str {
    s.as_deref().unwrap_or("")
}

/// The filter's conditions on the hourly rollups, after `tenant_id = $1`, the range `$2..$3`,
/// agent `$4` and model `$5` (empty: any).
const ROLLUP_FILTER: &str = "period = 'hour' AND tenant_id = $1 AND bucket_start >= $2
    AND bucket_start < $3 AND ($4 = '' OR agent_id = $4) AND ($5 = '' OR model = $5)";

/// What the range's rollups add up to: cost per hour and model, cost per agent, and each
/// model's requests, tokens and cost. Summed by the database, so a month reads a few thousand
/// rows, not one per agent and model.
struct RangeSums {
    by_hour_model: Vec<(i64, String, i64)>,
    by_agent: Vec<(String, i64)>,
    by_model: Vec<ModelRow>,
}

/// A model's requests, tokens (input, output, cache read, cache write) and cost.
type ModelRow = (String, i64, i64, i64, i64, i64, i64);

async fn range_sums(
    db: &Db,
    tenant_id: &TenantId,
    range: &Range,
    agent: &str,
    model: &str,
) -> Result<RangeSums> {
    let by_hour_model_sql = format!(
        "SELECT bucket_start, model, CAST(SUM(cost_micro_usd) AS BIGINT) FROM usage_rollups
         WHERE {ROLLUP_FILTER} GROUP BY bucket_start, model"
    );
    let by_agent_sql = format!(
        "SELECT agent_id, CAST(SUM(cost_micro_usd) AS BIGINT) FROM usage_rollups
         WHERE {ROLLUP_FILTER} GROUP BY agent_id"
    );
    let by_model_sql = format!(
        "SELECT model, CAST(SUM(requests) AS BIGINT), CAST(SUM(input_tokens) AS BIGINT),
                CAST(SUM(output_tokens) AS BIGINT), CAST(SUM(cache_read_tokens) AS BIGINT),
                CAST(SUM(cache_write_tokens) AS BIGINT), CAST(SUM(cost_micro_usd) AS BIGINT)
         FROM usage_rollups WHERE {ROLLUP_FILTER} GROUP BY model"
    );
    let (by_hour_model, by_agent, by_model) = tokio::try_join!(
        sqlx::query_as::<_, (i64, String, i64)>(&by_hour_model_sql)
            .bind(tenant_id)
            .bind(range.from)
            .bind(range.to)
            .bind(agent)
            .bind(model)
            .fetch_all(&db.pool),
        sqlx::query_as::<_, (String, i64)>(&by_agent_sql)
            .bind(tenant_id)
            .bind(range.from)
            .bind(range.to)
            .bind(agent)
            .bind(model)
            .fetch_all(&db.pool),
        sqlx::query_as::<_, ModelRow>(&by_model_sql)
            .bind(tenant_id)
            .bind(range.from)
            .bind(range.to)
            .bind(agent)
            .bind(model)
            .fetch_all(&db.pool),
    )?;
    Ok(RangeSums {
        by_hour_model,
        by_agent,
        by_model,
    })
}

/// Requests, tokens by class and what each class cost, over every model: each model's cost
/// is split by its own prices (an unpriced model's by the costliest, which it was charged at).
fn class_totals(by_model: &[ModelRow], prices: &[ModelPrice]) -> (i64, TokenClasses, TokenClasses) {
    let mut requests = 0;
    let mut tokens = TokenClasses::default();
    let mut costs = TokenClasses::default();
    for (model, n, input, output, cache_read, cache_write, cost) in by_model {
        requests += n;
        let usage = TokenUsage {
            input: *input,
            output: *output,
            cache_read: *cache_read,
            cache_write: *cache_write,
        };
        tokens.input += input;
        tokens.output += output;
        tokens.cache_read += cache_read;
        tokens.cache_write += cache_write;
        if let Some(price) = find_price(prices, model).or_else(|| costliest(prices)) {
            let [i, o, r, w] = split_by_class(price, &usage, *cost);
            costs.input += i;
            costs.output += o;
            costs.cache_read += r;
            costs.cache_write += w;
        }
    }
    (requests, tokens, costs)
}

type TenantRow = (String, String, Option<i64>);

/// The dashboard for `filter`, as of now.
pub async fn dashboard(db: &Db, tenant_id: &TenantId, filter: &UsageFilter) -> Result<Dashboard> {
    dashboard_at(db, tenant_id, filter, now()).await
}

/// The dashboard for `filter` as of `at` (Unix seconds).
pub async fn dashboard_at(
    db: &Db,
    tenant_id: &TenantId,
    filter: &UsageFilter,
    at: i64,
) -> Result<Dashboard> {
    let (timezone, plan_id, budget_limit): TenantRow =
        sqlx::query_as("SELECT timezone, plan_id, monthly_budget FROM tenants WHERE id = $1")
            .bind(tenant_id)
            .fetch_optional(&db.pool)
            .await?
            .ok_or(Error::NotFound("tenant"))?;
    let zone = Zone::stored(&timezone);
    let plan = crate::costs::policy::load_plan(db, &plan_id)
        .await?
        .ok_or_else(|| Error::Internal(format!("unknown plan {plan_id}")))?;
    // Dates that cannot be used are said next to the filter, over the default range's figures,
    // rather than replacing the page.
    let (range, filter_error) = match resolve_range(&zone, filter, at) {
        Ok(range) => (range, None),
        Err(Error::Invalid(why)) => (
            resolve_range(&zone, &UsageFilter::default(), at)?,
            Some(why),
        ),
        Err(e) => return Err(e),
    };
    // Deleted agents too: their costs stay in the range's figures, under their names.
    let agents: Vec<(String, String, String, Option<i64>)> = sqlx::query_as(
        "SELECT id, name, clawdbot_agent_id, deleted_at FROM agents WHERE tenant_id = $1
         ORDER BY name",
    )
    .bind(tenant_id)
    .fetch_all(&db.pool)
    .await?;
    let agent_name: HashMap<&str, &str> = agents
        .iter()
        .map(|(id, name, _, _)| (id.as_str(), name.as_str()))
        .collect();
    // Conversations name the bot's agent id; the filter names BaaS's.
    let clawdbot_agent = match opt(&filter.agent) {
        "" => String::new(),
        id => agents
            .iter()
            .find(|(a, _, _, _)| a == id)
            .map_or_else(|| "\u{0}".into(), |(_, _, c, _)| c.clone()),
    };

    // The filtered range.
    let (month_start, month_end) = zone.month_bounds(at);
    let (day_start, _) = zone.day_bounds(at);
    // Independent reads, in flight together: each is small, so the dashboard's time is mostly
    // round trips.
    let (
        sums,
        (month_to_date, messages_month),
        (today_spent, _),
        recent,
        (by_group, groups),
        mut models,
        prices,
    ) = tokio::try_join!(
        range_sums(
            db,
            tenant_id,
            &range,
            opt(&filter.agent),
            opt(&filter.model)
        ),
        super::rollups::cost(db, tenant_id, None, month_start, month_end),
        super::rollups::cost(db, tenant_id, None, day_start, at + 3_600),
        recent_days(db, tenant_id, &zone, at),
        super::groups::group_costs(
            db,
            tenant_id,
            range.from,
            range.to,
            &clawdbot_agent,
            filter.group.as_deref().filter(|g| !g.is_empty()),
        ),
        models_in(db, tenant_id, &range),
        crate::gateway::prices::load_prices(db),
    )?;
    let (requests, tokens, token_costs) = class_totals(&sums.by_model, &prices);
    models.sort();
    let projection = projection(&zone, at, &recent, month_to_date, today_spent, budget_limit);
    let days = day_keys(&zone, &range);
    let day_index: HashMap<&str, usize> = days
        .iter()
        .enumerate()
        .map(|(i, d)| (d.as_str(), i))
        .collect();
    let mut by_day_model: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    let mut by_model: HashMap<String, i64> = HashMap::new();
    let mut hourly = vec![0i64; 24];
    let mut cost = 0i64;
    for (bucket, model, c) in &sums.by_hour_model {
        cost += c;
        if let Some(i) = day_index.get(zone.day_key(*bucket).as_str()) {
            by_day_model
                .entry(model.clone())
                .or_insert_with(|| vec![0; days.len()])[*i] += c;
        }
        *by_model.entry(model.clone()).or_default() += c;
        if let Some(h) = hourly.get_mut(zone.hour(*bucket) as usize) {
            *h += c;
        }
    }
    let by_agent: HashMap<String, i64> = sums.by_agent.into_iter().collect();
    // The filter offers the agents there are, and a deleted one only while it is chosen or
    // cost something in the range.
    let choices = agents
        .iter()
        .filter(|(id, _, _, deleted_at)| {
            deleted_at.is_none() || by_agent.contains_key(id) || opt(&filter.agent) == id.as_str()
        })
        .map(|(id, name, _, _)| (id.clone(), name.clone()))
        .collect();
    let sorted = |m: HashMap<String, i64>| {
        let mut v: Vec<(String, i64)> = m.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        v
    };
    let by_agent: Vec<(String, i64)> = sorted(by_agent)
        .into_iter()
        .map(|(id, c)| {
            (
                agent_name
                    .get(id.as_str())
                    .map_or(id.clone(), |n| n.to_string()),
                c,
            )
        })
        .collect();

    Ok(Dashboard {
        timezone: zone.name().to_string(),
        brl_rate: crate::exchange::brl_rate(db).await?,
        plan: plan.name,
        from: range.first_day.clone(),
        to: range.last_day.clone(),
        month_to_date,
        budget: budget_limit,
        projection,
        messages_month,
        message_quota: plan.monthly_messages,
        cost,
        requests,
        tokens,
        token_costs,
        days,
        daily_by_model: by_day_model.into_iter().collect(),
        by_agent,
        by_model: sorted(by_model),
        by_group,
        hourly,
        agents: choices,
        models,
        groups,
        filter_error,
    })
}

/// A tenant's projection as of `at`, with its month-to-date and zone.
pub async fn projection_at(
    db: &Db,
    tenant_id: &TenantId,
    at: i64,
) -> Result<(ProjectionView, i64, Zone)> {
    let (timezone, budget_limit): (String, Option<i64>) =
        sqlx::query_as("SELECT timezone, monthly_budget FROM tenants WHERE id = $1")
            .bind(tenant_id)
            .fetch_optional(&db.pool)
            .await?
            .ok_or(Error::NotFound("tenant"))?;
    let zone = Zone::stored(&timezone);
    let (month_start, month_end) = zone.month_bounds(at);
    let (day_start, _) = zone.day_bounds(at);
    let ((mtd, _), (today, _), recent) = tokio::try_join!(
        super::rollups::cost(db, tenant_id, None, month_start, month_end),
        super::rollups::cost(db, tenant_id, None, day_start, at + 3_600),
        recent_days(db, tenant_id, &zone, at),
    )?;
    let p = projection(&zone, at, &recent, mtd, today, budget_limit);
    Ok((p, mtd, zone))
}

/// Models with usage in the range (day rollups, a day wider so no local day is missed).
async fn models_in(db: &Db, tenant_id: &TenantId, range: &Range) -> Result<Vec<String>> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT DISTINCT model FROM usage_rollups
         WHERE period = 'day' AND tenant_id = $1 AND bucket_start >= $2 AND bucket_start < $3",
    )
    .bind(tenant_id)
    .bind(range.from - 86_400)
    .bind(range.to)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().map(|(m,)| m).collect())
}

/// Spend of each of the last 30 complete local days, oldest first, from the tenant's first day
/// with usage on (quiet days after it count as zero).
async fn recent_days(db: &Db, tenant_id: &TenantId, zone: &Zone, at: i64) -> Result<Vec<i64>> {
    let (day_start, _) = zone.day_bounds(at);
    let window_start = zone.day_bounds(day_start - 30 * 86_400 + 7_200).0;
    let rows: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT bucket_start, CAST(SUM(cost_micro_usd) AS BIGINT) FROM usage_rollups
         WHERE period = 'hour' AND tenant_id = $1 AND bucket_start >= $2 AND bucket_start < $3
         GROUP BY bucket_start",
    )
    .bind(tenant_id)
    .bind(window_start)
    .bind(day_start)
    .fetch_all(&db.pool)
    .await?;
    let mut daily: BTreeMap<String, i64> = BTreeMap::new();
    let mut t = window_start;
    while t < day_start {
        daily.insert(zone.day_key(t), 0);
        t = zone.day_bounds(t).1;
    }
    for (bucket, c) in rows {
        *daily.entry(zone.day_key(bucket)).or_default() += c;
    }
    // Days before the tenant's first usage are not part of its pace; quiet days after it are.
    let (first,): (Option<i64>,) = sqlx::query_as(
        "SELECT MIN(bucket_start) FROM usage_rollups WHERE period = 'hour' AND tenant_id = $1",
    )
    .bind(tenant_id)
    .fetch_one(&db.pool)
    .await?;
    let first_day = first.map(|t| zone.day_key(t));
    Ok(daily
        .into_iter()
        .filter(|(day, _)| first_day.as_ref().is_some_and(|f| day >= f))
        .map(|(_, c)| c)
        .collect())
}

/// Month-end projection from the recent complete days, the month so far and today's pace.
fn projection(
    zone: &Zone,
    at: i64,
    recent: &[i64],
    month_to_date: i64,
    today_spent: i64,
    budget_limit: Option<i64>,
) -> ProjectionView {
    let (day_start, _) = zone.day_bounds(at);
    let (_, month_end) = zone.month_bounds(at);
    let p = projection::project(
        recent,
        month_to_date,
        today_spent,
        at - day_start,
        month_end - at,
        budget_limit,
    );
    ProjectionView {
        projected: p.projected,
        avg_7d: p.avg_7d,
        avg_30d: p.avg_30d,
        daily_rate: p.daily_rate,
        crosses_on: p.crosses_in_secs.map(|s| zone.day_key(at + s)),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn ranges_default_to_this_month_and_refuse_bad_input() {
        let zone = Zone::parse("America/Sao_Paulo").unwrap();
        // 2026-11-22 12:00 local (15:00 UTC).
        let at = 1_795_359_600;
        let r = resolve_range(&zone, &UsageFilter::default(), at).unwrap();
        assert_eq!(r.first_day, "2026-11-01");
        assert_eq!(r.last_day, "2026-11-22");
        assert_eq!(day_keys(&zone, &r).len(), 22);
        // Each refusal says which field and why, in words the filter's reader can act on.
        let why = |from: &str, to: Option<&str>| {
            let f = UsageFilter {
                from: Some(from.into()),
                to: to.map(str::to_string),
                ..Default::default()
            };
            match resolve_range(&zone, &f, at) {
                Err(Error::Invalid(why)) => why,
                other => panic!("{from}..{to:?} gave {other:?}"),
            }
        };
        assert_eq!(
            why("banana", None),
            "From: invalid date \"banana\": expected YYYY-MM-DD"
        );
        assert!(why("2026-13-01", None).starts_with("From: "));
        assert_eq!(
            why("2026-11-10", Some("2026-11-09")),
            "The range ends before it starts: 2026-11-10 is after 2026-11-09"
        );
        assert!(why("2024-01-01", Some("2026-01-01")).starts_with("The range is longer than 366"));
    }

    #[test]
    fn class_costs_add_up_to_each_model_s_cost() {
        let prices = crate::pricing::default_prices();
        let rows: Vec<ModelRow> = vec![
            (
                "claude-sonnet-4-5".into(),
                2,
                1_000_000,
                1_000_000,
                1_000_000,
                1_000_000,
                22_050_000,
            ),
            // Unpriced: split at the costliest entry's prices (Opus 4.1: $15 in, $75 out).
            (
                "made-up-model".into(),
                1,
                1_000_000,
                1_000_000,
                0,
                0,
                90_000_000,
            ),
        ];
        let (requests, tokens, costs) = class_totals(&rows, &prices);
        assert_eq!(requests, 3);
        assert_eq!((tokens.input, tokens.cache_write), (2_000_000, 1_000_000));
        assert_eq!(costs.input, 3_000_000 + 15_000_000);
        assert_eq!(costs.output, 15_000_000 + 75_000_000);
        assert_eq!((costs.cache_read, costs.cache_write), (300_000, 3_750_000));
    }
}
