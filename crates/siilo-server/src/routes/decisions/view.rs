//! What the proposal view shows of decisions and merges: `decision` (only once the results
//! are published, or to admins and the call's evaluators), `merged_into` and `credits`.

use chrono::Utc;
use serde::Serialize;
use siilo_domain::evaluation::{DecisionStage, decision_visible};
use siilo_domain::proposals::{Sight, Stage, proposal_sight};
use siilo_store::calls::CallRecord;
use siilo_store::proposals::ProposalRecord;
use siilo_store::{decisions, merging};
use utoipa::ToSchema;
use uuid::Uuid;

use super::DecisionAnswer;
use crate::auth::SignedInOrVisitor;
use crate::error::ApiError;
use crate::routes::dto::UserRef;
use crate::state::AppState;

/// The decision on a proposal, as its view shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DecisionMark {
    pub stage: DecisionStage,
    pub answer: DecisionAnswer,
}

/// The proposal a merged one was merged into.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MergedInto {
    pub id: Uuid,
    pub number: i32,
    /// Empty when the viewer may not read it (hidden).
    pub title: String,
}

/// The three fields, loaded for one proposal.
#[derive(Debug, Default)]
pub struct Extras {
    pub decision: Option<DecisionMark>,
    pub merged_into: Option<MergedInto>,
    pub credits: Vec<UserRef>,
}

/// Loads the decision (when the viewer may see it), the merge target (of a merged proposal)
/// and the credits of `p`.
pub async fn extras(
    state: &AppState,
    viewer: &SignedInOrVisitor,
    call: &CallRecord,
    p: &ProposalRecord,
) -> Result<Extras, ApiError> {
    // One statement for the decision (when the viewer may see it) and the credits.
    let everyone_sees = decision_visible(call.state.results_published, viewer.is_admin(), false);
    let (decision, credits) =
        decisions::view_extras(&state.db, p.id, viewer.evaluator_id(), everyone_sees).await?;
    let decision = decision.map(|(stage, answer)| DecisionMark { stage, answer: answer.into() });
    let target = match p.stage {
        Stage::Merged => merging::merged_into(&state.db, p.id).await?,
        _ => None,
    };
    let merged_into = match target {
        Some(target) => match siilo_store::proposals::get(&state.db, target).await? {
            Some(t) => {
                let sight = proposal_sight(call.state.phase_at(Utc::now()), &t.facts(), viewer.audience());
                (sight > Sight::Nothing).then(|| MergedInto {
                    id: t.id,
                    number: t.number,
                    title: if sight == Sight::Full { t.title } else { String::new() },
                })
            }
            None => None,
        },
        None => None,
    };
    let credits =
        credits.into_iter().map(|c| UserRef { id: c.user_id.0, display_name: c.display_name }).collect();
    Ok(Extras { decision, merged_into, credits })
}
