//! The outbox: every email Siilo sends is first a row here, written in the transaction of
//! the event that causes it, so that an email is never sent for a change that was rolled
//! back, nor lost for one that was committed. A worker (`siilo_server::mail`) claims due rows
//! and sends them.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, Set, Statement, Value};
use siilo_domain::UserId;
use siilo_domain::accounts::Language;
use siilo_domain::identity::MailTemplate;
use uuid::Uuid;

use crate::Db;
use crate::entities::outbox_email;

/// An email to send: to whom, in which language, and what the template needs (links,
/// ids); the worker renders it when it sends it.
#[derive(Debug, Clone)]
pub struct NewEmail<'a> {
    /// The account it is for, if any: its pending emails go when the account is erased.
    pub user_id: Option<UserId>,
    pub recipient: &'a str,
    pub language: Language,
    pub template: MailTemplate,
    pub payload: serde_json::Value,
}

/// Queues an email, due now. Call it inside the transaction of the event that causes it.
#[tracing::instrument(skip_all, fields(template = %email.template), err)]
pub async fn enqueue(
    db: &impl ConnectionTrait,
    email: NewEmail<'_>,
    now: DateTime<Utc>,
) -> Result<Uuid, DbErr> {
    let id = Uuid::now_v7();
    outbox_email::ActiveModel {
        id: Set(id),
        user_id: Set(email.user_id.map(|u| u.0)),
        recipient: Set(email.recipient.to_owned()),
        language: Set(email.language.into_str().to_owned()),
        template: Set(email.template.into_str().to_owned()),
        payload: Set(Some(email.payload.to_string())),
        created_at: Set(now),
        next_attempt_at: Set(now),
        attempts: Set(0),
        claimed_until: Set(None),
        sent_at: Set(None),
        failed_at: Set(None),
        last_error: Set(None),
    }
    .insert(db)
    .await?;
    Ok(id)
}

/// An email of the outbox as stored. The language and template stay text: the sender decides
/// what one it does not know means (it gives the email up).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuedEmail {
    pub id: Uuid,
    pub user_id: Option<UserId>,
    pub recipient: String,
    pub language: String,
    pub template: String,
    /// `None` once the email is sent or given up.
    pub payload: Option<String>,
    pub created_at: DateTime<Utc>,
    pub next_attempt_at: DateTime<Utc>,
    /// Attempts so far, counting the one a claim starts.
    pub attempts: u32,
    pub claimed_until: Option<DateTime<Utc>>,
    pub sent_at: Option<DateTime<Utc>>,
    pub failed_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
}

impl From<outbox_email::Model> for QueuedEmail {
    fn from(m: outbox_email::Model) -> Self {
        QueuedEmail {
            id: m.id,
            user_id: m.user_id.map(UserId),
            recipient: m.recipient,
            language: m.language,
            template: m.template,
            payload: m.payload,
            created_at: m.created_at,
            next_attempt_at: m.next_attempt_at,
            attempts: u32::try_from(m.attempts).unwrap_or(0),
            claimed_until: m.claimed_until,
            sent_at: m.sent_at,
            failed_at: m.failed_at,
            last_error: m.last_error,
        }
    }
}

/// A raw statement written with `$n` placeholders, as the connection's engine takes them.
fn stmt(db: &impl ConnectionTrait, sql: &str, values: Vec<Value>) -> Statement {
    let backend = db.get_database_backend();
    let sql = if backend == DbBackend::Postgres { sql.to_owned() } else { sql.replace('$', "?") };
    Statement::from_sql_and_values(backend, sql, values)
}

/// The rows a sender may claim at `$1` (now): not sent, not given up, due, and not claimed by
/// a sender whose claim still runs.
const DUE: &str = "sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $1 \
     AND (claimed_until IS NULL OR claimed_until < $1)";

const COLUMNS: &str = "id, user_id, recipient, language, template, payload, created_at, next_attempt_at, \
     attempts, claimed_until, sent_at, failed_at, last_error";

/// Claims up to `limit` due emails (not sent, not given up, due by `now`, and not claimed by
/// a sender whose claim still runs) until `claimed_until`, counting the attempt, oldest due
/// first. Atomic: on PostgreSQL the rows are locked `FOR UPDATE SKIP LOCKED`, so parallel
/// senders claim different rows without waiting on each other; on SQLite the write
/// transaction runs one claim at a time. A sender that dies leaves its rows to come back when
/// the claim ends. A read comes first: when nothing is due (most polls), no write
/// transaction is begun, which on SQLite would take the one write lock.
#[tracing::instrument(skip_all, err)]
pub async fn claim_due(
    db: &Db,
    limit: u64,
    now: DateTime<Utc>,
    claimed_until: DateTime<Utc>,
) -> Result<Vec<QueuedEmail>, DbErr> {
    let any_due = db
        .query_one_raw(stmt(db, &format!("SELECT id FROM outbox WHERE {DUE} LIMIT 1"), vec![now.into()]))
        .await?;
    if any_due.is_none() {
        return Ok(Vec::new());
    }
    let lock = match db.get_database_backend() {
        DbBackend::Postgres => " FOR UPDATE SKIP LOCKED",
        _ => "",
    };
    let sql = format!(
        "UPDATE outbox SET claimed_until = $1, attempts = attempts + 1 WHERE id IN ( \
           SELECT id FROM outbox WHERE {due} ORDER BY next_attempt_at LIMIT $3{lock}) \
         RETURNING {COLUMNS}",
        due = DUE.replace("$1", "$2"),
    );
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let txn = crate::database::begin_write(db).await?;
    let mut rows = outbox_email::Entity::find()
        .from_raw_sql(stmt(&txn, &sql, vec![claimed_until.into(), now.into(), limit.into()]))
        .all(&txn)
        .await?;
    txn.commit().await?;
    // RETURNING gives no order.
    rows.sort_by_key(|r| (r.next_attempt_at, r.id));
    Ok(rows.into_iter().map(QueuedEmail::from).collect())
}

/// Marks a claimed email sent and forgets its payload (the links and names in it are not
/// kept once they are delivered). `false` when it was no longer waiting (sent or given up).
#[tracing::instrument(skip_all, fields(outbox_id = %id), err)]
pub async fn mark_sent(db: &impl ConnectionTrait, id: Uuid, now: DateTime<Utc>) -> Result<bool, DbErr> {
    finish(db, id, now, "sent_at", None).await
}

/// Marks a claimed email given up: it is never tried again. The payload goes too.
#[tracing::instrument(skip_all, fields(outbox_id = %id), err)]
pub async fn mark_failed(
    db: &impl ConnectionTrait,
    id: Uuid,
    now: DateTime<Utc>,
    error: &str,
) -> Result<bool, DbErr> {
    finish(db, id, now, "failed_at", Some(error)).await
}

/// Marks a claimed email done without sending it: what it was about is gone (its
/// notification, say), so there is nothing to say. It counts as sent; `reason` is kept.
#[tracing::instrument(skip_all, fields(outbox_id = %id), err)]
pub async fn mark_dropped(
    db: &impl ConnectionTrait,
    id: Uuid,
    now: DateTime<Utc>,
    reason: &str,
) -> Result<bool, DbErr> {
    finish(db, id, now, "sent_at", Some(reason)).await
}

async fn finish(
    db: &impl ConnectionTrait,
    id: Uuid,
    now: DateTime<Utc>,
    column: &'static str,
    note: Option<&str>,
) -> Result<bool, DbErr> {
    let sql = format!(
        "UPDATE outbox SET {column} = $1, payload = NULL, claimed_until = NULL, last_error = $2 \
         WHERE id = $3 AND sent_at IS NULL AND failed_at IS NULL"
    );
    let note = note.map(truncate_error);
    let res = db.execute_raw(stmt(db, &sql, vec![now.into(), note.into(), id.into()])).await?;
    Ok(res.rows_affected() == 1)
}

/// Gives a claimed email back to be tried again at `next_attempt_at`, noting why this
/// attempt failed.
#[tracing::instrument(skip_all, fields(outbox_id = %id), err)]
pub async fn schedule_retry(
    db: &impl ConnectionTrait,
    id: Uuid,
    next_attempt_at: DateTime<Utc>,
    error: &str,
) -> Result<bool, DbErr> {
    let res = db
        .execute_raw(stmt(
            db,
            "UPDATE outbox SET next_attempt_at = $1, claimed_until = NULL, last_error = $2 \
             WHERE id = $3 AND sent_at IS NULL AND failed_at IS NULL",
            vec![next_attempt_at.into(), truncate_error(error).into(), id.into()],
        ))
        .await?;
    Ok(res.rows_affected() == 1)
}

/// Gives back claimed emails that were not tried (the sender is stopping): due again at
/// once for any sender, and the attempt their claim counted is taken back.
#[tracing::instrument(skip_all, fields(count = ids.len()), err)]
pub async fn release(db: &impl ConnectionTrait, ids: &[Uuid]) -> Result<u64, DbErr> {
    if ids.is_empty() {
        return Ok(0);
    }
    let placeholders: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "UPDATE outbox SET claimed_until = NULL, attempts = attempts - 1 \
         WHERE id IN ({}) AND sent_at IS NULL AND failed_at IS NULL AND claimed_until IS NOT NULL",
        placeholders.join(", ")
    );
    let values = ids.iter().map(|id| Value::from(*id)).collect();
    Ok(db.execute_raw(stmt(db, &sql, values)).await?.rows_affected())
}

/// One email of the outbox, by id (for tests and the command line).
pub async fn get(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<QueuedEmail>, DbErr> {
    Ok(outbox_email::Entity::find_by_id(id).one(db).await?.map(QueuedEmail::from))
}

/// Every email of the outbox, oldest first (for tests).
pub async fn all(db: &impl ConnectionTrait) -> Result<Vec<QueuedEmail>, DbErr> {
    use sea_orm::QueryOrder;
    let rows = outbox_email::Entity::find()
        .order_by_asc(outbox_email::Column::CreatedAt)
        .order_by_asc(outbox_email::Column::Id)
        .all(db)
        .await?;
    Ok(rows.into_iter().map(QueuedEmail::from).collect())
}

/// An error as stored in `last_error`: at most 1,000 characters.
fn truncate_error(error: &str) -> String {
    error.chars().take(1000).collect()
}
