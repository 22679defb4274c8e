//! What the operator commands share: output, the operator's access to a workspace, and
//! amounts and counts as typed on a command line.

use baas::access::Access;
use baas::db::Db;
use baas::ids::TenantId;

pub(super) fn done(what: impl std::fmt::Display) -> Result<(), String> {
    println!("{what}");
    Ok(())
}

pub(super) fn print_json(value: &impl serde::Serialize) -> Result<(), String> {
    println!(
        "{}",
        serde_json::to_string_pretty(value).map_err(|e| e.to_string())?
    );
    Ok(())
}

/// The operator's access to a workspace, for commands that act in one.
pub(super) async fn as_operator(db: &Db, tenant_id: &str) -> Result<Access, String> {
    Access::operator(db, &TenantId::new(tenant_id))
        .await
        .map_err(|e| e.public_message())
}

/// `USD` or `none` into an optional amount.
pub(super) fn usd_or_none(raw: &str, what: &str) -> Result<Option<i64>, String> {
    if raw.trim().eq_ignore_ascii_case("none") {
        return Ok(None);
    }
    match baas::amount::parse_usd(raw, baas::i18n::Locale::En) {
        Ok(Some(v)) => Ok(Some(v)),
        Ok(None) => Err(format!("--{what} needs an amount in USD, or none")),
        Err(e) => Err(format!("--{what}: {e}")),
    }
}

/// `N` or `unlimited` into an optional count.
pub(super) fn count_or_unlimited(raw: &str, what: &str) -> Result<Option<i64>, String> {
    if raw.trim().eq_ignore_ascii_case("unlimited") {
        return Ok(None);
    }
    raw.trim()
        .parse::<i64>()
        .ok()
        .filter(|n| *n >= 0)
        .map(Some)
        .ok_or_else(|| format!("--{what} must be a whole number or unlimited"))
}
