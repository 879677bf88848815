//! What people write, made ready for the store, in one place for the routes and the demo
//! seeder (`siilo seed-demo`): a proposal's text with its Markdown rendered and its search
//! text folded, and the notifications a new comment sends.

use siilo_domain::notifications::comment_recipients;
use siilo_domain::{OrganisationId, UserId, search};
use siilo_store::notifications::NewNotification;
use siilo_store::proposals::ProposalText;
use uuid::Uuid;

use crate::markdown::to_safe_html;

/// A proposal's text as its author wrote it, with the organisations it involves already
/// checked (`siilo_domain::organisations::involved_organisations`).
pub struct ProposalDraft {
    pub title: String,
    pub summary: String,
    pub challenge: String,
    pub idea: String,
    pub theme_id: Option<Uuid>,
    pub organisation_ids: Vec<OrganisationId>,
}

/// The text to store: title and summary trimmed, the challenge and the idea rendered to safe
/// HTML, and the search text folded from all four.
pub fn proposal_text(d: ProposalDraft) -> ProposalText {
    let title = d.title.trim().to_owned();
    let summary = d.summary.trim().to_owned();
    let search_text = search::fold(&[title.as_str(), &summary, &d.challenge, &d.idea].join(" "));
    ProposalText {
        challenge_html: to_safe_html(&d.challenge),
        idea_html: to_safe_html(&d.idea),
        title,
        summary,
        challenge: d.challenge,
        idea: d.idea,
        search_text,
        theme_id: d.theme_id,
        organisation_ids: d.organisation_ids,
    }
}

/// A new comment, as far as its notifications need it.
pub struct CommentEvent {
    pub comment_id: Uuid,
    /// Who wrote it.
    pub actor: UserId,
    pub call_id: Option<Uuid>,
    pub proposal_id: Uuid,
    pub proposal_author: UserId,
    /// The proposal's accepted co-authors.
    pub coauthors: Vec<UserId>,
    /// The author of the comment replied to, for a reply.
    pub replied_to: Option<UserId>,
}

/// The notifications a new comment sends; who gets one is the domain's
/// [`comment_recipients`].
pub fn comment_notifications(e: &CommentEvent) -> Vec<NewNotification> {
    comment_recipients(e.actor, e.proposal_author, &e.coauthors, e.replied_to)
        .into_iter()
        .map(|(user_id, kind)| NewNotification {
            user_id,
            kind,
            actor_id: Some(e.actor),
            call_id: e.call_id,
            proposal_id: Some(e.proposal_id),
            comment_id: Some(e.comment_id),
            data: serde_json::json!({}),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_proposal_text_is_trimmed_rendered_and_folded() {
        let text = proposal_text(ProposalDraft {
            title: "  Yhteinen rekisteri  ".into(),
            summary: " Kootaan avustukset. ".into(),
            challenge: "Tiedot ovat **hajallaan**.".into(),
            idea: "<script>x</script>Kokeillaan.".into(),
            theme_id: None,
            organisation_ids: vec![],
        });
        assert_eq!(text.title, "Yhteinen rekisteri");
        assert_eq!(text.summary, "Kootaan avustukset.");
        assert_eq!(text.challenge_html, "<p>Tiedot ovat <strong>hajallaan</strong>.</p>\n");
        assert!(!text.idea_html.contains("<script"));
        assert!(text.search_text.starts_with("yhteinen rekisteri kootaan avustukset"));
    }

    #[test]
    fn a_reply_notifies_the_proposal_author_and_the_parent_author() {
        let (actor, author, parent) = (UserId::new(), UserId::new(), UserId::new());
        let e = CommentEvent {
            comment_id: Uuid::now_v7(),
            actor,
            call_id: Some(Uuid::now_v7()),
            proposal_id: Uuid::now_v7(),
            proposal_author: author,
            coauthors: Vec::new(),
            replied_to: Some(parent),
        };
        let notes = comment_notifications(&e);
        assert_eq!(notes.iter().map(|n| n.user_id).collect::<Vec<_>>(), vec![author, parent]);
        assert!(notes.iter().all(|n| n.actor_id == Some(actor) && n.comment_id == Some(e.comment_id)));
        assert!(notes.iter().all(|n| n.proposal_id == Some(e.proposal_id) && n.call_id == e.call_id));
    }
}
