//! Login-attempt buckets (see `siilo_domain::login_throttle`), keyed by a normalised email
//! or a known client. Every change is one conditional statement on the row, so that
//! parallel attempts cannot lose a count on either database: PostgreSQL re-checks an
//! `UPDATE`'s condition on the row it waited for, and SQLite runs writes one at a time.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{CaseStatement, Expr, ExprTrait, OnConflict};
use sea_orm::{ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use siilo_domain::login_throttle::{Reservation, ThrottleState};

use crate::entities::login_throttle::{self, Column};

#[tracing::instrument(skip_all, err)]
pub async fn get(db: &impl ConnectionTrait, key: &str) -> Result<Option<ThrottleState>, DbErr> {
    Ok(login_throttle::Entity::find_by_id(key.to_owned()).one(db).await?.map(|m| ThrottleState {
        window_started_at: m.window_started_at,
        failures: u32::try_from(m.failures).unwrap_or(0),
        locked_until: m.locked_until,
    }))
}

fn count(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// Takes a place in the bucket for one attempt, or answers `false` when the bucket is
/// full (locked). The bucket starts again first when its lock or window has run out.
#[tracing::instrument(skip_all, err)]
pub async fn reserve(db: &impl ConnectionTrait, key: &str, r: &Reservation) -> Result<bool, DbErr> {
    let row = login_throttle::ActiveModel {
        email: Set(key.to_owned()),
        window_started_at: Set(r.now),
        failures: Set(0),
        locked_until: Set(None),
    };
    login_throttle::Entity::insert(row)
        .on_conflict(OnConflict::column(Column::Email).do_nothing().to_owned())
        .exec_without_returning(db)
        .await?;

    login_throttle::Entity::update_many()
        .col_expr(Column::WindowStartedAt, Expr::value(r.now))
        .col_expr(Column::Failures, Expr::value(0))
        .col_expr(Column::LockedUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .filter(Column::Email.eq(key))
        .filter(
            Condition::any().add(Column::LockedUntil.lte(r.now)).add(
                Condition::all()
                    .add(Column::LockedUntil.is_null())
                    .add(Column::WindowStartedAt.lte(r.window_started_before)),
            ),
        )
        .exec(db)
        .await?;

    let locks = CaseStatement::new()
        .case(Expr::col(Column::Failures).add(1).gte(count(r.max_failures)), Expr::value(r.lock_until))
        .finally(Expr::col(Column::LockedUntil));
    let taken = login_throttle::Entity::update_many()
        .col_expr(Column::Failures, Expr::col(Column::Failures).add(1))
        .col_expr(Column::LockedUntil, locks.into())
        .filter(Column::Email.eq(key))
        .filter(Column::Failures.lt(count(r.max_failures)))
        .exec(db)
        .await?;
    Ok(taken.rows_affected == 1)
}

/// Gives back the place of an attempt whose password was right; a bucket that is no
/// longer full is no longer locked.
#[tracing::instrument(skip_all, err)]
pub async fn release(db: &impl ConnectionTrait, key: &str, max_failures: u32) -> Result<(), DbErr> {
    let unlocks = CaseStatement::new()
        .case(
            Expr::col(Column::Failures).sub(1).lt(count(max_failures)),
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .finally(Expr::col(Column::LockedUntil));
    login_throttle::Entity::update_many()
        .col_expr(Column::Failures, Expr::col(Column::Failures).sub(1))
        .col_expr(Column::LockedUntil, unlocks.into())
        .filter(Column::Email.eq(key))
        .filter(Column::Failures.gt(0))
        .exec(db)
        .await
        .map(|_| ())
}

/// Empties a bucket: its failures are forgotten and its lock lifted (a password reset by the
/// address's owner).
#[tracing::instrument(skip_all, err)]
pub async fn clear(db: &impl ConnectionTrait, key: &str) -> Result<(), DbErr> {
    login_throttle::Entity::delete_many().filter(Column::Email.eq(key)).exec(db).await.map(|_| ())
}
