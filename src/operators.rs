//! Operators: the people who run the service itself (the shared provider pool and the price
//! table), named from the command line and checked on every operator action.

use crate::audit::Actor;
use crate::clock::now;
use crate::db::Db;
use crate::email::Email;
use crate::error::{Error, Result};

/// Whether the user is an operator.
pub async fn is_operator(db: &Db, user_id: &str) -> Result<bool> {
    let row: Option<(String,)> = sqlx::query_as("SELECT user_id FROM operators WHERE user_id = $1")
        .bind(user_id)
        .fetch_optional(&db.pool)
        .await?;
    Ok(row.is_some())
}

/// Fails with 403 unless the user is an operator.
pub async fn require_operator(db: &Db, user_id: &str) -> Result<()> {
    if is_operator(db, user_id).await? {
        Ok(())
    } else {
        Err(Error::Forbidden(
            "only operators manage the provider pool and prices".into(),
        ))
    }
}

/// Makes the user with this address an operator (creating the user if new).
pub async fn grant(db: &Db, raw_email: &str) -> Result<()> {
    let email =
        Email::parse(raw_email).map_err(|e| Error::Invalid(format!("email address: {e}")))?;
    let t = now();
    let mut tx = db.pool.begin().await?;
    let user_id = crate::users::user_for_email(&mut tx, email.as_str(), t).await?;
    sqlx::query(
        "INSERT INTO operators (user_id, created_at) VALUES ($1, $2) ON CONFLICT (user_id) DO NOTHING",
    )
    .bind(&user_id)
    .bind(t)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Takes operator rights away from the user with this address.
pub async fn revoke(db: &Db, raw_email: &str) -> Result<()> {
    let email =
        Email::parse(raw_email).map_err(|e| Error::Invalid(format!("email address: {e}")))?;
    let removed = sqlx::query(
        "DELETE FROM operators WHERE user_id = (SELECT id FROM users WHERE email = $1)",
    )
    .bind(email.as_str())
    .execute(&db.pool)
    .await?
    .rows_affected();
    if removed == 0 {
        return Err(Error::NotFound("operator"));
    }
    Ok(())
}

/// The operators' email addresses.
pub async fn list(db: &Db) -> Result<Vec<String>> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT u.email FROM operators o JOIN users u ON u.id = o.user_id ORDER BY u.email",
    )
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().map(|(e,)| e).collect())
}

/// Records a change to the pool or the prices in the audit log (no tenant).
pub async fn audit_change(db: &Db, actor: &Actor, detail: &str) -> Result<()> {
    let mut conn = db.pool.acquire().await?;
    crate::audit::record(
        &mut conn,
        None,
        actor,
        crate::audit::Action::PoolChanged,
        detail,
    )
    .await
}

/// Reads an optional per-minute limit typed in a form: empty means none.
pub fn parse_limit(raw: &str, what: &str) -> Result<Option<i64>> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    raw.parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .map(Some)
        .ok_or_else(|| {
            Error::Invalid(format!(
                "{what} must be a positive whole number, or empty for none"
            ))
        })
}
