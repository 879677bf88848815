//! The daily digest: who is due one, and claiming a user's digest so that exactly one
//! instance queues it.
//!
//! A user's `digested_until` says up to which instant their notifications are in a sent
//! digest. A pass that ends its window at `until` finds the users with notifications after
//! their `digested_until` and up to `until`, of kinds they get in the digest, and for each
//! moves `digested_until` to `until` by compare-and-set, queueing the digest in the same
//! transaction: of two passes (two instances, or a retry) only one sees its update succeed.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbBackend, DbErr, Value};
use siilo_domain::UserId;
use siilo_domain::accounts::Language;
use uuid::Uuid;

use crate::decode;
use crate::evaluation::stmt;

/// A user who is due a digest, and where their last one ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestRecipient {
    pub user_id: UserId,
    pub email: String,
    pub language: Language,
    /// The end of the last digest's window; `None` before the first.
    pub digested_until: Option<DateTime<Utc>>,
}

/// Up to `limit` users who may be emailed (not erased or blocked, address confirmed) and have
/// notifications after their `digested_until` and up to `until` of a kind they get in the
/// daily digest (by choice or by default), in id order after `after`.
#[tracing::instrument(skip_all, fields(%until, limit), err)]
pub async fn due(
    db: &impl ConnectionTrait,
    until: DateTime<Utc>,
    after: Option<UserId>,
    limit: u64,
) -> Result<Vec<DigestRecipient>, DbErr> {
    let sql = format!(
        r#"SELECT u.id, u.email, u.language, u.digested_until FROM users u
        WHERE u.erased_at IS NULL AND u.blocked_at IS NULL AND u.email_verified_at IS NOT NULL
          AND (u.digested_until IS NULL OR u.digested_until < $1)
          {after}
          AND EXISTS (
            SELECT 1 FROM notifications n
            WHERE n.user_id = u.id AND n.created_at <= $1
              AND (u.digested_until IS NULL OR n.created_at > u.digested_until)
              AND NOT EXISTS (
                SELECT 1 FROM email_preferences p
                WHERE p.user_id = n.user_id AND p.kind = n.kind AND p.delivery <> 'daily_digest'))
        ORDER BY u.id
        LIMIT $2"#,
        after = if after.is_some() { "AND u.id > $3" } else { "" }
    );
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let mut values: Vec<Value> = vec![until.into(), limit.into()];
    values.extend(after.map(|a| Value::from(a.0)));
    let rows = db.query_all_raw(stmt(db, &sql, values)).await?;
    rows.iter()
        .map(|r| {
            let id: Uuid = r.try_get("", "id")?;
            let language: String = r.try_get("", "language")?;
            Ok(DigestRecipient {
                user_id: id.into(),
                email: r.try_get("", "email")?,
                language: decode("users", "language", id, &language)?,
                digested_until: r.try_get("", "digested_until")?,
            })
        })
        .collect()
}

/// Moves the user's `digested_until` from `from` to `until` if it still is `from`: `true`
/// when this call did it (and so owns the digest of that window), `false` when another pass
/// got there first. Run it in the transaction that queues the digest.
#[tracing::instrument(skip_all, fields(user_id = %user, %until), err)]
pub async fn claim(
    db: &impl ConnectionTrait,
    user: UserId,
    from: Option<DateTime<Utc>>,
    until: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let same = match db.get_database_backend() {
        DbBackend::Postgres => "IS NOT DISTINCT FROM",
        _ => "IS",
    };
    let sql = format!("UPDATE users SET digested_until = $1 WHERE id = $2 AND digested_until {same} $3");
    let from: Value = from.into();
    let res = db.execute_raw(stmt(db, &sql, vec![until.into(), user.0.into(), from])).await?;
    Ok(res.rows_affected() == 1)
}
