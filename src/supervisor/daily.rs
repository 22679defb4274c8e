//! The health reports: every day at 09:00 workspace time an email with each bot's uptime and
//! incidents, yesterday's spend against the budget and the month-end projection; on Mondays,
//! the week compared with the one before. Each is sent once, whichever process is first.

use super::report::uptime;
use crate::clock::now;
use crate::db::Db;
use crate::error::Result;
use crate::i18n::Text;
use crate::ids::TenantId;
use crate::mail::html_escape;
use crate::notify::messages::{self, Message};
use crate::notify::rules::ChannelKind;
use crate::notify::settings::Voice;
use crate::notify::Senders;
use crate::tz::Zone;

/// Local hour the daily report goes out.
pub const REPORT_HOUR: u32 = 9;

const DAY: i64 = 86_400;

/// One bot's line in a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BotLine {
    pub name: String,
    /// Hundredths of a percent, `None` without checks.
    pub uptime: Option<i64>,
    pub incidents: i64,
}

/// What a report says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub workspace: String,
    /// The local day it covers ("2026-12-01"), or the week's first day.
    pub period: String,
    pub weekly: bool,
    pub bots: Vec<BotLine>,
    /// Micro-USD over the period.
    pub spend: i64,
    /// The period before, for the weekly comparison.
    pub spend_before: Option<i64>,
    pub month_to_date: i64,
    pub projected: i64,
    pub budget: Option<i64>,
}

/// The report as an email (text and HTML), in the workspace's voice.
pub fn render(r: &Report, voice: &Voice, public_url: &str) -> Message {
    let locale = messages::locale(voice);
    let say = |t: Text| messages::say(voice, &t);
    let title_text = Text::new(if r.weekly {
        "report-weekly-subject"
    } else {
        "report-daily-subject"
    })
    .str("workspace", r.workspace.clone())
    .str("day", r.period.clone());
    let title = say(title_text.clone());
    let mut lines = Vec::new();
    for b in &r.bots {
        let uptime = match b.uptime {
            Some(h) => locale.percent_hundredths(h),
            None => say(Text::new("report-no-checks")),
        };
        lines.push(say(Text::new("report-bot")
            .str("bot", b.name.clone())
            .str("uptime", uptime)
            .int("incidents", b.incidents)));
    }
    if r.bots.is_empty() {
        lines.push(say(Text::new("report-no-bots")));
    }
    lines.push(say(match r.spend_before {
        Some(before) => Text::new("report-spend-week")
            .usd("spend", r.spend)
            .usd("before", before),
        None => Text::new("report-spend-day").usd("spend", r.spend),
    }));
    lines.push(say(match r.budget {
        Some(b) => Text::new("report-month-budget")
            .usd("spent", r.month_to_date)
            .usd("budget", b)
            .usd("projected", r.projected)
            .str("over", if r.projected > b { "yes" } else { "no" }),
        None => Text::new("report-month-no-budget")
            .usd("spent", r.month_to_date)
            .usd("projected", r.projected),
    }));
    let (greeting, signature) = messages::frame(voice);
    let link = format!("{}/", public_url.trim_end_matches('/'));
    let dashboard = say(Text::new("dashboard-line").str("url", link.clone()));
    let mut text = String::new();
    if !greeting.is_empty() {
        text.push_str(&greeting);
        text.push_str("\n\n");
    }
    text.push_str(&format!(
        "{title}\n\n{}\n\n{dashboard}\n\n— {signature}\n",
        lines.join("\n")
    ));
    let html = format!(
        "{}<h2>{}</h2><ul>{}</ul><p><a href=\"{}\">{}</a></p><p>— {}</p>",
        if greeting.is_empty() {
            String::new()
        } else {
            format!("<p>{}</p>", html_escape(&greeting))
        },
        html_escape(&title),
        lines
            .iter()
            .map(|l| format!("<li>{}</li>", html_escape(l)))
            .collect::<String>(),
        html_escape(&link),
        html_escape(&say(Text::new("dashboard-open"))),
        html_escape(&signature)
    );
    Message {
        subject: title,
        subject_text: title_text,
        text,
        html,
        webhook: serde_json::Value::Null,
        slack: serde_json::Value::Null,
        whatsapp: String::new(),
    }
}

async fn bot_lines(db: &Db, tenant: &TenantId, from: i64, to: i64) -> Result<Vec<BotLine>> {
    let bots: Vec<(String, String)> =
        sqlx::query_as("SELECT id, name FROM bots WHERE tenant_id = $1 ORDER BY name, id")
            .bind(tenant)
            .fetch_all(&db.pool)
            .await?;
    let mut out = Vec::new();
    for (id, name) in bots {
        let checks: Vec<(i64, String)> = sqlx::query_as(
            "SELECT checked_at, result FROM health_checks WHERE bot_id = $1 AND checked_at >= $2 AND checked_at < $3",
        )
        .bind(&id)
        .bind(from)
        .bind(to)
        .fetch_all(&db.pool)
        .await?;
        let (incidents,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM incidents WHERE bot_id = $1 AND opened_at >= $2 AND opened_at < $3",
        )
        .bind(&id)
        .bind(from)
        .bind(to)
        .fetch_one(&db.pool)
        .await?;
        out.push(BotLine {
            name,
            uptime: uptime(&checks, from),
            incidents,
        });
    }
    Ok(out)
}

/// Builds the report of `tenant` for the day (or, `weekly`, the seven days) before `today_start`.
pub async fn build(
    db: &Db,
    tenant: &TenantId,
    name: &str,
    zone: &Zone,
    at: i64,
    weekly: bool,
) -> Result<Report> {
    let (today_start, _) = zone.day_bounds(at);
    let days = if weekly { 7 } else { 1 };
    // A day back from local midnight, corrected to the local midnight (23- and 25-hour days).
    let back = |from: i64, n: i64| zone.day_bounds(from - n * DAY + DAY / 2).0;
    let from = back(today_start, days);
    let before = back(from, days);
    let bots = bot_lines(db, tenant, from, today_start).await?;
    let (spend, _) = crate::costs::rollups::cost(db, tenant, None, from, today_start).await?;
    let spend_before = if weekly {
        Some(
            crate::costs::rollups::cost(db, tenant, None, before, from)
                .await?
                .0,
        )
    } else {
        None
    };
    let (projection, month_to_date, _) =
        crate::costs::dashboard::projection_at(db, tenant, at).await?;
    let (budget,): (Option<i64>,) =
        sqlx::query_as("SELECT monthly_budget FROM tenants WHERE id = $1")
            .bind(tenant)
            .fetch_one(&db.pool)
            .await?;
    Ok(Report {
        workspace: name.to_string(),
        period: zone.day_key(from),
        weekly,
        bots,
        spend,
        spend_before,
        month_to_date,
        projected: projection.projected,
        budget,
    })
}

/// Sends every workspace's reports that are due (09:00 local and later, once a day; the weekly
/// one on Mondays); returns how many went out.
pub async fn send_due(s: &Senders) -> Result<usize> {
    let at = now();
    let tenants: Vec<(String, String, String)> =
        sqlx::query_as("SELECT id, name, timezone FROM tenants ORDER BY id")
            .fetch_all(&s.db.pool)
            .await?;
    let mut sent = 0;
    for (id, name, timezone) in tenants {
        let zone = Zone::stored(&timezone);
        if zone.hour(at) < REPORT_HOUR {
            continue;
        }
        let tenant = TenantId::new(id);
        let day = zone.day_key(at);
        let monday = zone.weekday(at) == 1;
        for weekly in [false, true] {
            if weekly && !monday {
                continue;
            }
            let kind = if weekly {
                "weekly_report"
            } else {
                "daily_report"
            };
            if !crate::alerts::fire_once(&s.db, tenant.as_str(), kind, 0, &day).await? {
                continue;
            }
            let report = build(&s.db, &tenant, &name, &zone, at, weekly).await?;
            let voice = crate::notify::settings::settings(&s.db, Some(&tenant))
                .await?
                .voice;
            let message = render(&report, &voice, &s.public_url);
            let targets = crate::notify::store::targets(&s.db, &s.secrets, Some(&tenant)).await?;
            for t in targets.iter().filter(|t| t.kind == ChannelKind::Email) {
                crate::notify::channels::deliver(s, Some(&tenant), t, &message, &[]).await?;
                sent += 1;
            }
        }
    }
    Ok(sent)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_names_each_bot_the_spend_and_the_projection_against_the_budget() {
        let r = Report {
            workspace: "VM Deco".into(),
            period: "2026-11-30".into(),
            weekly: false,
            bots: vec![BotLine {
                name: "Loja".into(),
                uptime: Some(9_950),
                incidents: 1,
            }],
            spend: 12_500_000,
            spend_before: None,
            month_to_date: 300_000_000,
            projected: 420_000_000,
            budget: Some(400_000_000),
        };
        let m = render(&r, &Voice::default(), "https://baas.example");
        assert_eq!(m.subject, "Daily health report — VM Deco — 2026-11-30");
        assert!(
            m.text.contains("Loja: uptime 99.50%, 1 incident\n"),
            "{}",
            m.text
        );
        assert!(m.text.contains("Yesterday's spend: $12.50"), "{}", m.text);
        assert!(
            m.text.contains("Month to date: $300.00 of a $400.00 budget; projected for the month: $420.00 — over budget"),
            "{}",
            m.text
        );
        let weekly = Report {
            weekly: true,
            spend_before: Some(10_000_000),
            budget: None,
            bots: vec![],
            ..r
        };
        let m = render(&weekly, &Voice::default(), "https://baas.example");
        assert!(m.subject.starts_with("Weekly health report"));
        assert!(
            m.text
                .contains("This week's spend: $12.50 (the week before: $10.00)"),
            "{}",
            m.text
        );
        assert!(m.text.contains("No bots yet."));
        assert!(m.text.contains("(no budget set)"));
    }

    #[test]
    fn a_report_is_written_in_the_workspace_s_language_and_number_format() {
        let r = Report {
            workspace: "VM Deco".into(),
            period: "2026-11-30".into(),
            weekly: false,
            bots: vec![
                BotLine {
                    name: "Loja".into(),
                    uptime: Some(9_950),
                    incidents: 0,
                },
                BotLine {
                    name: "Suporte".into(),
                    uptime: None,
                    incidents: 2,
                },
            ],
            spend: 1_234_500_000,
            spend_before: None,
            month_to_date: 3_000_000_000,
            projected: 4_200_000_000,
            budget: Some(4_000_000_000),
        };
        let voice = Voice {
            language: "pt-BR".into(),
            tone: "formal".into(),
            ..Voice::default()
        };
        let m = render(&r, &voice, "https://baas.example");
        assert_eq!(
            m.subject,
            "Relatório diário de saúde — VM Deco — 2026-11-30"
        );
        assert!(m.text.starts_with("Olá,"), "{}", m.text);
        assert!(
            m.text
                .contains("Loja: disponibilidade 99,50%, nenhum incidente\n"),
            "{}",
            m.text
        );
        assert!(
            m.text
                .contains("Suporte: disponibilidade sem verificações, 2 incidentes"),
            "{}",
            m.text
        );
        assert!(
            m.text.contains("Gasto de ontem: US$ 1.234,50"),
            "{}",
            m.text
        );
        assert!(m.text.contains("— acima do orçamento"), "{}", m.text);
        assert!(m.text.contains("— Agente Admin do BaaS"), "{}", m.text);
        let es = render(
            &r,
            &Voice {
                language: "es".into(),
                ..Voice::default()
            },
            "https://baas.example",
        );
        assert!(
            es.subject.starts_with("Informe diario de salud"),
            "{}",
            es.subject
        );
        assert!(es.text.contains("US$ 3.000,00"), "{}", es.text);
    }
}
