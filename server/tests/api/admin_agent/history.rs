//! The health history on a real server: checks recorded by the Admin Agent (which keeps what
//! it found) and checks placed in known hours and days, read back as the charts' data for every
//! bot and for one, and downloaded as CSV — escaped, bounded, named per filter, and refused to
//! anyone outside the workspace.

use super::fast_supervisor;
use crate::helpers::{client, unique_email, Owner, TestApp};
use app::api::*;
use baas::ids::TenantId;
use serde_json::Value;
use std::collections::BTreeMap;

const HOUR: i64 = 3_600;
const DAY: i64 = 86_400;

/// Registers a bot whose gateway is not running (nothing listens on port 9); returns its id.
async fn bot(app: &TestApp, owner: &Owner, name: &str) -> String {
    let (status, v) = app
        .call(
            &owner.client,
            AddBot {
                tenant_id: owner.tenant.clone(),
                name: name.into(),
                gateway_url: "ws://127.0.0.1:9".into(),
                token: "history-token".into(),
                skip_test: Some("on".into()),
            },
        )
        .await;
    assert_eq!(status, 200, "{v}");
    let (id,): (String,) = sqlx::query_as("SELECT id FROM bots WHERE tenant_id = $1 AND name = $2")
        .bind(&owner.tenant)
        .bind(name)
        .fetch_one(&app.db.pool)
        .await
        .expect("bot id");
    id
}

/// A stored check of `bot`, as the Admin Agent records one.
struct Check<'a> {
    at: i64,
    result: &'a str,
    fault: Option<&'a str>,
    ms: Option<i64>,
    reason: &'a str,
}

async fn record(app: &TestApp, tenant: &str, bot: &str, c: Check<'_>) {
    sqlx::query(
        "INSERT INTO health_checks (id, tenant_id, bot_id, checked_at, result, fault, latency_ms, reason)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(baas::db::new_id())
    .bind(tenant)
    .bind(bot)
    .bind(c.at)
    .bind(c.result)
    .bind(c.fault)
    .bind(c.ms)
    .bind(c.reason)
    .execute(&app.db.pool)
    .await
    .expect("check");
}

fn up(at: i64, ms: i64) -> Check<'static> {
    Check {
        at,
        result: "up",
        fault: None,
        ms: Some(ms),
        reason: "healthy",
    }
}

/// An alert raised for the workspace (about `bot`, if given) through the notification engine.
async fn alert(app: &TestApp, tenant: &str, bot: Option<&str>, kind: &str, key: &str) {
    let raised = baas::notify::raise(
        &app.db,
        &baas::notify::Alert {
            tenant_id: Some(TenantId::new(tenant)),
            bot_id: bot.map(str::to_string),
            key: key.into(),
            kind: kind.into(),
            severity: baas::alerts::Severity::Warning,
            text: baas::i18n::Text::new("alert-kind").str("kind", kind),
            resolved: false,
        },
        std::time::Duration::ZERO,
    )
    .await
    .expect("raise");
    assert_eq!(raised, baas::notify::Raised::Queued, "{kind} {key}");
}

/// The label of the UTC hour holding `at`, as the 24-hour timeline names it.
fn hour_label(at: i64) -> String {
    format!("{:02}:00", at.rem_euclid(DAY) / HOUR)
}

fn day(at: i64) -> String {
    baas::time::format_rfc3339(at)[..10].to_string()
}

async fn history(app: &TestApp, owner: &Owner, period: &str, bot: &str) -> (u16, Value) {
    app.call(
        &owner.client,
        HealthHistory {
            tenant_id: owner.tenant.clone(),
            period: period.into(),
            bot: bot.into(),
        },
    )
    .await
}

/// Checks per outcome of a history.
fn outcomes(v: &Value) -> BTreeMap<String, i64> {
    v["outcomes"]
        .as_array()
        .expect("outcomes")
        .iter()
        .map(|o| {
            (
                o["outcome"].as_str().expect("outcome").to_string(),
                o["checks"].as_i64().expect("checks"),
            )
        })
        .collect()
}

fn bucket<'a>(v: &'a Value, label: &str) -> &'a Value {
    v["buckets"]
        .as_array()
        .expect("buckets")
        .iter()
        .find(|b| b["label"] == label)
        .unwrap_or_else(|| panic!("no bucket {label}: {v}"))
}

fn total(v: &Value, field: &str) -> i64 {
    v["buckets"]
        .as_array()
        .expect("buckets")
        .iter()
        .map(|b| b[field].as_i64().unwrap_or(0))
        .sum()
}

both_backends!(
    the_charts_count_the_workspaces_checks_and_alerts,
    |app: TestApp| async move {
        let owner = app.owner("history").await;
        let loja = bot(&app, &owner, "Loja").await;
        let caixa = bot(&app, &owner, "Caixa").await;
        let other = app.owner("elsewhere").await;
        let theirs = bot(&app, &other, "Theirs").await;
        let t = baas::clock::now();
        let (x1, x2) = (t - 3 * HOUR, t - 2 * HOUR);

        // One real check of every bot by the Admin Agent: none of the gateways runs.
        assert_eq!(fast_supervisor(&app).round().await.expect("round"), 3);
        let kept: Vec<(String, Option<String>)> =
            sqlx::query_as("SELECT result, fault FROM health_checks ORDER BY bot_id")
                .fetch_all(&app.db.pool)
                .await
                .expect("checks");
        assert_eq!(kept, vec![("down".into(), Some("unreachable".into())); 3]);

        let ours = owner.tenant.as_str();
        for ms in [100, 200, 300, 400] {
            record(&app, ours, &loja, up(x1, ms)).await;
        }
        for (bot, at, result, fault, ms) in [
            (&loja, x1, "degraded", Some("channel_down"), Some(50)),
            (&loja, x2, "down", Some("unreachable"), None),
            (&loja, x2, "down", Some("unreachable"), None),
            (&loja, x2, "degraded", Some("config_invalid"), Some(70)),
            (&caixa, x2, "degraded", Some("errors"), Some(90)),
            // Recorded before checks kept what they found.
            (&caixa, x2, "degraded", None, None),
        ] {
            let c = Check {
                at,
                result,
                fault,
                ms,
                reason: "found",
            };
            record(&app, ours, bot, c).await;
        }
        record(&app, ours, &caixa, up(x1, 1_000)).await;
        record(&app, ours, &caixa, up(x1, 1_000)).await;
        for _ in 0..5 {
            record(&app, ours, &loja, up(t - 3 * DAY, 10)).await;
        }
        record(&app, ours, &loja, up(t - 40 * DAY, 10)).await;
        for _ in 0..7 {
            let c = Check {
                at: x1,
                result: "down",
                fault: Some("unreachable"),
                ms: None,
                reason: "not ours",
            };
            record(&app, &other.tenant, &theirs, c).await;
        }
        alert(&app, ours, Some(&loja), "bot_unreachable", "h:loja:1").await;
        alert(&app, ours, Some(&loja), "bot_unreachable", "h:loja:2").await;
        alert(&app, ours, Some(&caixa), "channel_down", "h:caixa").await;
        alert(&app, ours, None, "budget_80", "h:budget").await;
        alert(
            &app,
            &other.tenant,
            Some(&theirs),
            "config_invalid",
            "h:theirs",
        )
        .await;

        // Every bot over 24 hours, by hour.
        let (status, day_view) = history(&app, &owner, "24h", "").await;
        assert_eq!(status, 200, "{day_view}");
        assert_eq!(day_view["timezone"], "UTC");
        assert_eq!(day_view["buckets"].as_array().map(Vec::len), Some(24));
        let names: Vec<&str> = day_view["bots"]
            .as_array()
            .expect("bots")
            .iter()
            .filter_map(|b| b[1].as_str())
            .collect();
        assert_eq!(names, vec!["Caixa", "Loja"]);
        let first = bucket(&day_view, &hour_label(x1));
        assert_eq!(
            (&first["healthy"], &first["degraded"], &first["down"]),
            (&Value::from(6), &Value::from(1), &Value::from(0))
        );
        // Nearest rank of 50, 100, 200, 300, 400, 1000 and 1000 ms.
        assert_eq!(first["p95_ms"], 1_000);
        let second = bucket(&day_view, &hour_label(x2));
        assert_eq!(
            (&second["healthy"], &second["degraded"], &second["down"]),
            (&Value::from(0), &Value::from(3), &Value::from(2))
        );
        assert_eq!(second["p95_ms"], 90);
        assert_eq!(
            total(&day_view, "down"),
            4,
            "two inserted, two by the agent"
        );
        let expected: BTreeMap<String, i64> = [
            ("healthy", 6),
            ("unreachable", 4),
            ("channel_down", 1),
            ("config_invalid", 1),
            ("errors", 1),
            ("degraded", 1),
        ]
        .into_iter()
        .map(|(k, n)| (k.to_string(), n))
        .collect();
        assert_eq!(outcomes(&day_view), expected);
        let shares: i64 = day_view["outcomes"]
            .as_array()
            .expect("outcomes")
            .iter()
            .map(|o| o["share"].as_i64().unwrap_or(0))
            .sum();
        assert_eq!(shares, 10_000);
        // 6 of 14 healthy: 42.857…% rounds to 42.86%.
        assert_eq!(day_view["outcomes"][0]["share"], 4_286);
        assert_eq!(
            day_view["alerts"],
            serde_json::json!([
                ["bot_unreachable", 2],
                ["budget_80", 1],
                ["channel_down", 1]
            ])
        );
        // The summary is messages, said in each reader's language.
        let sentences: Vec<baas::i18n::Text> =
            serde_json::from_value(day_view["summary"].clone()).expect("summary");
        let summary = sentences
            .iter()
            .map(baas::i18n::Text::english)
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            summary.starts_with("In the last 24 hours: 14 checks, 42.86% healthy; 4 could not reach the bot and 4 found it degraded."),
            "{summary}"
        );
        let portuguese = baas::i18n::render(baas::i18n::Locale::PtBr, &sentences[0]);
        assert!(
            portuguese.starts_with("Nas últimas 24 horas: 14 verificações, 42,86% saudáveis;"),
            "{portuguese}"
        );

        // 7 and 30 days, by local day: the checks of three days ago join; 40 days ago is out.
        let (_, week) = history(&app, &owner, "7d", "").await;
        assert_eq!(week["buckets"].as_array().map(Vec::len), Some(7));
        assert_eq!(outcomes(&week)["healthy"], 11);
        assert_eq!(bucket(&week, &day(t - 3 * DAY))["healthy"], 5);
        assert_eq!(week["first_day"], week["buckets"][0]["label"]);
        let (_, month) = history(&app, &owner, "30d", "").await;
        assert_eq!(month["buckets"].as_array().map(Vec::len), Some(30));
        assert_eq!(outcomes(&month).values().sum::<i64>(), 19);

        // One bot: its checks and its alerts only.
        let (status, one) = history(&app, &owner, "24h", &loja).await;
        assert_eq!(status, 200, "{one}");
        assert_eq!(one["bot_id"], loja.as_str());
        let expected: BTreeMap<String, i64> = [
            ("healthy", 4),
            ("unreachable", 3),
            ("channel_down", 1),
            ("config_invalid", 1),
            ("errors", 0),
        ]
        .into_iter()
        .map(|(k, n)| (k.to_string(), n))
        .collect();
        assert_eq!(outcomes(&one), expected);
        assert_eq!(one["alerts"], serde_json::json!([["bot_unreachable", 2]]));

        // The default period is 7 days; an unknown one and another workspace's bot are refused.
        let (_, default) = history(&app, &owner, "", "").await;
        assert_eq!(default["period"], "7d");
        let (status, body) = history(&app, &owner, "1y", "").await;
        assert_eq!(status, 400, "{body}");
        let (status, body) = history(&app, &owner, "24h", &theirs).await;
        assert_eq!(status, 404, "{body}");
        let (status, body) = history(&app, &other, "24h", &theirs).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(
            outcomes(&body)["unreachable"],
            8,
            "their 7 and the agent's 1"
        );
    }
);

/// The records of a CSV text, read by RFC 4180 (a quoted field may hold commas, doubled quotes
/// and line breaks).
fn records(text: &str) -> Vec<Vec<String>> {
    let (mut out, mut row, mut field) = (Vec::new(), Vec::new(), String::new());
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                out.push(std::mem::take(&mut row));
            }
            (_, c) => field.push(c),
        }
    }
    assert!(
        !quoted && field.is_empty() && row.is_empty(),
        "the CSV ends mid-record"
    );
    out
}

/// Downloads `query` of the workspace's health CSV: status, file name and records.
async fn download(
    app: &TestApp,
    who: &reqwest::Client,
    tenant: &str,
    query: &str,
) -> (u16, String, Vec<Vec<String>>) {
    let res = who
        .get(app.url(&format!("/export/health/{tenant}?{query}")))
        .send()
        .await
        .expect("download");
    let status = res.status().as_u16();
    let header = |name: &str| {
        res.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    };
    let disposition = header("content-disposition");
    if status == 200 {
        assert_eq!(header("content-type"), "text/csv; charset=utf-8");
        assert_eq!(header("cache-control"), "no-store");
    }
    let text = res.text().await.expect("body");
    if status != 200 {
        return (status, text, Vec::new());
    }
    (status, disposition, records(&text))
}

both_backends!(
    the_health_csv_is_escaped_bounded_and_kept_to_its_workspace,
    |app: TestApp| async move {
        let owner = app.owner("csv").await;
        let loja = bot(&app, &owner, "Loja").await;
        let caixa = bot(&app, &owner, "Caixa").await;
        let bulk = bot(&app, &owner, "Bulk").await;
        let other = app.owner("outsider").await;
        let theirs = bot(&app, &other, "Theirs").await;
        let ours = owner.tenant.as_str();
        let t = baas::clock::now();
        let tricky = "=cmd|' /C calc'!A0, \"quoted\"\nsecond line";
        record(&app, ours, &loja, up(t - 3 * HOUR, 120)).await;
        let c = Check {
            at: t - 2 * HOUR,
            result: "degraded",
            fault: Some("config_invalid"),
            ms: Some(70),
            reason: tricky,
        };
        record(&app, ours, &loja, c).await;
        let c = Check {
            at: t - 2 * HOUR + 1,
            result: "down",
            fault: Some("unreachable"),
            ms: None,
            reason: "-refused, try later",
        };
        record(&app, ours, &caixa, c).await;
        record(&app, &other.tenant, &theirs, up(t - HOUR, 5)).await;
        // One more check than a download may hold, ten days ago.
        sqlx::query(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1)
             INSERT INTO health_checks (id, tenant_id, bot_id, checked_at, result, fault, latency_ms, reason)
             SELECT 'bulk-' || CAST(i AS TEXT), $2, $3, $4 + i, 'up', NULL, 5, 'healthy' FROM n",
        )
        .bind(baas::supervisor::history::export::MAX_ROWS + 1)
        .bind(ours)
        .bind(&bulk)
        .bind(t - 10 * DAY)
        .execute(&app.db.pool)
        .await
        .expect("bulk checks");

        // The last 30 days of every bot hold too many checks: refused, not cut short.
        let (status, body, _) = download(&app, &owner.client, ours, "").await;
        assert_eq!(status, 400, "{body}");
        assert!(body.contains("at most 100000"), "{body}");

        // Fewer days: the three checks of our bots, in time order, escaped and defused.
        let (from, to) = (day(t - 2 * DAY), day(t));
        let query = format!("from={from}&to={to}");
        let (status, name, rows) = download(&app, &owner.client, ours, &query).await;
        assert_eq!(status, 200, "{name}");
        assert_eq!(
            name,
            format!("attachment; filename=\"health-all-bots-{from}-{to}.csv\"")
        );
        assert_eq!(
            rows[0],
            vec![
                "time_utc",
                "bot",
                "bot_id",
                "result",
                "fault",
                "latency_ms",
                "reason"
            ]
        );
        assert_eq!(rows.len(), 4, "{rows:?}");
        assert_eq!(
            rows[1],
            vec![
                baas::time::format_rfc3339(t - 3 * HOUR),
                "Loja".into(),
                loja.clone(),
                "up".into(),
                String::new(),
                "120".into(),
                "healthy".into()
            ]
        );
        assert_eq!(rows[2][3..6], ["degraded", "config_invalid", "70"]);
        assert_eq!(rows[2][6], format!("'{tricky}"));
        assert_eq!(
            rows[3][1..5],
            ["Caixa", caixa.as_str(), "down", "unreachable"]
        );
        assert_eq!(rows[3][5], "");
        assert_eq!(rows[3][6], "'-refused, try later");

        // One bot: its own checks and a file name of its own, over the default 30 days too.
        let (status, name, rows) =
            download(&app, &owner.client, ours, &format!("{query}&bot={loja}")).await;
        assert_eq!(status, 200);
        assert_eq!(
            name,
            format!(
                "attachment; filename=\"health-loja-{}-{from}-{to}.csv\"",
                &loja.replace('-', "")[..8]
            )
        );
        assert_eq!(rows.len(), 3);
        assert!(rows[1..].iter().all(|r| r[2] == loja));
        let (status, _, rows) = download(&app, &owner.client, ours, &format!("bot={caixa}")).await;
        assert_eq!((status, rows.len()), (200, 2));
        let (status, _, rows) = download(&app, &owner.client, ours, &format!("bot={bulk}")).await;
        assert_eq!(status, 400, "{rows:?}");

        // Bad, reversed and overlong ranges are refused.
        for (query, why) in [
            ("from=2026-02-30", "invalid date"),
            (format!("from={to}&to={from}").as_str(), "after it ends"),
            ("from=2026-01-01&to=2026-12-31", "at most 92 days"),
        ] {
            let (status, body, _) = download(&app, &owner.client, ours, query).await;
            assert_eq!(status, 400, "{query}: {body}");
            assert!(body.contains(why), "{query}: {body}");
        }

        // A viewer may download; another workspace's owner, their bot and a stranger may not.
        let (viewer, _) = app
            .add_member(
                &owner.client,
                ours,
                &unique_email("viewer"),
                baas::roles::Role::Viewer,
            )
            .await;
        let (status, _, rows) = download(&app, &viewer, ours, &query).await;
        assert_eq!((status, rows.len()), (200, 4));
        let (status, body, _) = download(&app, &other.client, ours, &query).await;
        assert_eq!(status, 403, "{body}");
        let (status, body, _) =
            download(&app, &owner.client, ours, &format!("{query}&bot={theirs}")).await;
        assert_eq!(status, 404, "{body}");
        assert!(!body.contains("Theirs"), "{body}");
        let (status, _, _) = download(&app, &client(), ours, &query).await;
        assert_eq!(status, 401);
        let (status, _, rows) = download(&app, &other.client, &other.tenant, &query).await;
        assert_eq!((status, rows.len()), (200, 2), "their one check");
    }
);
