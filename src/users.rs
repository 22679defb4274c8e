//! The people who use BaaS, by email address: found, or created the first time an address
//! signs in, is invited into a workspace or is named an operator; and the language each chose.

use crate::db::{new_id, Db};
use crate::error::Result;
use crate::i18n::Locale;
use sqlx::AnyConnection;

/// The id of the user with this (already parsed) address, creating the user at `t` if new.
pub async fn user_for_email(conn: &mut AnyConnection, email: &str, t: i64) -> Result<String> {
    if let Some(id) = user_id_by_email(conn, email).await? {
        return Ok(id);
    }
    let id = new_id();
    sqlx::query("INSERT INTO users (id, email, created_at) VALUES ($1, $2, $3)")
        .bind(&id)
        .bind(email)
        .bind(t)
        .execute(&mut *conn)
        .await?;
    Ok(id)
}

/// The id of the user with this (already parsed) address, if any.
pub async fn user_id_by_email(conn: &mut AnyConnection, email: &str) -> Result<Option<String>> {
    let row: Option<(String,)> = sqlx::query_as("SELECT id FROM users WHERE email = $1")
        .bind(email)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(row.map(|(id,)| id))
}

/// The language the user chose for the dashboard, if they chose one.
pub async fn language(db: &Db, user_id: &str) -> Result<Option<Locale>> {
    let row: Option<(Option<String>,)> = sqlx::query_as("SELECT language FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(&db.pool)
        .await?;
    Ok(row.and_then(|(l,)| l).and_then(|l| Locale::parse(&l)))
}

/// Keeps the user's choice of language; `None` goes back to their browser's.
pub async fn set_language(db: &Db, user_id: &str, language: Option<Locale>) -> Result<()> {
    sqlx::query("UPDATE users SET language = $1 WHERE id = $2")
        .bind(language.map(Locale::tag))
        .bind(user_id)
        .execute(&db.pool)
        .await?;
    Ok(())
}
