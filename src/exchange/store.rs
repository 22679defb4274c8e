//! The operator's BRL rate, kept in the database so every server process shows the same one.

use super::{format_brl, BrlRate, MAX_MICRO_BRL_PER_USD};
use crate::audit::{self, Action, Actor};
use crate::clock::now;
use crate::db::Db;
use crate::error::{Error, Result};
use crate::i18n::Locale;

/// The rate reais are shown at, if the operator set one.
pub async fn brl_rate(db: &Db) -> Result<Option<BrlRate>> {
    let row: Option<(i64, i64)> =
        sqlx::query_as("SELECT micro_per_usd, set_at FROM exchange_rates WHERE currency = 'BRL'")
            .fetch_optional(&db.pool)
            .await?;
    Ok(row.map(|(micro_brl_per_usd, set_at)| BrlRate {
        micro_brl_per_usd,
        set_at,
    }))
}

/// Sets (or, with `None`, removes) the rate reais are shown at; audited.
pub async fn set_brl_rate(db: &Db, actor: &Actor, rate: Option<i64>) -> Result<()> {
    if let Some(r) = rate {
        if r <= 0 || r > MAX_MICRO_BRL_PER_USD {
            return Err(Error::Invalid(format!(
                "the exchange rate must be more than R$ 0 and at most {} per US$",
                format_brl(MAX_MICRO_BRL_PER_USD, Locale::PtBr)
            )));
        }
    }
    let mut tx = db.pool.begin().await?;
    sqlx::query("DELETE FROM exchange_rates WHERE currency = 'BRL'")
        .execute(&mut *tx)
        .await?;
    let detail = match rate {
        Some(r) => {
            sqlx::query(
                "INSERT INTO exchange_rates (currency, micro_per_usd, set_at) VALUES ('BRL', $1, $2)",
            )
            .bind(r)
            .bind(now())
            .execute(&mut *tx)
            .await?;
            format!(
                "BRL display rate set to {} per US$",
                format_brl(r, Locale::PtBr)
            )
        }
        None => "BRL display rate removed".to_string(),
    };
    audit::record(&mut tx, None, actor, Action::PoolChanged, &detail).await?;
    tx.commit().await?;
    Ok(())
}
