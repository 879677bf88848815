//! Which events concern whom.

use serde::{Deserialize, Serialize};
use strum::{Display, EnumIter, EnumString, IntoStaticStr, VariantNames};

use crate::UserId;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[derive(EnumString, IntoStaticStr, Display, EnumIter, VariantNames)]
#[strum(serialize_all = "snake_case", const_into_str)]
pub enum NotificationKind {
    /// Someone commented on your proposal.
    CommentOnProposal,
    /// Someone replied to your comment.
    ReplyToComment,
    /// Your proposal or comment was hidden, by a moderator or by reports; `data` says why.
    ContentHidden,
    /// Your hidden proposal or comment was restored.
    ContentRestored,
    /// Your pending proposal was approved and now shows in the call.
    ProposalApproved,
    /// Your pending proposal was rejected; `data` says why.
    ProposalRejected,
    /// Your appeal was decided; `data` says how and why.
    AppealDecided,
    /// The call's results were published: `data` holds your proposal's outcome (`stage`).
    DecisionPublished,
    /// A proposal was merged into another: sent to both authors; `data` names the source and
    /// the target.
    ProposalMerged,
    /// A pilot was made from your proposal: `data` names the pilot.
    PilotCreated,
    /// A pilot you follow posted a progress update: `data` names the pilot and the update.
    PilotUpdate,
    /// A pilot you follow published its lessons learned: `data` names the pilot.
    PilotLessons,
    /// You were invited to co-author a proposal (the actor invited you).
    CoauthorInvited,
    /// Someone answered your invitation to co-author your proposal: `data` says whether they
    /// accepted.
    CoauthorAnswered,
    /// The author removed you from a proposal's co-authors.
    CoauthorRemoved,
    /// A call you follow posted news: `data` names the call and the news item.
    CallNews,
    /// Someone would join your proposal's experiment ("we'd join this"): `data` holds their
    /// `organisation_id` (when they had one) and whether they spoke `on_behalf` of it.
    InterestDeclared,
    /// A proposal you follow was edited (a new revision).
    ProposalRevised,
    /// Someone commented on a proposal you follow.
    FollowedComment,
    /// A decision on a proposal you follow was published: `data` holds the `stage`.
    FollowedDecision,
}

/// Who hears of a new comment: the proposal's author and accepted co-authors (its team), and
/// for a reply the author of the comment replied to. Nobody hears of their own comment, and
/// nobody twice.
pub fn comment_recipients(
    actor: UserId,
    proposal_author: UserId,
    coauthors: &[UserId],
    replied_to: Option<UserId>,
) -> Vec<(UserId, NotificationKind)> {
    let team = crate::team::team_recipients(proposal_author, coauthors, Some(actor));
    let mut out: Vec<(UserId, NotificationKind)> =
        team.iter().map(|u| (*u, NotificationKind::CommentOnProposal)).collect();
    if let Some(parent_author) = replied_to
        && parent_author != actor
        && parent_author != proposal_author
        && !team.contains(&parent_author)
    {
        out.push((parent_author, NotificationKind::ReplyToComment));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use NotificationKind::*;

    #[test]
    fn kinds_keep_their_names() {
        crate::assert_stored_names_match_serde::<NotificationKind>();
        assert_eq!(CommentOnProposal.into_str(), "comment_on_proposal");
    }

    #[test]
    fn the_proposal_author_hears_of_comments_but_not_their_own() {
        let (author, other) = (UserId::new(), UserId::new());
        assert_eq!(comment_recipients(other, author, &[], None), vec![(author, CommentOnProposal)]);
        assert_eq!(comment_recipients(author, author, &[], None), vec![]);
    }

    #[test]
    fn the_team_hears_of_comments_once_each() {
        let (author, co, other) = (UserId::new(), UserId::new(), UserId::new());
        assert_eq!(
            comment_recipients(other, author, &[co], None),
            vec![(author, CommentOnProposal), (co, CommentOnProposal)]
        );
        // A co-author comments: the author hears, the co-author does not.
        assert_eq!(comment_recipients(co, author, &[co], None), vec![(author, CommentOnProposal)]);
        // A reply to a co-author's comment: they hear of it once, as of a comment on their proposal.
        assert_eq!(
            comment_recipients(other, author, &[co], Some(co)),
            vec![(author, CommentOnProposal), (co, CommentOnProposal)]
        );
    }

    #[test]
    fn a_reply_reaches_the_parent_author_once() {
        let (author, parent, replier) = (UserId::new(), UserId::new(), UserId::new());
        assert_eq!(
            comment_recipients(replier, author, &[], Some(parent)),
            vec![(author, CommentOnProposal), (parent, ReplyToComment)]
        );
        // The proposal's author replying to a comment notifies the comment's author only.
        assert_eq!(comment_recipients(author, author, &[], Some(parent)), vec![(parent, ReplyToComment)]);
        // Replying on one's own thread notifies nobody twice.
        assert_eq!(comment_recipients(replier, author, &[], Some(author)), vec![(author, CommentOnProposal)]);
        assert_eq!(comment_recipients(parent, author, &[], Some(parent)), vec![(author, CommentOnProposal)]);
    }
}
