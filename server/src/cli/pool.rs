//! The shared provider pool and the price table, from the command line.

use baas::crypto::SecretBox;
use baas::db::Db;
use baas::gateway::{credentials, prices};
use std::io::Read;

pub(super) async fn credential_add(
    db: &Db,
    secrets: &SecretBox,
    name: &str,
    base_url: &str,
    kind: &str,
    priority: i64,
    json: bool,
) -> Result<(), String> {
    let kind = credentials::parse_kind(kind).map_err(|e| e.public_message())?;
    let mut secret = String::new();
    std::io::stdin()
        .read_to_string(&mut secret)
        .map_err(|e| format!("reading the secret from stdin: {e}"))?;
    let id =
        credentials::add_credential(db, secrets, name, kind, base_url, secret.trim(), priority)
            .await
            .map_err(|e| e.public_message())?;
    let enabled = kind != credentials::CredentialKind::ClaudeSubscription;
    if !enabled {
        eprintln!("warning: {}", credentials::SUBSCRIPTION_RISK);
    }
    if json {
        println!("{}", serde_json::json!({ "id": id, "enabled": enabled }));
    } else if enabled {
        println!("added credential {id}");
    } else {
        println!("added credential {id} (disabled; `baas credential enable {id}` to use it)");
    }
    Ok(())
}

pub(super) async fn credential_list(db: &Db, json: bool) -> Result<(), String> {
    let list = credentials::list_credentials(db)
        .await
        .map_err(|e| e.public_message())?;
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&list).map_err(|e| e.to_string())?
        );
        return Ok(());
    }
    println!(
        "{:<36}  {:<20}  {:<19}  {:>8}  {:<7}  BASE URL",
        "ID", "NAME", "KIND", "PRIORITY", "ENABLED"
    );
    for c in list {
        println!(
            "{:<36}  {:<20}  {:<19}  {:>8}  {:<7}  {}",
            c.id, c.name, c.kind, c.priority, c.enabled, c.base_url
        );
    }
    Ok(())
}

pub(super) async fn credential_limits(
    db: &Db,
    id: &str,
    rpm: Option<i64>,
    tpm: Option<i64>,
) -> Result<(), String> {
    credentials::set_credential_limits(db, id, rpm, tpm)
        .await
        .map_err(|e| e.public_message())?;
    let show = |v: Option<i64>| v.map_or("none".to_string(), |n| n.to_string());
    println!(
        "limits of {id}: {} requests/min, {} tokens/min; running servers use them within 10 seconds",
        show(rpm),
        show(tpm)
    );
    Ok(())
}

/// Parses dollars per million tokens (`--flag`) into micro-USD per million tokens.
pub(super) fn usd_per_mtok(raw: &str, flag: &str) -> Result<i64, String> {
    raw.parse::<f64>()
        .ok()
        .filter(|d| d.is_finite() && *d >= 0.0)
        .map(|d| (d * 1_000_000.0).round() as i64)
        .ok_or_else(|| {
            format!("--{flag} must be a price in USD per million tokens, like 3 or 0.30")
        })
}

pub(super) async fn price_set(
    db: &Db,
    model: &str,
    input: &str,
    output: &str,
    cache_read: Option<&str>,
    cache_write: Option<&str>,
) -> Result<(), String> {
    let input = usd_per_mtok(input, "input")?;
    let output = usd_per_mtok(output, "output")?;
    let price = baas::pricing::ModelPrice {
        model: model.to_string(),
        input,
        output,
        // Anthropic's list ratios when not given: reads at 0.1x, writes at 1.25x the input price.
        cache_read: cache_read
            .map(|v| usd_per_mtok(v, "cache-read"))
            .transpose()?
            .unwrap_or(input / 10),
        cache_write: cache_write
            .map(|v| usd_per_mtok(v, "cache-write"))
            .transpose()?
            .unwrap_or(input * 5 / 4),
    };
    prices::set_price(db, &price)
        .await
        .map_err(|e| e.public_message())?;
    println!("price set for {model}; running servers use it within 10 seconds");
    Ok(())
}

pub(super) async fn price_list(db: &Db, json: bool) -> Result<(), String> {
    let table = prices::load_prices(db)
        .await
        .map_err(|e| e.public_message())?;
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&table).map_err(|e| e.to_string())?
        );
        return Ok(());
    }
    let usd = |m: i64| format!("{:.2}", m as f64 / 1_000_000.0);
    println!(
        "{:<28}  {:>8}  {:>8}  {:>10}  {:>11}",
        "MODEL", "INPUT", "OUTPUT", "CACHE READ", "CACHE WRITE"
    );
    for p in table {
        println!(
            "{:<28}  {:>8}  {:>8}  {:>10}  {:>11}",
            p.model,
            usd(p.input),
            usd(p.output),
            usd(p.cache_read),
            usd(p.cache_write)
        );
    }
    Ok(())
}
