//! Mirrors of the wire format, read independently of the server's own types: a server
//! change that alters the wire fails a test instead of silently following it. Fields that no
//! test reads are left out; codes and enums are `String`s; ids are `String`s unless a test
//! needs a `Uuid`.

use serde::Deserialize;
use uuid::Uuid;

/// A problem+json body (RFC 9457).
#[derive(Debug, Clone, Deserialize)]
pub struct Problem {
    #[serde(rename = "type")]
    pub type_: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    pub code: String,
    #[serde(default)]
    pub errors: Vec<FieldError>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub code: String,
    pub message: String,
    pub min: Option<i64>,
    pub max: Option<i64>,
}

impl Problem {
    /// The codes of the field errors, as `field:code`.
    pub fn fields(&self) -> Vec<String> {
        self.errors.iter().map(|e| format!("{}:{}", e.field, e.code)).collect()
    }
}

/// A text in Finnish, and optionally Swedish and English.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Texts {
    pub fi: String,
    pub sv: Option<String>,
    pub en: Option<String>,
}

/// `POST /auth/register`, `/auth/login`, `/auth/refresh`.
#[derive(Debug, Clone, Deserialize)]
pub struct TokenPair {
    pub access_token: String,
    pub token_type: String,
    pub expires_in: i64,
    pub refresh_token: String,
    pub refresh_expires_in: i64,
    pub known_client_token: String,
    pub user: Me,
}

/// `GET /me`.
#[derive(Debug, Clone, Deserialize)]
pub struct Me {
    pub id: Uuid,
    pub email: String,
    pub display_name: String,
    pub language: String,
    pub roles: Vec<String>,
    pub unread_notifications: i64,
    pub created_at: String,
    pub organisation: Option<OrganisationRef>,
    pub email_verified: bool,
    pub pending_email: Option<String>,
}

/// An organisation as other resources mention it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct OrganisationRef {
    pub id: Uuid,
    pub code: String,
    pub name: Texts,
    pub short_name: Texts,
}

/// `GET /organisations/{id}` and the items of `GET /organisations`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Organisation {
    pub id: Uuid,
    pub code: String,
    pub name: Texts,
    pub short_name: Texts,
    pub email_domains: Vec<String>,
    /// The ministry whose administrative branch an agency is in.
    #[serde(default)]
    pub parent_id: Option<Uuid>,
}

/// `GET /admin/users` items, and what the admin's user routes answer.
#[derive(Debug, Clone, Deserialize)]
pub struct UserAdmin {
    pub id: Uuid,
    pub email: String,
    pub display_name: String,
    pub language: String,
    pub roles: Vec<String>,
    pub blocked: bool,
    pub blocked_at: Option<String>,
    pub blocked_reason: Option<String>,
    pub organisation_id: Option<Uuid>,
    pub erased_at: Option<String>,
}

/// A list of `items`, with a cursor and a total when the route pages.
#[derive(Debug, Clone, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    #[serde(default)]
    pub next_cursor: Option<String>,
    #[serde(default)]
    pub total: Option<i64>,
}

/// A call for proposals.
#[derive(Debug, Clone, Deserialize)]
pub struct Call {
    pub id: String,
    pub slug: String,
    pub title: Texts,
    pub description: Texts,
    pub description_html: Texts,
    pub phase: String,
    pub opens_at: String,
    pub submissions_close_at: String,
    pub voting_closes_at: String,
    pub moderation_mode: String,
    pub report_threshold: i64,
    pub max_proposals_per_user: Option<i64>,
    pub max_thumbs_per_user: Option<i64>,
    pub published_at: Option<String>,
    pub archived_at: Option<String>,
    pub results_published_at: Option<String>,
    pub themes: Vec<Theme>,
    pub counts: Counts,
    pub viewer: CallCapabilities,
}

impl Call {
    /// The ids of the call's themes, in order.
    pub fn theme_ids(&self) -> Vec<String> {
        self.themes.iter().map(|t| t.id.clone()).collect()
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct Theme {
    pub id: String,
    pub name: Texts,
    pub position: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Counts {
    pub proposals: i64,
    pub thumbs: i64,
    pub comments: i64,
    pub participants: i64,
}

/// What the viewer may do in a call, and why not.
#[derive(Debug, Clone, Deserialize)]
pub struct CallCapabilities {
    pub can_submit: bool,
    pub can_thumb: bool,
    pub can_comment: bool,
    pub can_manage: bool,
    pub submit_refusal: Option<String>,
    pub thumb_refusal: Option<String>,
    pub comment_refusal: Option<String>,
}

/// A proposal's author.
#[derive(Debug, Clone, Deserialize)]
pub struct Author {
    pub id: Uuid,
    pub display_name: String,
    pub organisation: Option<OrganisationRef>,
    pub erased: bool,
}

/// A proposal in a list (`ProposalSummary`).
#[derive(Debug, Clone, Deserialize)]
pub struct ProposalSummary {
    pub id: String,
    pub call_id: String,
    pub number: i64,
    pub title: String,
    pub summary: String,
    pub language: String,
    pub stage: String,
    pub visibility: String,
    pub theme_id: Option<String>,
    pub author: Author,
    pub organisations: Vec<OrganisationRef>,
    pub thumb_count: u64,
    pub comment_count: u64,
    pub viewer_thumbed: bool,
    pub viewer_can_thumb: bool,
    pub thumb_refusal: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

/// A proposal in full.
#[derive(Debug, Clone, Deserialize)]
pub struct Proposal {
    pub id: String,
    pub call_id: String,
    pub number: i64,
    pub title: String,
    pub summary: String,
    pub challenge: String,
    pub idea: String,
    pub challenge_html: String,
    pub idea_html: String,
    pub language: String,
    pub stage: String,
    pub visibility: String,
    pub theme_id: Option<String>,
    pub author: Author,
    pub organisations: Vec<OrganisationRef>,
    pub thumb_count: u64,
    pub comment_count: u64,
    pub viewer_thumbed: bool,
    pub viewer_can_thumb: bool,
    pub viewer_can_edit: bool,
    pub viewer_can_comment: bool,
    pub thumb_refusal: Option<String>,
    pub edit_refusal: Option<String>,
    pub comment_refusal: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

/// `GET /calls/{id}/proposals`.
#[derive(Debug, Clone, Deserialize)]
pub struct ProposalPage {
    pub items: Vec<ProposalSummary>,
    pub next_cursor: Option<String>,
    pub total: i64,
    pub sort: String,
    pub seed: Option<i64>,
}

/// `PUT`/`DELETE /proposals/{id}/thumb`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub struct ThumbState {
    pub thumbed: bool,
    pub thumb_count: u64,
}

/// A comment or a reply.
#[derive(Debug, Clone, Deserialize)]
pub struct Comment {
    pub id: String,
    pub proposal_id: String,
    pub parent_id: Option<String>,
    pub body: String,
    pub language: String,
    pub author: Option<CommentAuthor>,
    pub created_at: String,
    pub edited_at: Option<String>,
    pub deleted: bool,
    pub viewer_can_edit: bool,
}

#[derive(Debug, Clone, Deserialize)]
pub struct CommentAuthor {
    pub id: Uuid,
    pub display_name: String,
    /// Comments' authors say it; notifications' actors (the same mirror) do not.
    #[serde(default)]
    pub erased: bool,
}

/// A top-level comment with its replies, oldest first.
#[derive(Debug, Clone, Deserialize)]
pub struct CommentThread {
    #[serde(flatten)]
    pub comment: Comment,
    pub replies: Vec<Comment>,
}

/// A notification.
#[derive(Debug, Clone, Deserialize)]
pub struct Notification {
    pub id: String,
    pub kind: String,
    pub created_at: String,
    pub read: bool,
    pub actor: Option<CommentAuthor>,
    pub call_id: Option<String>,
    pub proposal_id: Option<String>,
    pub proposal_number: Option<i64>,
    pub proposal_title: Option<String>,
    pub comment_id: Option<String>,
}

/// `GET /me/notifications`.
#[derive(Debug, Clone, Deserialize)]
pub struct NotificationPage {
    pub items: Vec<Notification>,
    pub next_cursor: Option<String>,
    pub total: i64,
    pub unread: i64,
}

/// `GET /health`.
#[derive(Debug, Clone, Deserialize)]
pub struct Health {
    pub status: String,
    pub database: String,
}

/// `POST /notifications/read-all`: how many were unread. Its only member: the tests compare
/// the whole answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarkedRead {
    pub marked: u64,
}

/// A version of a proposal's text, in `GET /proposals/{id}/revisions` (`Page<Revision>`).
#[derive(Debug, Clone, Deserialize)]
pub struct Revision {
    pub revision: i64,
    pub editor_id: Uuid,
    pub title: String,
    pub summary: String,
    pub challenge: String,
    pub idea: String,
    pub theme_id: Option<String>,
    pub organisation_ids: Vec<Uuid>,
    pub created_at: String,
}
