//! Call managers: a user who runs one call, or every call an organisation hosts, without
//! being an admin.

use sea_orm::{ConnectionTrait, DbErr};
use uuid::Uuid;

use crate::evaluation::stmt;

/// Whether `user_id` manages the call: a grant for that call, or for the organisation that
/// hosts it.
#[tracing::instrument(skip_all, fields(user_id = %user_id, call_id = %call_id), err)]
pub async fn manages(db: &impl ConnectionTrait, user_id: Uuid, call_id: Uuid) -> Result<bool, DbErr> {
    let row = db
        .query_one_raw(stmt(
            db,
            r#"SELECT 1 AS yes FROM call_managers m
               WHERE m.user_id = $1 AND (m.call_id = $2 OR m.organisation_id =
                 (SELECT c.host_organisation_id FROM calls c WHERE c.id = $2))"#,
            vec![user_id.into(), call_id.into()],
        ))
        .await?;
    Ok(row.is_some())
}
