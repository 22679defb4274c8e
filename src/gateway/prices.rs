//! The price table as stored: the operator's prices over the built-in defaults.

use crate::clock::now;
use crate::db::Db;
use crate::error::{Error, Result};

/// The price table: built-in defaults, overridden and extended by the operator's entries.
pub async fn load_prices(db: &Db) -> Result<Vec<crate::pricing::ModelPrice>> {
    let rows: Vec<crate::pricing::ModelPrice> = sqlx::query_as(
        "SELECT model, input, output, cache_read, cache_write FROM model_prices ORDER BY model",
    )
    .fetch_all(&db.pool)
    .await?;
    let mut table = crate::pricing::default_prices();
    for price in rows {
        match table.iter_mut().find(|p| p.model == price.model) {
            Some(p) => *p = price,
            None => table.push(price),
        }
    }
    Ok(table)
}

/// Sets a model's prices (micro-USD per million tokens), adding the model if it is new.
pub async fn set_price(db: &Db, price: &crate::pricing::ModelPrice) -> Result<()> {
    let model = price.model.trim();
    if model.is_empty()
        || model.len() > 100
        || model.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(Error::Invalid(
            "the model id must be 1 to 100 characters without spaces".into(),
        ));
    }
    if [
        price.input,
        price.output,
        price.cache_read,
        price.cache_write,
    ]
    .iter()
    .any(|p| *p < 0)
    {
        return Err(Error::Invalid("prices cannot be negative".into()));
    }
    sqlx::query(
        "INSERT INTO model_prices (model, input, output, cache_read, cache_write, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (model) DO UPDATE SET input = excluded.input, output = excluded.output,
            cache_read = excluded.cache_read, cache_write = excluded.cache_write, updated_at = excluded.updated_at",
    )
    .bind(model)
    .bind(price.input)
    .bind(price.output)
    .bind(price.cache_read)
    .bind(price.cache_write)
    .bind(now())
    .execute(&db.pool)
    .await?;
    Ok(())
}
