//! The outbox: every email Siilo sends is first a row here, written in the transaction of
//! the event that causes it, so that an email is never sent for a change that was rolled
//! back, nor lost for one that was committed. A worker (`siilo_server::mail`) claims due rows
//! and sends them.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, Set};
use siilo_domain::UserId;
use siilo_domain::accounts::Language;
use siilo_domain::identity::MailTemplate;
use uuid::Uuid;

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
