//! The health history as CSV: a workspace's checks, or one bot's, over whole local days, read a
//! page at a time as the download goes (no page is read before the previous one was taken, and
//! no connection is held in between), at most [`MAX_ROWS`] checks over at most [`MAX_DAYS`].

use crate::access::Access;
use crate::costs::settings::tenant_zone;
use crate::csv::field;
use crate::db::Db;
use crate::error::{Error, Result};
use crate::ids::TenantId;
use crate::time::format_rfc3339;
use crate::tz::Zone;
use futures_util::Stream;

/// Columns, in order.
pub const CSV_HEADER: &str = "time_utc,bot,bot_id,result,fault,latency_ms,reason\n";

/// Most checks one download holds; a larger range is refused, never cut short.
pub const MAX_ROWS: i64 = 100_000;

/// Most local days one download spans.
pub const MAX_DAYS: i64 = 92;

/// Days a download spans when no start is given.
const DEFAULT_DAYS: i64 = 30;

/// Checks read per query.
const PAGE: i64 = 2_000;

/// A download, resolved and allowed.
#[derive(Debug, Clone)]
pub struct HealthExport {
    pub tenant_id: TenantId,
    /// The bot's id, or empty for every bot.
    pub bot_id: String,
    pub bot_name: Option<String>,
    /// [from, to) Unix seconds; `to` is never later than when the download was asked for, so
    /// the checks counted are the checks sent.
    pub from: i64,
    pub to: i64,
    pub first_day: String,
    pub last_day: String,
}

/// The local days from `from` to `to` (inclusive, "YYYY-MM-DD", by default the last 30 days up
/// to today) as [start, end) Unix seconds, the end no later than `now`, with the days' keys.
pub fn days(
    zone: &Zone,
    from: Option<&str>,
    to: Option<&str>,
    now: i64,
) -> Result<(i64, i64, String, String)> {
    let given = |s: Option<&str>| {
        s.map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let last_day = given(to).unwrap_or_else(|| zone.day_key(now));
    let last_start = zone.start_of_day(&last_day).map_err(Error::Invalid)?;
    let end = zone.day_bounds(last_start).1;
    let first_day = match given(from) {
        Some(d) => d,
        None => {
            let mut start = last_start;
            for _ in 1..DEFAULT_DAYS {
                start = zone.day_bounds(start - 1).0;
            }
            zone.day_key(start)
        }
    };
    let start = zone.start_of_day(&first_day).map_err(Error::Invalid)?;
    if start > last_start {
        return Err(Error::Invalid(format!(
            "the range starts ({first_day}) after it ends ({last_day})"
        )));
    }
    // Rounded, as a day with a DST change is 23 or 25 hours long.
    let span = (end - start + 43_200) / 86_400;
    if span > MAX_DAYS {
        return Err(Error::Invalid(format!(
            "a download spans at most {MAX_DAYS} days; this range has {span}"
        )));
    }
    Ok((start, end.min(now), first_day, last_day))
}

/// Resolves a download of the workspace's checks: the bot (empty for all, else one of the
/// workspace's), the days, and whether they fit in one download.
pub async fn prepare(
    db: &Db,
    at: &Access,
    bot: &str,
    from: Option<&str>,
    to: Option<&str>,
    now: i64,
) -> Result<HealthExport> {
    let bot = bot.trim();
    let bot_name = if bot.is_empty() {
        None
    } else {
        let found: Option<(String,)> =
            sqlx::query_as("SELECT name FROM bots WHERE id = $1 AND tenant_id = $2")
                .bind(bot)
                .bind(&at.tenant_id)
                .fetch_optional(&db.pool)
                .await?;
        Some(found.ok_or(Error::NotFound("bot"))?.0)
    };
    let zone = tenant_zone(db, &at.tenant_id).await?;
    let (start, end, first_day, last_day) = days(&zone, from, to, now)?;
    let q = HealthExport {
        tenant_id: at.tenant_id.clone(),
        bot_id: bot.to_string(),
        bot_name,
        from: start,
        to: end,
        first_day,
        last_day,
    };
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM health_checks
         WHERE tenant_id = $1 AND checked_at >= $2 AND checked_at < $3 AND ($4 = '' OR bot_id = $4)",
    )
    .bind(&q.tenant_id)
    .bind(q.from)
    .bind(q.to)
    .bind(&q.bot_id)
    .fetch_one(&db.pool)
    .await?;
    if n > MAX_ROWS {
        return Err(Error::Invalid(format!(
            "these days hold {n} checks and a download at most {MAX_ROWS}: choose fewer days or one bot"
        )));
    }
    Ok(q)
}

/// The download's file name: the bot (its name made safe, and the start of its id, as names
/// repeat) or "all-bots", and the days.
pub fn file_name(q: &HealthExport) -> String {
    let who = match &q.bot_name {
        None => "all-bots".to_string(),
        Some(name) => {
            let slug = crate::csv::file_slug(name, 40);
            let id: String = q
                .bot_id
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .take(8)
                .collect();
            match slug.as_str() {
                "" => format!("bot-{id}"),
                slug => format!("{slug}-{id}"),
            }
        }
    };
    format!("health-{who}-{}-{}.csv", q.first_day, q.last_day)
}

/// One check as exported.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Row {
    pub id: String,
    pub checked_at: i64,
    pub bot: String,
    pub bot_id: String,
    pub result: String,
    pub fault: Option<String>,
    pub latency_ms: Option<i64>,
    pub reason: String,
}

/// Appends `r` as a CSV line; every text field is quoted as needed and kept from being read as
/// a formula.
pub fn write_row(out: &mut String, r: &Row) {
    out.push_str(&format!(
        "{},{},{},{},{},{},{}\n",
        format_rfc3339(r.checked_at),
        field(&r.bot),
        field(&r.bot_id),
        field(&r.result),
        field(r.fault.as_deref().unwrap_or("")),
        r.latency_ms.map(|ms| ms.to_string()).unwrap_or_default(),
        field(&r.reason)
    ));
}

async fn page(db: &Db, q: &HealthExport, after: Option<(i64, String)>) -> Result<Vec<Row>> {
    let (at, id) = after.unwrap_or((i64::MIN, String::new()));
    Ok(sqlx::query_as::<_, Row>(
        "SELECT h.id, h.checked_at, b.name AS bot, h.bot_id, h.result, h.fault, h.latency_ms, h.reason
         FROM health_checks h JOIN bots b ON b.id = h.bot_id
         WHERE h.tenant_id = $1 AND h.checked_at >= $2 AND h.checked_at < $3
           AND ($4 = '' OR h.bot_id = $4)
           AND (h.checked_at > $5 OR (h.checked_at = $5 AND h.id > $6))
         ORDER BY h.checked_at, h.id
         LIMIT $7",
    )
    .bind(&q.tenant_id)
    .bind(q.from)
    .bind(q.to)
    .bind(&q.bot_id)
    .bind(at)
    .bind(id)
    .bind(PAGE)
    .fetch_all(&db.pool)
    .await?)
}

/// The CSV of a [`prepare`]d download, the header first, then one chunk per page of checks
/// in time order. A database error ends the stream with that error.
pub fn stream(db: Db, q: HealthExport) -> impl Stream<Item = Result<Vec<u8>>> + Send {
    futures_util::stream::unfold(Some((db, q, None, true)), |state| async move {
        let (db, q, after, first) = state?;
        let rows = match page(&db, &q, after).await {
            Ok(rows) => rows,
            Err(e) => return Some((Err(e), None)),
        };
        let mut out = String::with_capacity(rows.len() * 120 + CSV_HEADER.len());
        if first {
            out.push_str(CSV_HEADER);
        }
        for r in &rows {
            write_row(&mut out, r);
        }
        let next = match rows.last() {
            Some(last) if rows.len() as i64 == PAGE => {
                Some((db, q, Some((last.checked_at, last.id.clone())), false))
            }
            _ => None,
        };
        Some((Ok(out.into_bytes()), next))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    // 2026-12-03 15:42:10 UTC.
    const NOW: i64 = 1_796_312_530;

    fn export(bot_id: &str, bot_name: Option<&str>) -> HealthExport {
        HealthExport {
            tenant_id: TenantId::new("t"),
            bot_id: bot_id.into(),
            bot_name: bot_name.map(str::to_string),
            from: 0,
            to: 0,
            first_day: "2026-11-04".into(),
            last_day: "2026-12-03".into(),
        }
    }

    #[test]
    fn days_default_to_the_last_30_and_end_now() {
        let sp = Zone::parse("America/Sao_Paulo").expect("zone");
        let (start, end, first, last) = days(&sp, None, None, NOW).expect("days");
        assert_eq!(
            (first.as_str(), last.as_str()),
            ("2026-11-04", "2026-12-03")
        );
        assert_eq!(start, sp.start_of_day("2026-11-04").expect("day"));
        assert_eq!(end, NOW);
        let (start, end, _, _) =
            days(&sp, Some("2026-11-01"), Some("2026-11-02"), NOW).expect("days");
        assert_eq!(start, sp.start_of_day("2026-11-01").expect("day"));
        assert_eq!(end, sp.start_of_day("2026-11-03").expect("day"));
    }

    #[test]
    fn bad_reversed_and_long_ranges_are_refused() {
        let utc = Zone::parse("UTC").expect("zone");
        let refused = |from: &str, to: &str| {
            days(&utc, Some(from), Some(to), NOW)
                .expect_err("refused")
                .to_string()
        };
        assert!(refused("2026-13-01", "2026-12-01").contains("invalid date"));
        assert!(refused("2026-12-02", "2026-12-01").contains("after it ends"));
        assert!(refused("2026-01-01", "2026-12-01").contains("at most 92 days"));
        assert!(days(&utc, Some("2026-09-03"), Some("2026-12-03"), NOW).is_ok());
        assert!(days(&utc, Some("2026-09-02"), Some("2026-12-03"), NOW).is_err());
    }

    #[test]
    fn file_names_differ_per_bot_and_days() {
        assert_eq!(
            file_name(&export("", None)),
            "health-all-bots-2026-11-04-2026-12-03.csv"
        );
        assert_eq!(
            file_name(&export("1a2b3c4d-9999", Some("Loja São Paulo, \"main\""))),
            "health-loja-s-o-paulo-main-1a2b3c4d-2026-11-04-2026-12-03.csv"
        );
        assert_eq!(
            file_name(&export("ffff0000-1", Some("***"))),
            "health-bot-ffff0000-2026-11-04-2026-12-03.csv"
        );
    }

    #[test]
    fn rows_are_escaped_and_formulas_defused() {
        let mut out = String::new();
        write_row(
            &mut out,
            &Row {
                id: "x".into(),
                checked_at: NOW,
                bot: "=HYPERLINK(\"x\")".into(),
                bot_id: "b1".into(),
                result: "degraded".into(),
                fault: Some("channel_down".into()),
                latency_ms: Some(42),
                reason: "WhatsApp, \"linked\"\nnot connected".into(),
            },
        );
        write_row(
            &mut out,
            &Row {
                id: "y".into(),
                checked_at: NOW + 1,
                bot: "Loja".into(),
                bot_id: "b1".into(),
                result: "down".into(),
                fault: Some("unreachable".into()),
                latency_ms: None,
                reason: "-1 refused".into(),
            },
        );
        assert_eq!(
            out,
            "2026-12-03T15:42:10Z,\"'=HYPERLINK(\"\"x\"\")\",b1,degraded,channel_down,42,\"WhatsApp, \"\"linked\"\"\nnot connected\"\n\
             2026-12-03T15:42:11Z,Loja,b1,down,unreachable,,'-1 refused\n"
        );
    }
}
