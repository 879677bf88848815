//! In-app notifications: written in the transaction of the event they tell of, listed unread
//! first and then newest first, and marked read by their recipient.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    Set,
};
use siilo_domain::UserId;
use siilo_domain::moderation::{AppealOutcome, LogAction, ReportReason};
use siilo_domain::notifications::NotificationKind;
use siilo_domain::proposals::ProposalFacts;
use uuid::Uuid;

use crate::decode;
use crate::entities::{notification, proposal, user};

/// One event for one recipient.
#[derive(Debug, Clone, PartialEq)]
pub struct NewNotification {
    pub user_id: UserId,
    pub kind: NotificationKind,
    pub actor_id: Option<UserId>,
    pub call_id: Option<Uuid>,
    pub proposal_id: Option<Uuid>,
    pub comment_id: Option<Uuid>,
    /// What the kind needs beyond the columns: `{}` for the comment kinds, a
    /// [`ModerationNotice::to_data`] object for the moderation kinds.
    pub data: serde_json::Value,
}

/// What a moderation notification says: the action (its log entry), its category, the
/// moderator's reason and, for a decided appeal, the outcome. Stored in the notification's
/// `data` as `{"action_id", "action", "category", "reason", "outcome"}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModerationNotice {
    pub action_id: Uuid,
    pub action: LogAction,
    pub category: Option<ReportReason>,
    pub reason: Option<String>,
    pub outcome: Option<AppealOutcome>,
}

impl ModerationNotice {
    pub fn to_data(&self) -> serde_json::Value {
        serde_json::json!({
            "action_id": self.action_id,
            "action": self.action.into_str(),
            "category": self.category.map(|c| c.into_str()),
            "reason": self.reason,
            "outcome": self.outcome.map(|o| o.into_str()),
        })
    }

    /// Reads stored `data`; `None` when it is not such an object or names something this
    /// version does not know.
    pub fn from_data(data: &str) -> Option<ModerationNotice> {
        let v: serde_json::Value = serde_json::from_str(data).ok()?;
        let name = |key: &str| v.get(key).filter(|x| !x.is_null());
        let opt = |key: &str| -> Option<Option<String>> {
            match name(key) {
                None => Some(None),
                Some(x) => x.as_str().map(|s| Some(s.to_owned())),
            }
        };
        Some(ModerationNotice {
            action_id: name("action_id")?.as_str()?.parse().ok()?,
            action: name("action")?.as_str()?.parse().ok()?,
            category: match opt("category")? {
                None => None,
                Some(c) => Some(c.parse().ok()?),
            },
            reason: opt("reason")?,
            outcome: match opt("outcome")? {
                None => None,
                Some(o) => Some(o.parse().ok()?),
            },
        })
    }
}

/// What a pilot notification names: the pilot (its title when it was sent) and, for
/// `pilot_update`, the update. Stored in `data` as `{"pilot_id", "pilot_title", "update_id"}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PilotNotice {
    pub pilot_id: Uuid,
    pub pilot_title: String,
    pub update_id: Option<Uuid>,
}

impl PilotNotice {
    pub fn to_data(&self) -> serde_json::Value {
        match self.update_id {
            Some(update_id) => serde_json::json!({
                "pilot_id": self.pilot_id,
                "pilot_title": self.pilot_title,
                "update_id": update_id,
            }),
            None => serde_json::json!({ "pilot_id": self.pilot_id, "pilot_title": self.pilot_title }),
        }
    }

    /// Reads stored `data`; `None` when it is not such an object.
    pub fn from_data(data: &str) -> Option<PilotNotice> {
        let v: serde_json::Value = serde_json::from_str(data).ok()?;
        Some(PilotNotice {
            pilot_id: v.get("pilot_id")?.as_str()?.parse().ok()?,
            pilot_title: v.get("pilot_title")?.as_str()?.to_owned(),
            update_id: match v.get("update_id").filter(|x| !x.is_null()) {
                None => None,
                Some(x) => Some(x.as_str()?.parse().ok()?),
            },
        })
    }
}

/// What a `call_news` notification names: the call (its slug and title when it was sent) and
/// the news item (its title). Stored in `data` as `{"call_slug", "call_title": {fi, sv, en},
/// "news_id", "news_title": {fi, sv, en}}`; the call's id is the notification's `call_id`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallNewsNotice {
    pub call_slug: String,
    pub call_title: crate::calls::Localized,
    pub news_id: Uuid,
    pub news_title: crate::calls::Localized,
}

fn localized_to_json(l: &crate::calls::Localized) -> serde_json::Value {
    serde_json::json!({ "fi": l.fi, "sv": l.sv, "en": l.en })
}

fn localized_from_json(v: &serde_json::Value) -> Option<crate::calls::Localized> {
    let opt = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_owned);
    Some(crate::calls::Localized { fi: v.get("fi")?.as_str()?.to_owned(), sv: opt("sv"), en: opt("en") })
}

impl CallNewsNotice {
    pub fn to_data(&self) -> serde_json::Value {
        serde_json::json!({
            "call_slug": self.call_slug,
            "call_title": localized_to_json(&self.call_title),
            "news_id": self.news_id,
            "news_title": localized_to_json(&self.news_title),
        })
    }

    /// Reads stored `data`; `None` when it is not such an object.
    pub fn from_data(data: &str) -> Option<CallNewsNotice> {
        let v: serde_json::Value = serde_json::from_str(data).ok()?;
        Some(CallNewsNotice {
            call_slug: v.get("call_slug")?.as_str()?.to_owned(),
            call_title: localized_from_json(v.get("call_title")?)?,
            news_id: v.get("news_id")?.as_str()?.parse().ok()?,
            news_title: localized_from_json(v.get("news_title")?)?,
        })
    }
}

/// What a decision or merge notification names: the decided stage (`decision_published`),
/// or the merged proposals (`proposal_merged`). Stored in `data` as `{"stage"}` and
/// `{"source_id", "target_id", "source_number", "target_number"}`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OutcomeNotice {
    pub stage: Option<siilo_domain::proposals::Stage>,
    pub source_id: Option<Uuid>,
    pub target_id: Option<Uuid>,
    pub source_number: Option<i32>,
    pub target_number: Option<i32>,
}

impl OutcomeNotice {
    /// Reads stored `data`; a field that is missing or unreadable is `None` (the client then
    /// says it in general words).
    pub fn from_data(data: &str) -> OutcomeNotice {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(data) else {
            return OutcomeNotice::default();
        };
        let id = |k: &str| v.get(k).and_then(|x| x.as_str()).and_then(|x| x.parse().ok());
        let number =
            |k: &str| v.get(k).and_then(serde_json::Value::as_i64).and_then(|n| i32::try_from(n).ok());
        OutcomeNotice {
            stage: v.get("stage").and_then(|x| x.as_str()).and_then(|x| x.parse().ok()),
            source_id: id("source_id"),
            target_id: id("target_id"),
            source_number: number("source_number"),
            target_number: number("target_number"),
        }
    }
}

/// What a co-author notification names: the invitation (`coauthor_invited`,
/// `coauthor_answered`) and, for `coauthor_answered`, whether it was accepted. Stored in
/// `data` as `{"invitation_id", "accepted"}`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CoauthorNotice {
    pub invitation_id: Option<Uuid>,
    pub accepted: Option<bool>,
}

impl CoauthorNotice {
    /// Reads stored `data`; a field missing or unreadable is `None`.
    pub fn from_data(data: &str) -> CoauthorNotice {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(data) else {
            return CoauthorNotice::default();
        };
        CoauthorNotice {
            invitation_id: v.get("invitation_id").and_then(|x| x.as_str()).and_then(|x| x.parse().ok()),
            accepted: v.get("accepted").and_then(serde_json::Value::as_bool),
        }
    }
}

/// What an `interest_declared` notification names: the declarer's organisation (when they
/// had one) and whether they spoke on its behalf. Stored in `data` as
/// `{"organisation_id", "on_behalf"}`; the declarer is the actor.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InterestNotice {
    pub organisation_id: Option<Uuid>,
    pub on_behalf: bool,
}

impl InterestNotice {
    pub fn to_data(&self) -> serde_json::Value {
        serde_json::json!({ "organisation_id": self.organisation_id, "on_behalf": self.on_behalf })
    }

    /// Reads stored `data`; what is missing or unreadable is left out.
    pub fn from_data(data: &str) -> InterestNotice {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(data) else {
            return InterestNotice::default();
        };
        InterestNotice {
            organisation_id: v.get("organisation_id").and_then(|x| x.as_str()).and_then(|x| x.parse().ok()),
            on_behalf: v.get("on_behalf").and_then(serde_json::Value::as_bool).unwrap_or(false),
        }
    }
}

/// The proposal a notification is about, as far as its list needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotifiedProposal {
    pub number: i32,
    pub title: String,
    /// So the server can tell whether the recipient may still read the title.
    pub facts: ProposalFacts,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotificationRecord {
    pub id: Uuid,
    pub kind: NotificationKind,
    /// Who caused it, with their display name.
    pub actor: Option<(UserId, String)>,
    pub call_id: Option<Uuid>,
    pub proposal_id: Option<Uuid>,
    pub proposal: Option<NotifiedProposal>,
    pub comment_id: Option<Uuid>,
    /// For the moderation kinds: what was done and why.
    pub moderation: Option<ModerationNotice>,
    /// For the pilot kinds: which pilot (and update).
    pub pilot: Option<PilotNotice>,
    /// For `decision_published` and `proposal_merged`: the stage, or the merged proposals.
    pub outcome: Option<OutcomeNotice>,
    /// For the co-author kinds: the invitation and its answer.
    pub coauthor: Option<CoauthorNotice>,
    /// For `call_news`: the call and the news item.
    pub call_news: Option<CallNewsNotice>,
    /// For `interest_declared`: the declarer's organisation and whether they spoke for it.
    pub interest: Option<InterestNotice>,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
}

/// A place in the list order (unread first, then newest first): the last item of a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub read: bool,
    pub id: Uuid,
}

/// A page of a user's notifications and the counts the list shows.
#[derive(Debug, Clone, Default)]
pub struct NotificationPage {
    pub items: Vec<NotificationRecord>,
    pub total: u64,
    pub unread: u64,
}

/// Stores notifications, and queues an email for each whose recipient wants its kind
/// `immediately` and may be emailed (not erased or blocked, address confirmed): two
/// statements, in the caller's transaction, so that the email goes exactly when the
/// notification is committed. Nothing happens for an empty slice.
///
/// The email is rendered when it is sent, from the notification (`{"notification_id"}`).
#[tracing::instrument(skip_all, fields(count = rows.len()), err)]
pub async fn create_many(
    db: &impl ConnectionTrait,
    rows: &[NewNotification],
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    if rows.is_empty() {
        return Ok(());
    }
    let ids: Vec<Uuid> = rows.iter().map(|_| Uuid::now_v7()).collect();
    let models = rows.iter().zip(&ids).map(|(n, id)| notification::ActiveModel {
        id: Set(*id),
        user_id: Set(n.user_id.0),
        kind: Set(n.kind.into_str().to_owned()),
        actor_id: Set(n.actor_id.map(|a| a.0)),
        call_id: Set(n.call_id),
        proposal_id: Set(n.proposal_id),
        comment_id: Set(n.comment_id),
        data: Set(n.data.to_string()),
        created_at: Set(now),
        read_at: Set(None),
    });
    notification::Entity::insert_many(models).exec(db).await?;
    queue_immediate_emails(db, rows, &ids, now).await
}

/// The most notifications [`create_all`] writes in one statement: ten bound values each stays
/// far below either engine's limit of bound values (SQLite's 32,766, PostgreSQL's 65,535).
const BATCH: usize = 1000;

/// As [`create_many`] for any number of notifications (all the followers of a call), in
/// batches of at most [`BATCH`]: a few set-based statements, in the caller's transaction.
#[tracing::instrument(skip_all, fields(count = rows.len()), err)]
pub async fn create_all(
    db: &impl ConnectionTrait,
    rows: &[NewNotification],
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    for batch in rows.chunks(BATCH) {
        create_many(db, batch, now).await?;
    }
    Ok(())
}

/// `INSERT INTO outbox … SELECT` over the new notifications (a `VALUES` list of outbox id,
/// recipient, kind and payload) joined with their recipients and their choices: the rows
/// whose recipient chose `immediately` and may be emailed become emails.
async fn queue_immediate_emails(
    db: &impl ConnectionTrait,
    rows: &[NewNotification],
    ids: &[Uuid],
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let mut values: Vec<sea_orm::Value> = vec![now.into()];
    let mut tuples = Vec::with_capacity(rows.len());
    for (n, id) in rows.iter().zip(ids) {
        let at = values.len();
        tuples.push(format!("(${}, ${}, ${}, ${})", at + 1, at + 2, at + 3, at + 4));
        values.push(Uuid::now_v7().into());
        values.push(n.user_id.0.into());
        values.push(n.kind.into_str().into());
        values.push(serde_json::json!({ "notification_id": id }).to_string().into());
    }
    // VALUES columns are `column1…` on both engines.
    let sql = format!(
        r#"INSERT INTO outbox (id, user_id, recipient, language, template, payload, created_at, next_attempt_at, attempts)
           SELECT v.column1, u.id, u.email, u.language, 'notification', v.column4, $1, $1, 0
           FROM (VALUES {}) AS v
           JOIN users u ON u.id = v.column2
           JOIN email_preferences p ON p.user_id = u.id AND p.kind = v.column3
           WHERE p.delivery = 'immediately'
             AND u.erased_at IS NULL AND u.blocked_at IS NULL AND u.email_verified_at IS NOT NULL"#,
        tuples.join(", ")
    );
    db.execute_raw(crate::evaluation::stmt(db, &sql, values)).await.map(|_| ())
}

/// One event told to a proposal's followers ([`notify_followers`]).
#[derive(Debug, Clone)]
pub struct FollowerNotice<'a> {
    pub kind: NotificationKind,
    pub actor_id: Option<UserId>,
    pub comment_id: Option<Uuid>,
    /// The kind's `data` (`{}` when it needs none).
    pub data: serde_json::Value,
    /// Followers left out: the one who caused it, the author replied to, ...
    pub except: &'a [UserId],
    /// Leaves out each proposal's team (its author and accepted co-authors), who hear of the
    /// event by a kind of their own.
    pub except_team: bool,
}

/// A time-ordered (v7-shaped) id made by the database for each row of a set-based insert:
/// the time prefix `$n` (12 hex digits, from one `Uuid::now_v7()`), then random bits. It
/// keeps the lists that order by id (newest first) right.
fn row_id_sql(backend: sea_orm::DbBackend, prefix_param: usize) -> String {
    match backend {
        sea_orm::DbBackend::Postgres => format!(
            "CAST(${prefix_param} || '7' || substr(md5(random()::text), 1, 3) || '8' || \
             substr(md5(random()::text), 1, 15) AS uuid)"
        ),
        _ => format!(
            "unhex(${prefix_param} || '7' || substr(hex(randomblob(2)), 1, 3) || '8' || \
             substr(hex(randomblob(8)), 1, 15))"
        ),
    }
}

fn placeholders(from: usize, count: usize) -> String {
    (from..from + count).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}

/// Tells the followers of each of `proposals` of one event: one `INSERT … SELECT` from
/// `proposal_follows` for the notifications and one for their immediate emails (as
/// [`create_many`] queues them), in the caller's transaction, whatever the number of
/// followers. Nobody hears twice of one event: a follower who already has a notification
/// about the same proposal made at `now` (by the cause's own kinds, written before) is left
/// out, and so are `except` and, with `except_team`, the team. Returns how many were told.
#[tracing::instrument(skip_all, fields(kind = %notice.kind, count = proposals.len()), err)]
pub async fn notify_followers(
    db: &impl ConnectionTrait,
    proposals: &[Uuid],
    notice: &FollowerNotice<'_>,
    now: DateTime<Utc>,
) -> Result<u64, DbErr> {
    if proposals.is_empty() {
        return Ok(0);
    }
    let backend = db.get_database_backend();
    let prefix = || -> String { Uuid::now_v7().simple().to_string().chars().take(12).collect() };
    let mut values: Vec<sea_orm::Value> = vec![
        notice.kind.into_str().into(),
        notice.actor_id.map(|a| a.0).into(),
        notice.comment_id.into(),
        notice.data.to_string().into(),
        now.into(),
        prefix().into(),
    ];
    let in_proposals = placeholders(values.len() + 1, proposals.len());
    values.extend(proposals.iter().map(|p| sea_orm::Value::from(*p)));
    let except = if notice.except.is_empty() {
        String::new()
    } else {
        let marks = placeholders(values.len() + 1, notice.except.len());
        values.extend(notice.except.iter().map(|u| sea_orm::Value::from(u.0)));
        format!("AND f.user_id NOT IN ({marks})")
    };
    let team = if notice.except_team {
        "AND f.user_id <> p.author_id
         AND NOT EXISTS (SELECT 1 FROM proposal_coauthors c WHERE c.proposal_id = f.proposal_id
                         AND c.user_id = f.user_id AND c.status = 'accepted')"
    } else {
        ""
    };
    let sql = format!(
        r#"INSERT INTO notifications (id, user_id, kind, actor_id, call_id, proposal_id, comment_id, data, created_at, read_at)
           SELECT {id}, f.user_id, $1, $2, p.call_id, f.proposal_id, $3, $4, $5, NULL
           FROM proposal_follows f JOIN proposals p ON p.id = f.proposal_id
           WHERE f.proposal_id IN ({in_proposals}) {except} {team}
             AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.user_id = f.user_id
                             AND n.proposal_id = f.proposal_id AND n.created_at = $5)"#,
        id = row_id_sql(backend, 6),
    );
    let told = db.execute_raw(crate::evaluation::stmt(db, &sql, values)).await?.rows_affected();
    if told == 0 {
        return Ok(0);
    }
    let mut values: Vec<sea_orm::Value> = vec![notice.kind.into_str().into(), now.into(), prefix().into()];
    let in_proposals = placeholders(values.len() + 1, proposals.len());
    values.extend(proposals.iter().map(|p| sea_orm::Value::from(*p)));
    let payload = match backend {
        sea_orm::DbBackend::Postgres => r#"'{"notification_id":"' || n.id::text || '"}'"#,
        _ => r#"'{"notification_id":"' || lower(hex(n.id)) || '"}'"#,
    };
    let sql = format!(
        r#"INSERT INTO outbox (id, user_id, recipient, language, template, payload, created_at, next_attempt_at, attempts)
           SELECT {id}, u.id, u.email, u.language, 'notification', {payload}, $2, $2, 0
           FROM notifications n
           JOIN users u ON u.id = n.user_id
           JOIN email_preferences ep ON ep.user_id = u.id AND ep.kind = n.kind
           WHERE n.kind = $1 AND n.created_at = $2 AND n.proposal_id IN ({in_proposals})
             AND ep.delivery = 'immediately'
             AND u.erased_at IS NULL AND u.blocked_at IS NULL AND u.email_verified_at IS NOT NULL"#,
        id = row_id_sql(backend, 3),
    );
    db.execute_raw(crate::evaluation::stmt(db, &sql, values)).await?;
    Ok(told)
}

fn of_user(user: UserId) -> sea_orm::Select<notification::Entity> {
    notification::Entity::find().filter(notification::Column::UserId.eq(user.0))
}

/// How many of the user's notifications are unread.
#[tracing::instrument(skip_all, fields(user_id = %user), err)]
pub async fn unread_count(db: &impl ConnectionTrait, user: UserId) -> Result<u64, DbErr> {
    of_user(user).filter(notification::Column::ReadAt.is_null()).count(db).await
}

/// Up to `limit` of the user's notifications after `after`: unread ones first, each group
/// newest first (ids are time-ordered). Two keyset queries, one per group, so that each
/// runs on the `(user_id, read_at, id)` index.
#[tracing::instrument(skip_all, fields(user_id = %user), err)]
pub async fn list(
    db: &impl ConnectionTrait,
    user: UserId,
    after: Option<Position>,
    limit: u64,
) -> Result<NotificationPage, DbErr> {
    let total = of_user(user).count(db).await?;
    let unread = unread_count(db, user).await?;
    let mut rows = Vec::new();
    if !after.is_some_and(|p| p.read) {
        let mut q = of_user(user).filter(notification::Column::ReadAt.is_null());
        if let Some(p) = after {
            q = q.filter(notification::Column::Id.lt(p.id));
        }
        rows = q.order_by_desc(notification::Column::Id).limit(limit).all(db).await?;
    }
    let room = limit.saturating_sub(rows.len() as u64);
    if room > 0 {
        let mut q = of_user(user).filter(notification::Column::ReadAt.is_not_null());
        if let Some(p) = after.filter(|p| p.read) {
            q = q.filter(notification::Column::Id.lt(p.id));
        }
        rows.extend(q.order_by_desc(notification::Column::Id).limit(room).all(db).await?);
    }
    Ok(NotificationPage { items: records(db, rows).await?, total, unread })
}

async fn records(
    db: &impl ConnectionTrait,
    rows: Vec<notification::Model>,
) -> Result<Vec<NotificationRecord>, DbErr> {
    let actor_ids: Vec<Uuid> = rows.iter().filter_map(|n| n.actor_id).collect();
    let names: HashMap<Uuid, String> = if actor_ids.is_empty() {
        HashMap::new()
    } else {
        user::Entity::find()
            .select_only()
            .columns([user::Column::Id, user::Column::DisplayName])
            .filter(user::Column::Id.is_in(actor_ids))
            .into_tuple::<(Uuid, String)>()
            .all(db)
            .await?
            .into_iter()
            .collect()
    };
    let proposal_ids: Vec<Uuid> = rows.iter().filter_map(|n| n.proposal_id).collect();
    let proposals: HashMap<Uuid, NotifiedProposal> = if proposal_ids.is_empty() {
        HashMap::new()
    } else {
        proposal::Entity::find()
            .select_only()
            .columns([
                proposal::Column::Id,
                proposal::Column::Number,
                proposal::Column::Title,
                proposal::Column::AuthorId,
                proposal::Column::Stage,
                proposal::Column::Visibility,
            ])
            .filter(proposal::Column::Id.is_in(proposal_ids))
            .into_tuple::<(Uuid, i32, String, Uuid, String, String)>()
            .all(db)
            .await?
            .into_iter()
            .map(|(id, number, title, author, stage, visibility)| {
                let facts = ProposalFacts {
                    author_id: author.into(),
                    stage: decode("proposals", "stage", id, &stage)?,
                    visibility: decode("proposals", "visibility", id, &visibility)?,
                };
                Ok((id, NotifiedProposal { number, title, facts }))
            })
            .collect::<Result<_, DbErr>>()?
    };
    // A kind this version does not know (written by a newer one, whose migration allowed it)
    // is left out and logged: leaving a notification out shows nothing it should not.
    Ok(rows
        .into_iter()
        .filter_map(|n| {
            let Ok(kind) = n.kind.parse::<NotificationKind>() else {
                tracing::warn!(notification_id = %n.id, kind = %n.kind, "notification of an unknown kind left out");
                return None;
            };
            let moderation = if is_moderation_kind(kind) {
                let Some(notice) = ModerationNotice::from_data(&n.data) else {
                    tracing::warn!(notification_id = %n.id, "moderation notification with unreadable data left out");
                    return None;
                };
                Some(notice)
            } else {
                None
            };
            let pilot = if is_pilot_kind(kind) {
                let Some(notice) = PilotNotice::from_data(&n.data) else {
                    tracing::warn!(notification_id = %n.id, "pilot notification with unreadable data left out");
                    return None;
                };
                Some(notice)
            } else {
                None
            };
            let outcome = matches!(
                kind,
                NotificationKind::DecisionPublished
                    | NotificationKind::ProposalMerged
                    | NotificationKind::FollowedDecision
            )
            .then(|| OutcomeNotice::from_data(&n.data));
            let interest = (kind == NotificationKind::InterestDeclared).then(|| InterestNotice::from_data(&n.data));
            let coauthor = matches!(
                kind,
                NotificationKind::CoauthorInvited
                    | NotificationKind::CoauthorAnswered
                    | NotificationKind::CoauthorRemoved
            )
            .then(|| CoauthorNotice::from_data(&n.data));
            let call_news = if kind == NotificationKind::CallNews {
                let Some(notice) = CallNewsNotice::from_data(&n.data) else {
                    tracing::warn!(notification_id = %n.id, "call news notification with unreadable data left out");
                    return None;
                };
                Some(notice)
            } else {
                None
            };
            Some(NotificationRecord {
                coauthor,
                moderation,
                call_news,
                pilot,
                outcome,
                interest,
                id: n.id,
                kind,
                actor: n.actor_id.and_then(|a| names.get(&a).map(|name| (a.into(), name.clone()))),
                call_id: n.call_id,
                proposal_id: n.proposal_id,
                proposal: n.proposal_id.and_then(|p| proposals.get(&p).cloned()),
                comment_id: n.comment_id,
                created_at: n.created_at,
                read_at: n.read_at,
            })
        })
        .collect())
}

/// One notification with its recipient, read as the list reads it; `None` when there is no
/// such notification or it is of a kind (or has data) this version does not read.
#[tracing::instrument(skip_all, fields(notification_id = %id), err)]
pub async fn get(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<(UserId, NotificationRecord)>, DbErr> {
    let Some(row) = notification::Entity::find_by_id(id).one(db).await? else {
        return Ok(None);
    };
    let user = UserId::from(row.user_id);
    Ok(records(db, vec![row]).await?.pop().map(|r| (user, r)))
}

/// The notifications of a user's digest: created after `from` (when given) and up to `until`,
/// of the kinds the user gets in the daily digest now; oldest first, at most `limit`, and how
/// many there are in all.
#[tracing::instrument(skip_all, fields(user_id = %user), err)]
pub async fn for_digest(
    db: &impl ConnectionTrait,
    user: UserId,
    from: Option<DateTime<Utc>>,
    until: DateTime<Utc>,
    limit: u64,
) -> Result<(Vec<NotificationRecord>, u64), DbErr> {
    let chosen = crate::email_preferences::chosen(db, user).await?;
    let elsewhere: Vec<&'static str> = chosen
        .into_iter()
        .filter(|(_, d)| *d != siilo_domain::identity::EmailDelivery::DailyDigest)
        .map(|(k, _)| k.into_str())
        .collect();
    let mut q = of_user(user).filter(notification::Column::CreatedAt.lte(until));
    if let Some(from) = from {
        q = q.filter(notification::Column::CreatedAt.gt(from));
    }
    if !elsewhere.is_empty() {
        q = q.filter(notification::Column::Kind.is_not_in(elsewhere));
    }
    let total = q.clone().count(db).await?;
    let rows = q.order_by_asc(notification::Column::Id).limit(limit).all(db).await?;
    Ok((records(db, rows).await?, total))
}

/// The kinds whose `data` is a [`ModerationNotice`]; the others carry their own `data`.
fn is_moderation_kind(kind: NotificationKind) -> bool {
    use NotificationKind as K;
    match kind {
        K::ContentHidden
        | K::ContentRestored
        | K::ProposalApproved
        | K::ProposalRejected
        | K::AppealDecided => true,
        K::CommentOnProposal
        | K::ReplyToComment
        | K::DecisionPublished
        | K::ProposalMerged
        | K::PilotCreated
        | K::PilotUpdate
        | K::PilotLessons
        | K::CoauthorInvited
        | K::CoauthorAnswered
        | K::CoauthorRemoved
        | K::CallNews
        | K::InterestDeclared
        | K::ProposalRevised
        | K::FollowedComment
        | K::FollowedDecision => false,
    }
}

fn is_pilot_kind(kind: NotificationKind) -> bool {
    matches!(
        kind,
        NotificationKind::PilotCreated | NotificationKind::PilotUpdate | NotificationKind::PilotLessons
    )
}

/// Marks one of the user's notifications read (keeping the first time). `false` when the
/// user has no notification with this id.
#[tracing::instrument(skip_all, fields(user_id = %user, notification_id = %id), err)]
pub async fn mark_read(
    db: &impl ConnectionTrait,
    user: UserId,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let Some(n) = of_user(user).filter(notification::Column::Id.eq(id)).one(db).await? else {
        return Ok(false);
    };
    if n.read_at.is_none() {
        notification::Entity::update_many()
            .col_expr(notification::Column::ReadAt, Expr::value(now))
            .filter(notification::Column::Id.eq(id))
            .filter(notification::Column::ReadAt.is_null())
            .exec(db)
            .await?;
    }
    Ok(true)
}

/// Marks all of the user's unread notifications read; returns how many there were.
#[tracing::instrument(skip_all, fields(user_id = %user), err)]
pub async fn mark_all_read(
    db: &impl ConnectionTrait,
    user: UserId,
    now: DateTime<Utc>,
) -> Result<u64, DbErr> {
    notification::Entity::update_many()
        .col_expr(notification::Column::ReadAt, Expr::value(now))
        .filter(notification::Column::UserId.eq(user.0))
        .filter(notification::Column::ReadAt.is_null())
        .exec(db)
        .await
        .map(|r| r.rows_affected)
}
