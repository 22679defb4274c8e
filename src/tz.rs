//! Tenant time zones: local days and months as Unix-second ranges.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Timestamp, Zoned};

/// A tenant's time zone (IANA name), validated.
#[derive(Debug, Clone)]
pub struct Zone {
    name: String,
    tz: TimeZone,
}

impl Zone {
    /// Parses an IANA name such as "America/Sao_Paulo" or "UTC" (case-insensitive; the
    /// canonical spelling is kept); the error message names the bad value.
    pub fn parse(name: &str) -> Result<Zone, String> {
        let unknown = || {
            format!(
                "unknown time zone {name:?}: expected an IANA name such as \"America/Sao_Paulo\""
            )
        };
        let tz = TimeZone::get(name).map_err(|_| unknown())?;
        // `Etc/Unknown` resolves to jiff's placeholder zone, which has no IANA name.
        let canonical = tz.iana_name().ok_or_else(unknown)?.to_string();
        Ok(Zone {
            name: canonical,
            tz,
        })
    }

    /// A stored zone name, or UTC if it no longer parses (a tz database change), so a renamed
    /// zone never stops traffic or the dashboard.
    pub fn stored(name: &str) -> Zone {
        Zone::parse(name).unwrap_or_else(|_| Zone {
            name: "UTC".into(),
            tz: TimeZone::UTC,
        })
    }

    /// The canonical IANA name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Seconds east of UTC in this zone at Unix second `at` (daylight saving included).
    pub fn offset_at(&self, at: i64) -> i32 {
        self.local(at).offset().seconds()
    }

    /// Every IANA zone name the bundled database knows, sorted.
    pub fn all_names() -> Vec<String> {
        let mut names: Vec<String> = jiff::tz::db().available().map(|n| n.to_string()).collect();
        names.sort();
        names
    }

    /// [start, end) Unix seconds of the local day containing `at`. A day whose midnight falls
    /// in a DST gap starts at the first local time after the gap. Bounds that jiff cannot
    /// represent (around years -9999 and 9999) saturate to `i64::MIN` / `i64::MAX`.
    pub fn day_bounds(&self, at: i64) -> (i64, i64) {
        let date = self.local(at).date();
        (
            self.start_of(date).unwrap_or(i64::MIN),
            self.start_of_next(date).unwrap_or(i64::MAX),
        )
    }

    /// [start, end) Unix seconds of the local month containing `at`; saturates like
    /// [`Zone::day_bounds`].
    pub fn month_bounds(&self, at: i64) -> (i64, i64) {
        let date = self.local(at).date();
        (
            self.start_of(date.first_of_month()).unwrap_or(i64::MIN),
            self.start_of_next(date.last_of_month()).unwrap_or(i64::MAX),
        )
    }

    /// "2026-11-22" local date of `at`.
    pub fn day_key(&self, at: i64) -> String {
        self.local(at).strftime("%Y-%m-%d").to_string()
    }

    /// "2026-11" local month of `at`.
    pub fn month_key(&self, at: i64) -> String {
        self.local(at).strftime("%Y-%m").to_string()
    }

    /// "2026-11-22 21:05" local time of `at`.
    pub fn minute_label(&self, at: i64) -> String {
        self.local(at).strftime("%Y-%m-%d %H:%M").to_string()
    }

    /// Local hour of day 0..=23 of `at`.
    pub fn hour(&self, at: i64) -> u32 {
        u32::from(self.local(at).hour().unsigned_abs())
    }

    /// The local day of the week at `at`: 1 for Monday to 7 for Sunday.
    pub fn weekday(&self, at: i64) -> u32 {
        u32::from(
            self.local(at)
                .weekday()
                .to_monday_one_offset()
                .unsigned_abs(),
        )
    }

    /// The local minute of the day (0–1439) and the second within that minute at `at`.
    pub fn minute_of_day(&self, at: i64) -> (u32, u32) {
        let t = self.local(at);
        let minute = u32::from(t.hour().unsigned_abs()) * 60 + u32::from(t.minute().unsigned_abs());
        (minute, u32::from(t.second().unsigned_abs()))
    }

    /// Start (Unix seconds) of local date "YYYY-MM-DD"; error for a bad date.
    pub fn start_of_day(&self, date: &str) -> Result<i64, String> {
        let bad = || format!("invalid date {date:?}: expected YYYY-MM-DD");
        let parsed = parse_date(date).ok_or_else(bad)?;
        self.start_of(parsed).ok_or_else(bad)
    }

    /// Label of the next local day start after `at`, as "HH:MM Zone/Name, D Mon"
    /// (e.g. "00:00 America/Sao_Paulo, 23 Nov"), for "paused until …". The time reads other
    /// than 00:00 only when midnight is skipped by a DST change.
    pub fn midnight_label(&self, at: i64) -> String {
        let next = self.local(self.day_bounds(at).1);
        format!(
            "{} {}, {}",
            next.strftime("%H:%M"),
            self.name,
            next.strftime("%-d %b")
        )
    }

    /// `at` in this zone; instants outside jiff's range are clamped to it.
    fn local(&self, at: i64) -> Zoned {
        let ts = Timestamp::from_second(at).unwrap_or(if at < 0 {
            Timestamp::MIN
        } else {
            Timestamp::MAX
        });
        ts.to_zoned(self.tz.clone())
    }

    /// Unix seconds of the start of local `date`, if representable.
    fn start_of(&self, date: Date) -> Option<i64> {
        // Midnight resolves with jiff's compatible disambiguation, as in `Zoned::start_of_day`:
        // inside a DST gap it moves forward by the gap, so the day starts when clocks resume.
        let start = date.to_zoned(self.tz.clone()).ok()?;
        Some(start.timestamp().as_second())
    }

    /// Unix seconds of the start of the local day after `date`, if representable.
    fn start_of_next(&self, date: Date) -> Option<i64> {
        self.start_of(date.tomorrow().ok()?)
    }
}

/// Parses exactly "YYYY-MM-DD" into a valid calendar date.
fn parse_date(s: &str) -> Option<Date> {
    let mut parts = s.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    let shaped = parts.next().is_none()
        && [(y, 4), (m, 2), (d, 2)]
            .iter()
            .all(|(p, len)| p.len() == *len && p.bytes().all(|b| b.is_ascii_digit()));
    if !shaped {
        return None;
    }
    Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?).ok()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// Unix seconds of an RFC 3339 instant.
    fn utc(s: &str) -> i64 {
        s.parse::<Timestamp>().unwrap().as_second()
    }

    fn zone(name: &str) -> Zone {
        Zone::parse(name).unwrap()
    }

    #[test]
    fn parses_iana_names_and_utc() {
        assert_eq!(zone("America/Sao_Paulo").name(), "America/Sao_Paulo");
        assert_eq!(zone("UTC").name(), "UTC");
        assert_eq!(zone("utc").name(), "UTC");
        assert_eq!(zone("america/new_york").name(), "America/New_York");
        assert_eq!(zone("Asia/Kolkata").name(), "Asia/Kolkata");
    }

    #[test]
    fn bad_zone_names_are_rejected_by_name() {
        for bad in [
            "Mars/Olympus_Mons",
            "",
            "Etc/Unknown",
            "+03:00",
            "../../etc/passwd",
        ] {
            let err = Zone::parse(bad).unwrap_err();
            assert!(err.contains(&format!("{bad:?}")), "{err}");
        }
    }

    #[test]
    fn sao_paulo_november_starts_at_three_utc() {
        let z = zone("America/Sao_Paulo");
        let (start, end) = z.month_bounds(utc("2026-11-15T12:00:00Z"));
        assert_eq!(start, utc("2026-11-01T03:00:00Z"));
        assert_eq!(end, utc("2026-12-01T03:00:00Z"));
        assert_eq!(z.month_key(start), "2026-11");
        assert_eq!(z.month_key(start - 1), "2026-10");
        assert_eq!(z.day_key(start - 1), "2026-10-31");
    }

    #[test]
    fn late_november_evening_in_sao_paulo_is_still_november() {
        let z = zone("America/Sao_Paulo");
        // 2026-11-30T23:30 local.
        let at = utc("2026-12-01T02:30:00Z");
        assert_eq!(z.month_key(at), "2026-11");
        assert_eq!(z.day_key(at), "2026-11-30");
        assert_eq!(z.hour(at), 23);
        assert_eq!(
            z.month_bounds(at),
            (utc("2026-11-01T03:00:00Z"), utc("2026-12-01T03:00:00Z"))
        );
        assert_eq!(
            z.day_bounds(at),
            (utc("2026-11-30T03:00:00Z"), utc("2026-12-01T03:00:00Z"))
        );
        assert_eq!(zone("UTC").month_key(at), "2026-12");
    }

    #[test]
    fn new_york_spring_forward_day_has_23_hours() {
        let z = zone("America/New_York");
        let (start, end) = z.day_bounds(utc("2026-03-08T12:00:00Z"));
        assert_eq!(start, utc("2026-03-08T05:00:00Z"));
        assert_eq!(end, utc("2026-03-09T04:00:00Z"));
        assert_eq!(end - start, 23 * 3_600);
        assert_eq!(z.day_key(end - 1), "2026-03-08");
        assert_eq!(z.day_key(end), "2026-03-09");
    }

    #[test]
    fn new_york_fall_back_day_has_25_hours() {
        let z = zone("America/New_York");
        let (start, end) = z.day_bounds(utc("2026-11-01T12:00:00Z"));
        assert_eq!(start, utc("2026-11-01T04:00:00Z"));
        assert_eq!(end, utc("2026-11-02T05:00:00Z"));
        assert_eq!(end - start, 25 * 3_600);
        // 01:30 happens twice that morning; both are on the same local day.
        assert_eq!(z.day_key(utc("2026-11-01T05:30:00Z")), "2026-11-01");
        assert_eq!(z.day_key(utc("2026-11-01T06:30:00Z")), "2026-11-01");
        assert_eq!(z.hour(utc("2026-11-01T05:30:00Z")), 1);
        assert_eq!(z.hour(utc("2026-11-01T06:30:00Z")), 1);
    }

    #[test]
    fn new_york_november_includes_the_extra_hour() {
        let z = zone("America/New_York");
        let (start, end) = z.month_bounds(utc("2026-11-20T00:00:00Z"));
        assert_eq!(start, utc("2026-11-01T04:00:00Z"));
        assert_eq!(end, utc("2026-12-01T05:00:00Z"));
        assert_eq!(end - start, 30 * 86_400 + 3_600);
    }

    #[test]
    fn midnight_in_a_dst_gap_starts_the_day_after_the_gap() {
        // Brazil had DST until 2019; on 2018-11-04 clocks went from 00:00 straight to 01:00.
        let z = zone("America/Sao_Paulo");
        let (start, end) = z.day_bounds(utc("2018-11-04T12:00:00Z"));
        assert_eq!(start, utc("2018-11-04T03:00:00Z"));
        assert_eq!(end, utc("2018-11-05T02:00:00Z"));
        assert_eq!(end - start, 23 * 3_600);
        assert_eq!(z.start_of_day("2018-11-04").unwrap(), start);
        assert_eq!(z.day_bounds(utc("2018-11-03T12:00:00Z")).1, start);
        assert_eq!(
            z.midnight_label(utc("2018-11-03T12:00:00Z")),
            "01:00 America/Sao_Paulo, 4 Nov"
        );
    }

    #[test]
    fn kolkata_half_hour_offset() {
        let z = zone("Asia/Kolkata");
        let at = utc("2026-11-22T06:00:00Z");
        assert_eq!(
            z.day_bounds(at),
            (utc("2026-11-21T18:30:00Z"), utc("2026-11-22T18:30:00Z"))
        );
        assert_eq!(z.day_key(utc("2026-11-21T18:29:59Z")), "2026-11-21");
        assert_eq!(z.day_key(utc("2026-11-21T18:30:00Z")), "2026-11-22");
        assert_eq!(z.hour(utc("2026-11-21T18:29:59Z")), 23);
        assert_eq!(z.hour(utc("2026-11-21T18:30:00Z")), 0);
        assert_eq!(z.hour(at), 11);
        assert_eq!(
            z.month_bounds(at),
            (utc("2026-10-31T18:30:00Z"), utc("2026-11-30T18:30:00Z"))
        );
        assert_eq!(z.midnight_label(at), "00:00 Asia/Kolkata, 23 Nov");
    }

    #[test]
    fn keys_at_utc_year_boundary() {
        let z = zone("UTC");
        let new_year = utc("2026-01-01T00:00:00Z");
        assert_eq!(z.day_key(new_year - 1), "2025-12-31");
        assert_eq!(z.month_key(new_year - 1), "2025-12");
        assert_eq!(z.day_key(new_year), "2026-01-01");
        assert_eq!(z.month_key(new_year), "2026-01");
        assert_eq!(z.hour(new_year - 1), 23);
        assert_eq!(z.hour(new_year), 0);
        assert_eq!(z.day_bounds(new_year), (new_year, new_year + 86_400));
        assert_eq!(z.day_bounds(new_year - 1), (new_year - 86_400, new_year));
    }

    #[test]
    fn leap_february_2028() {
        let z = zone("UTC");
        let (start, end) = z.month_bounds(utc("2028-02-29T12:00:00Z"));
        assert_eq!(start, utc("2028-02-01T00:00:00Z"));
        assert_eq!(end, utc("2028-03-01T00:00:00Z"));
        assert_eq!(end - start, 29 * 86_400);
        let z = zone("America/Sao_Paulo");
        let (start, end) = z.month_bounds(utc("2028-02-10T00:00:00Z"));
        assert_eq!(start, utc("2028-02-01T03:00:00Z"));
        assert_eq!(end, utc("2028-03-01T03:00:00Z"));
        assert_eq!(z.day_key(end - 1), "2028-02-29");
        assert_eq!(
            z.start_of_day("2028-02-29").unwrap(),
            utc("2028-02-29T03:00:00Z")
        );
        assert!(z.start_of_day("2027-02-29").is_err());
    }

    #[test]
    fn start_of_day_roundtrips_with_day_key() {
        for name in [
            "UTC",
            "America/Sao_Paulo",
            "America/New_York",
            "Asia/Kolkata",
        ] {
            let z = zone(name);
            // Every 7 hours 13 minutes across 2026, covering both DST changes.
            let mut at = utc("2026-01-01T00:00:00Z");
            while at < utc("2027-01-01T00:00:00Z") {
                let (start, end) = z.day_bounds(at);
                assert!(start <= at && at < end, "{name} {at}");
                assert_eq!(
                    z.start_of_day(&z.day_key(at)).unwrap(),
                    start,
                    "{name} {at}"
                );
                assert_eq!(z.day_key(start), z.day_key(at));
                assert_eq!(z.day_bounds(end).0, end);
                let (month_start, month_end) = z.month_bounds(at);
                assert!(month_start <= start && end <= month_end, "{name} {at}");
                assert_eq!(z.month_key(month_start), z.month_key(at));
                assert_eq!(z.month_key(month_end - 1), z.month_key(at));
                at += 7 * 3_600 + 13 * 60;
            }
        }
    }

    #[test]
    fn start_of_day_rejects_bad_dates() {
        let z = zone("America/Sao_Paulo");
        assert_eq!(
            z.start_of_day("2026-11-01").unwrap(),
            utc("2026-11-01T03:00:00Z")
        );
        for bad in [
            "",
            "2026-02-30",
            "2026-13-01",
            "2026-00-10",
            "2026-1-01",
            "26-01-01",
            "2026-11-22T00:00",
            "2026-11-22-01",
            "2026/11/22",
            "+2026-11-22",
            "2026-11-2a",
        ] {
            let err = z.start_of_day(bad).unwrap_err();
            assert!(err.contains(&format!("{bad:?}")), "{err}");
        }
    }

    #[test]
    fn midnight_label_names_the_next_local_midnight() {
        let z = zone("America/Sao_Paulo");
        assert_eq!(
            z.midnight_label(utc("2026-11-22T15:00:00Z")),
            "00:00 America/Sao_Paulo, 23 Nov"
        );
        // Exactly at midnight the label is the following one.
        assert_eq!(
            z.midnight_label(utc("2026-11-23T03:00:00Z")),
            "00:00 America/Sao_Paulo, 24 Nov"
        );
        assert_eq!(
            z.midnight_label(utc("2026-12-01T02:30:00Z")),
            "00:00 America/Sao_Paulo, 1 Dec"
        );
        assert_eq!(
            zone("UTC").midnight_label(utc("2026-12-31T23:59:59Z")),
            "00:00 UTC, 1 Jan"
        );
    }

    #[test]
    fn extreme_instants_do_not_panic() {
        let z = zone("America/New_York");
        for at in [i64::MIN, i64::MIN / 2, -1, 0, i64::MAX / 2, i64::MAX] {
            let (start, end) = z.day_bounds(at);
            assert!(start < end);
            let (start, end) = z.month_bounds(at);
            assert!(start < end);
            assert!(z.hour(at) < 24);
            assert!(!z.day_key(at).is_empty());
            assert!(!z.month_key(at).is_empty());
            assert!(!z.midnight_label(at).is_empty());
        }
    }
}
