//! A proposal's cross-administrative reach: the number of distinct administrative branches
//! (*hallinnonala*, an organisation's `COALESCE(parent_id, id)`) among the organisations
//! involved in it or interested in it:
//!
//! - the organisations its author named (`proposal_organisations`);
//! - the author's organisation and the accepted co-authors' organisations;
//! - the organisations of those who declared interest ("we'd join this").
//!
//! It is kept on `proposals.reach` so that lists sort and filter by it on an index. Every
//! change that moves it calls [`refresh`] in its own transaction, after its own writes.

use sea_orm::{ConnectionTrait, DbErr};
use uuid::Uuid;

use crate::evaluation::stmt;

/// The organisations involved in or interested in the proposal `p` (`p` is the outer
/// `proposals` row): the one definition both [`refresh`] and its readers use.
pub(crate) const REACH_ORGANISATIONS: &str = r#"
    SELECT po.organisation_id FROM proposal_organisations po WHERE po.proposal_id = p.id
    UNION SELECT au.organisation_id FROM users au WHERE au.id = p.author_id
    UNION SELECT cu.organisation_id FROM proposal_coauthors pc
        JOIN users cu ON cu.id = pc.user_id
        WHERE pc.proposal_id = p.id AND pc.status = 'accepted'
    UNION SELECT pi.organisation_id FROM proposal_interests pi WHERE pi.proposal_id = p.id"#;

fn reach_sql(filter: &str) -> String {
    format!(
        r#"UPDATE proposals AS p SET reach = (
             SELECT COUNT(DISTINCT COALESCE(o.parent_id, o.id)) FROM organisations o
             WHERE o.id IN ({REACH_ORGANISATIONS}))
           {filter}"#
    )
}

/// Recomputes one proposal's reach.
#[tracing::instrument(skip_all, fields(proposal_id = %proposal_id), err)]
pub async fn refresh(db: &impl ConnectionTrait, proposal_id: Uuid) -> Result<(), DbErr> {
    db.execute_raw(stmt(db, &reach_sql("WHERE p.id = $1"), vec![proposal_id.into()])).await?;
    Ok(())
}

/// Recomputes the reach of every proposal that involves a user (as author or accepted
/// co-author) or their interest: after the user's organisation changed.
#[tracing::instrument(skip_all, fields(user_id = %user_id), err)]
pub async fn refresh_for_user(db: &impl ConnectionTrait, user_id: Uuid) -> Result<(), DbErr> {
    let filter = r#"WHERE p.author_id = $1
        OR p.id IN (SELECT proposal_id FROM proposal_coauthors WHERE user_id = $1 AND status = 'accepted')
        OR p.id IN (SELECT proposal_id FROM proposal_interests WHERE user_id = $1)"#;
    db.execute_raw(stmt(db, &reach_sql(filter), vec![user_id.into()])).await?;
    Ok(())
}

/// Recomputes every proposal's reach: after an organisation moved to another branch.
#[tracing::instrument(skip_all, err)]
pub async fn refresh_all(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    db.execute_raw(stmt(db, &reach_sql(""), vec![])).await?;
    Ok(())
}

/// The same organisations as [`REACH_ORGANISATIONS`], of proposal `$1`, each labelled with
/// how it takes part: `involved` (named, the author's, an accepted co-author's) or
/// `interested` (declared interest). An organisation both involved and interested is listed
/// once, as involved.
const LABELLED_ORGANISATIONS: &str = r#"
    SELECT x.organisation_id, MAX(x.kind) AS kind FROM (
        SELECT po.organisation_id, 'involved' AS kind FROM proposal_organisations po WHERE po.proposal_id = $1
        UNION SELECT au.organisation_id, 'involved' FROM proposals p JOIN users au ON au.id = p.author_id
            WHERE p.id = $1
        UNION SELECT cu.organisation_id, 'involved' FROM proposal_coauthors pc
            JOIN users cu ON cu.id = pc.user_id
            WHERE pc.proposal_id = $1 AND pc.status = 'accepted'
        UNION SELECT pi.organisation_id, 'interested' FROM proposal_interests pi WHERE pi.proposal_id = $1
    ) x WHERE x.organisation_id IS NOT NULL GROUP BY x.organisation_id"#;

/// The organisations a proposal reaches, as [`REACH_ORGANISATIONS`] defines them: each
/// with `true` when involved, `false` when only interested. One statement.
#[tracing::instrument(skip_all, fields(proposal_id = %proposal_id), err)]
pub async fn organisations(db: &impl ConnectionTrait, proposal_id: Uuid) -> Result<Vec<(Uuid, bool)>, DbErr> {
    db.query_all_raw(stmt(db, LABELLED_ORGANISATIONS, vec![proposal_id.into()]))
        .await?
        .iter()
        .map(|r| {
            Ok((r.try_get::<Uuid>("", "organisation_id")?, r.try_get::<String>("", "kind")? == "involved"))
        })
        .collect()
}
