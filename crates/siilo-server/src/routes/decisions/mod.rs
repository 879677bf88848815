//! Decisions and results (*päätökset ja tulokset*), and merging duplicates.
//!
//! - [`decide`]: an admin's decision on a proposal, and a call's list of decisions;
//! - [`results`]: publishing a call's results, all decisions at once;
//! - [`merge`]: merging a duplicate into another proposal;
//! - [`view`]: what the proposal view shows of them (`decision`, `merged_into`, `credits`).

use chrono::{DateTime, Utc};
use serde::Serialize;
use siilo_domain::UserId;
use siilo_domain::evaluation::DecisionStage;
use siilo_domain::notifications::NotificationKind;
use siilo_store::decisions::{Answer, DecisionRecord};
use siilo_store::notifications::NewNotification;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

pub mod decide;
pub mod merge;
pub mod results;
pub mod view;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(decide::put_decision)
        .service(decide::delete_decision)
        .service(decide::list_decisions)
        .service(results::publish_results)
        .service(merge::merge_proposal);
}

/// A decision's public answer to the proposal's author, in each language written.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DecisionAnswer {
    pub fi: Option<String>,
    pub sv: Option<String>,
    pub en: Option<String>,
}

impl From<Answer> for DecisionAnswer {
    fn from(a: Answer) -> Self {
        DecisionAnswer { fi: a.fi, sv: a.sv, en: a.en }
    }
}

/// An admin's decision on a proposal.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"proposal_id": "0193a4f5-1a2b-7c3d-8e4f-5a6b7c8d9e02", "stage": "selected", "answer": {"fi": "Valittu kokeiluun.", "sv": null, "en": null}, "decided_at": "2026-12-10T10:00:00Z", "published": false}))]
pub struct Decision {
    pub proposal_id: Uuid,
    pub stage: DecisionStage,
    pub answer: DecisionAnswer,
    pub decided_at: DateTime<Utc>,
    /// The call's results are published: the decision shows to everyone.
    pub published: bool,
}

impl Decision {
    pub(crate) fn of(d: DecisionRecord, published: bool) -> Decision {
        Decision {
            proposal_id: d.proposal_id,
            stage: d.stage,
            answer: d.answer.into(),
            decided_at: d.decided_at,
            published,
        }
    }
}

/// `decision_published` notifications for the author of a proposal and its credited
/// co-authors, once each.
pub(crate) fn decision_notices(
    call_id: Uuid,
    proposal_id: Uuid,
    stage: DecisionStage,
    recipients: impl IntoIterator<Item = UserId>,
) -> Vec<NewNotification> {
    let mut seen: Vec<UserId> = Vec::new();
    recipients
        .into_iter()
        .filter(|u| {
            let new = !seen.contains(u);
            seen.push(*u);
            new
        })
        .map(|user_id| NewNotification {
            user_id,
            kind: NotificationKind::DecisionPublished,
            actor_id: None,
            call_id: Some(call_id),
            proposal_id: Some(proposal_id),
            comment_id: None,
            data: serde_json::json!({ "stage": stage.into_str() }),
        })
        .collect()
}
