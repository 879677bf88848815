//! Failed-login counters per normalised email.

use sea_orm::{ActiveValue::Set, ConnectionTrait, DbErr, EntityTrait, sea_query::OnConflict};
use siilo_domain::login_throttle::ThrottleState;

use crate::entities::login_throttle;

pub async fn get(db: &impl ConnectionTrait, email: &str) -> Result<Option<ThrottleState>, DbErr> {
    Ok(login_throttle::Entity::find_by_id(email.to_owned()).one(db).await?.map(|m| ThrottleState {
        window_started_at: m.window_started_at,
        failures: u32::try_from(m.failures).unwrap_or(0),
        locked_until: m.locked_until,
    }))
}

pub async fn put(db: &impl ConnectionTrait, email: &str, state: &ThrottleState) -> Result<(), DbErr> {
    let row = login_throttle::ActiveModel {
        email: Set(email.to_owned()),
        window_started_at: Set(state.window_started_at),
        failures: Set(i32::try_from(state.failures).unwrap_or(i32::MAX)),
        locked_until: Set(state.locked_until),
    };
    login_throttle::Entity::insert(row)
        .on_conflict(
            OnConflict::column(login_throttle::Column::Email)
                .update_columns([
                    login_throttle::Column::WindowStartedAt,
                    login_throttle::Column::Failures,
                    login_throttle::Column::LockedUntil,
                ])
                .to_owned(),
        )
        .exec(db)
        .await
        .map(|_| ())
}

/// Forgets the failures after a successful login.
pub async fn clear(db: &impl ConnectionTrait, email: &str) -> Result<(), DbErr> {
    login_throttle::Entity::delete_by_id(email.to_owned()).exec(db).await.map(|_| ())
}
