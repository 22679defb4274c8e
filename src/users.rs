//! The people who use BaaS, by email address: found, or created the first time an address
//! signs in, is invited into a workspace or is named an operator.

use crate::db::new_id;
use crate::error::Result;
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
