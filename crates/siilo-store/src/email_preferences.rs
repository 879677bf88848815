//! How each kind of notification reaches a user by email. A kind without a row goes in the
//! daily digest (`siilo_domain::email_notifications::effective_delivery`); a row is written
//! when the user chooses, or unsubscribes.

use std::collections::HashMap;

use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set};
use siilo_domain::UserId;
use siilo_domain::email_notifications::{dedupe_changes, effective_delivery};
use siilo_domain::identity::EmailDelivery;
use siilo_domain::notifications::NotificationKind;

use crate::decode;
use crate::entities::email_preference::{self, Column};

/// The user's own choices (kinds without one are left out).
#[tracing::instrument(skip_all, fields(user_id = %user), err)]
pub async fn chosen(
    db: &impl ConnectionTrait,
    user: UserId,
) -> Result<HashMap<NotificationKind, EmailDelivery>, DbErr> {
    let rows = email_preference::Entity::find().filter(Column::UserId.eq(user.0)).all(db).await?;
    let mut out = HashMap::new();
    for row in rows {
        // A kind of a newer version (whose migration allowed it) is not this version's to show.
        let Ok(kind) = row.kind.parse::<NotificationKind>() else {
            tracing::warn!(kind = %row.kind, "email setting of an unknown kind left out");
            continue;
        };
        let delivery =
            decode("email_preferences", "delivery", format!("{}/{}", row.user_id, row.kind), &row.delivery)?;
        out.insert(kind, delivery);
    }
    Ok(out)
}

/// How notifications of `kind` reach the user now.
#[tracing::instrument(skip_all, fields(user_id = %user, kind = %kind), err)]
pub async fn delivery(
    db: &impl ConnectionTrait,
    user: UserId,
    kind: NotificationKind,
) -> Result<EmailDelivery, DbErr> {
    let row = email_preference::Entity::find_by_id((user.0, kind.into_str().to_owned())).one(db).await?;
    let chosen = match row {
        Some(r) => {
            Some(decode("email_preferences", "delivery", format!("{}/{}", r.user_id, r.kind), &r.delivery)?)
        }
        None => None,
    };
    Ok(effective_delivery(chosen))
}

/// Records the user's choices, one statement; a kind named twice takes its last value. The
/// user must exist.
#[tracing::instrument(skip_all, fields(user_id = %user, count = changes.len()), err)]
pub async fn choose(
    db: &impl ConnectionTrait,
    user: UserId,
    changes: &[(NotificationKind, EmailDelivery)],
) -> Result<(), DbErr> {
    // PostgreSQL refuses an upsert that touches one row twice.
    let changes = dedupe_changes(changes.iter().copied());
    if changes.is_empty() {
        return Ok(());
    }
    let rows = changes.into_iter().map(|(kind, delivery)| email_preference::ActiveModel {
        user_id: Set(user.0),
        kind: Set(kind.into_str().to_owned()),
        delivery: Set(delivery.into_str().to_owned()),
    });
    email_preference::Entity::insert_many(rows)
        .on_conflict(
            OnConflict::columns([Column::UserId, Column::Kind]).update_column(Column::Delivery).to_owned(),
        )
        .exec(db)
        .await
        .map(|_| ())
}
