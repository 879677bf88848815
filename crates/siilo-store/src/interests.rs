//! "We'd join this": one row per user and proposal (`proposal_interests`), holding the
//! user's organisation when they declared it and whether they spoke on its behalf. Every
//! write here moves the proposal's reach: the callers refresh it (`crate::reach::refresh`)
//! in the same transaction.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, TryInsertResult,
};
use siilo_domain::{OrganisationId, UserId};
use uuid::Uuid;

use crate::entities::{organisation, proposal, proposal_coauthor, proposal_interest, user};

/// One declaration, as the proposal's list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InterestRecord {
    pub user_id: UserId,
    pub display_name: String,
    pub organisation_id: Option<OrganisationId>,
    /// The organisation's administrative branch: its parent, or itself.
    pub branch_id: Option<OrganisationId>,
    pub on_behalf: bool,
    pub note: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// How many declared interest: people, distinct organisations, distinct branches.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct InterestTotals {
    pub people: u64,
    pub organisations: u64,
    pub branches: u64,
}

/// Is `user` an accepted co-author of the proposal?
#[tracing::instrument(skip_all, fields(proposal_id = %proposal_id, user_id = %user), err)]
pub async fn is_coauthor(db: &impl ConnectionTrait, proposal_id: Uuid, user: UserId) -> Result<bool, DbErr> {
    Ok(proposal_coauthor::Entity::find()
        .filter(proposal_coauthor::Column::ProposalId.eq(proposal_id))
        .filter(proposal_coauthor::Column::UserId.eq(user.0))
        .filter(proposal_coauthor::Column::Status.eq("accepted"))
        .count(db)
        .await?
        > 0)
}

/// The proposal's team: its author and its accepted co-authors (author first).
#[tracing::instrument(skip_all, fields(proposal_id = %proposal_id), err)]
pub async fn team(db: &impl ConnectionTrait, proposal_id: Uuid) -> Result<Vec<UserId>, DbErr> {
    let Some(author) = proposal::Entity::find_by_id(proposal_id)
        .select_only()
        .column(proposal::Column::AuthorId)
        .into_tuple::<Uuid>()
        .one(db)
        .await?
    else {
        return Ok(Vec::new());
    };
    let coauthors: Vec<Option<Uuid>> = proposal_coauthor::Entity::find()
        .select_only()
        .column(proposal_coauthor::Column::UserId)
        .filter(proposal_coauthor::Column::ProposalId.eq(proposal_id))
        .filter(proposal_coauthor::Column::Status.eq("accepted"))
        .order_by_asc(proposal_coauthor::Column::CreatedAt)
        .into_tuple()
        .all(db)
        .await?;
    let mut out = vec![UserId(author)];
    for c in coauthors.into_iter().flatten() {
        if !out.contains(&UserId(c)) {
            out.push(UserId(c));
        }
    }
    Ok(out)
}

/// What a declaration says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declaration {
    pub organisation_id: Option<OrganisationId>,
    pub on_behalf: bool,
    pub note: Option<String>,
}

/// Declares or updates the user's interest; `true` when it is new. Safe against parallel
/// calls by the same user: one inserts, the others update the row it made.
#[tracing::instrument(skip_all, fields(proposal_id = %proposal_id, user_id = %user), err)]
pub async fn declare(
    db: &impl ConnectionTrait,
    proposal_id: Uuid,
    user: UserId,
    d: &Declaration,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let row = proposal_interest::ActiveModel {
        proposal_id: Set(proposal_id),
        user_id: Set(user.0),
        organisation_id: Set(d.organisation_id.map(|o| o.0)),
        on_behalf: Set(d.on_behalf),
        note: Set(d.note.clone()),
        created_at: Set(now),
        updated_at: Set(now),
    };
    let res =
        proposal_interest::Entity::insert(row).on_conflict_do_nothing().exec_without_returning(db).await?;
    if matches!(res, TryInsertResult::Inserted(n) if n > 0) {
        return Ok(true);
    }
    proposal_interest::Entity::update_many()
        .col_expr(proposal_interest::Column::OrganisationId, Expr::value(d.organisation_id.map(|o| o.0)))
        .col_expr(proposal_interest::Column::OnBehalf, Expr::value(d.on_behalf))
        .col_expr(proposal_interest::Column::Note, Expr::value(d.note.clone()))
        .col_expr(proposal_interest::Column::UpdatedAt, Expr::value(now))
        .filter(proposal_interest::Column::ProposalId.eq(proposal_id))
        .filter(proposal_interest::Column::UserId.eq(user.0))
        .exec(db)
        .await?;
    Ok(false)
}

/// Withdraws the user's interest; `true` when there was one.
#[tracing::instrument(skip_all, fields(proposal_id = %proposal_id, user_id = %user), err)]
pub async fn withdraw(db: &impl ConnectionTrait, proposal_id: Uuid, user: UserId) -> Result<bool, DbErr> {
    let res = proposal_interest::Entity::delete_many()
        .filter(proposal_interest::Column::ProposalId.eq(proposal_id))
        .filter(proposal_interest::Column::UserId.eq(user.0))
        .exec(db)
        .await?;
    Ok(res.rows_affected > 0)
}

/// The user's own declaration on the proposal, if any.
#[tracing::instrument(skip_all, fields(proposal_id = %proposal_id, user_id = %user), err)]
pub async fn of_user(
    db: &impl ConnectionTrait,
    proposal_id: Uuid,
    user: UserId,
) -> Result<Option<InterestRecord>, DbErr> {
    let rows = proposal_interest::Entity::find()
        .filter(proposal_interest::Column::ProposalId.eq(proposal_id))
        .filter(proposal_interest::Column::UserId.eq(user.0))
        .all(db)
        .await?;
    Ok(records(db, rows).await?.pop())
}

/// Up to `limit` declarations on the proposal, oldest first, with the declarers' names and
/// their organisations' branches.
#[tracing::instrument(skip_all, fields(proposal_id = %proposal_id), err)]
pub async fn list(
    db: &impl ConnectionTrait,
    proposal_id: Uuid,
    limit: u64,
) -> Result<Vec<InterestRecord>, DbErr> {
    let rows = proposal_interest::Entity::find()
        .filter(proposal_interest::Column::ProposalId.eq(proposal_id))
        .order_by_asc(proposal_interest::Column::CreatedAt)
        .order_by_asc(proposal_interest::Column::UserId)
        .limit(limit)
        .all(db)
        .await?;
    records(db, rows).await
}

async fn records(
    db: &impl ConnectionTrait,
    rows: Vec<proposal_interest::Model>,
) -> Result<Vec<InterestRecord>, DbErr> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let user_ids: Vec<Uuid> = rows.iter().map(|r| r.user_id).collect();
    let names: HashMap<Uuid, String> = user::Entity::find()
        .select_only()
        .columns([user::Column::Id, user::Column::DisplayName])
        .filter(user::Column::Id.is_in(user_ids))
        .into_tuple::<(Uuid, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let org_ids: Vec<Uuid> = rows.iter().filter_map(|r| r.organisation_id).collect();
    let branches: HashMap<Uuid, Uuid> = if org_ids.is_empty() {
        HashMap::new()
    } else {
        organisation::Entity::find()
            .select_only()
            .columns([organisation::Column::Id, organisation::Column::ParentId])
            .filter(organisation::Column::Id.is_in(org_ids))
            .into_tuple::<(Uuid, Option<Uuid>)>()
            .all(db)
            .await?
            .into_iter()
            .map(|(id, parent)| (id, parent.unwrap_or(id)))
            .collect()
    };
    Ok(rows
        .into_iter()
        .map(|r| InterestRecord {
            user_id: UserId(r.user_id),
            display_name: names.get(&r.user_id).cloned().unwrap_or_default(),
            organisation_id: r.organisation_id.map(OrganisationId),
            branch_id: r.organisation_id.and_then(|o| branches.get(&o)).copied().map(OrganisationId),
            on_behalf: r.on_behalf,
            note: r.note,
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
        .collect())
}

/// How many people, organisations and branches declared interest in each of `proposals`.
#[tracing::instrument(skip_all, fields(count = proposals.len()), err)]
pub async fn totals(
    db: &impl ConnectionTrait,
    proposals: &[Uuid],
) -> Result<HashMap<Uuid, InterestTotals>, DbErr> {
    if proposals.is_empty() {
        return Ok(HashMap::new());
    }
    let marks: Vec<String> = (1..=proposals.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        r#"SELECT pi.proposal_id AS proposal_id,
                  CAST(COUNT(*) AS BIGINT) AS people,
                  CAST(COUNT(DISTINCT pi.organisation_id) AS BIGINT) AS organisations,
                  CAST(COUNT(DISTINCT COALESCE(o.parent_id, o.id)) AS BIGINT) AS branches
           FROM proposal_interests pi
           LEFT JOIN organisations o ON o.id = pi.organisation_id
           WHERE pi.proposal_id IN ({})
           GROUP BY pi.proposal_id"#,
        marks.join(", ")
    );
    let values = proposals.iter().map(|p| (*p).into()).collect();
    let rows = db.query_all_raw(crate::evaluation::stmt(db, &sql, values)).await?;
    let mut out = HashMap::new();
    for row in rows {
        let id: Uuid = row.try_get("", "proposal_id")?;
        out.insert(
            id,
            InterestTotals {
                people: crate::evaluation::count(&row, "people")?,
                organisations: crate::evaluation::count(&row, "organisations")?,
                branches: crate::evaluation::count(&row, "branches")?,
            },
        );
    }
    Ok(out)
}

/// The proposals the user declared interest in, for the erasure's reach refresh.
#[tracing::instrument(skip_all, fields(user_id = %user), err)]
pub async fn proposals_of_user(db: &impl ConnectionTrait, user: UserId) -> Result<Vec<Uuid>, DbErr> {
    proposal_interest::Entity::find()
        .select_only()
        .column(proposal_interest::Column::ProposalId)
        .filter(proposal_interest::Column::UserId.eq(user.0))
        .into_tuple()
        .all(db)
        .await
}

/// Every declaration the user made, oldest first (the personal-data export).
#[tracing::instrument(skip_all, fields(user_id = %user), err)]
pub async fn all_of_user(
    db: &impl ConnectionTrait,
    user: UserId,
) -> Result<Vec<(Uuid, InterestRecord)>, DbErr> {
    let rows = proposal_interest::Entity::find()
        .filter(proposal_interest::Column::UserId.eq(user.0))
        .order_by_asc(proposal_interest::Column::CreatedAt)
        .all(db)
        .await?;
    let ids: Vec<Uuid> = rows.iter().map(|r| r.proposal_id).collect();
    Ok(ids.into_iter().zip(records(db, rows).await?).collect())
}
