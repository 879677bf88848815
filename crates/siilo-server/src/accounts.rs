//! What the account routes share about email links and organisations: sending a link (a
//! stored hash and a queued email in the caller's transaction) and the organisations an
//! address may belong to.

use chrono::{DateTime, Utc};
use serde_json::json;
use siilo_domain::OrganisationId;
use siilo_domain::identity::{LinkPurpose, MailTemplate};
use siilo_domain::{accounts, organisations};
use siilo_store::email_links::{self, NewLink};
use siilo_store::outbox::{self, NewEmail};
use siilo_store::users::UserRecord;
use siilo_store::{ConnectionTrait, DbErr};

use crate::auth::Tokens;
use crate::state::AppState;

/// Creates a link of `purpose` for `user`, mailed to `to` in the user's language, inside the
/// caller's transaction: the user's older unused links of that purpose stop working. After
/// the commit, call `state.mail.wake()`. The token leaves only in the email's payload.
pub async fn send_link(
    txn: &impl ConnectionTrait,
    user: &UserRecord,
    purpose: LinkPurpose,
    to: &str,
    organisation_id: Option<OrganisationId>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let issued = Tokens::new_link();
    let link = NewLink { user_id: user.id, purpose, token_hash: &issued.hash, email: to, organisation_id };
    email_links::create(txn, link, now).await?;
    let (template, payload) = match purpose {
        LinkPurpose::VerifyEmail => {
            (MailTemplate::VerifyEmail, json!({ "token": issued.token, "display_name": user.display_name }))
        }
        LinkPurpose::ChangeEmail => (
            MailTemplate::ChangeEmail,
            json!({ "token": issued.token, "display_name": user.display_name, "new_email": to }),
        ),
        LinkPurpose::PasswordReset => {
            (MailTemplate::PasswordReset, json!({ "token": issued.token, "display_name": user.display_name }))
        }
    };
    let email =
        NewEmail { user_id: Some(user.id), recipient: to, language: user.language, template, payload };
    outbox::enqueue(txn, email, now).await?;
    Ok(())
}

/// Queues the notice to an account's old address that its address changed to `new_email`.
pub async fn notify_email_changed(
    txn: &impl ConnectionTrait,
    user: &UserRecord,
    new_email: &str,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let email = NewEmail {
        user_id: Some(user.id),
        recipient: &user.email,
        language: user.language,
        template: MailTemplate::EmailChanged,
        payload: json!({ "display_name": user.display_name, "new_email": new_email }),
    };
    outbox::enqueue(txn, email, now).await.map(|_| ())
}

/// The organisations an address may belong to, the most specific first
/// (`siilo_domain::organisations::allowed_for_domain`); none for an address without a domain.
pub async fn allowed_organisations(state: &AppState, email: &str) -> Result<Vec<OrganisationId>, DbErr> {
    let Some(domain) = accounts::email_domain(email) else { return Ok(Vec::new()) };
    let all = state.organisations.get(&state.db).await?;
    let domains: Vec<(String, OrganisationId)> =
        all.all().iter().flat_map(|o| o.email_domains.iter().map(|d| (d.clone(), o.id))).collect();
    Ok(organisations::allowed_for_domain(domain, &domains))
}

/// The organisations a user may pick: those of their address while it is confirmed, none
/// before.
pub async fn organisation_choices(state: &AppState, user: &UserRecord) -> Result<Vec<OrganisationId>, DbErr> {
    if user.email_verified_at.is_none() {
        return Ok(Vec::new());
    }
    allowed_organisations(state, &user.email).await
}
