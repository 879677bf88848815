//! Comments on proposals: one level of replies, edited and deleted by their author while
//! the call takes comments. A deleted comment stays as a tombstone, so its replies keep
//! their place. Writing one notifies the proposal's author and the author replied to.

use actix_web::{HttpResponse, delete, get, patch, post, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use siilo_domain::DomainError;
use siilo_domain::accounts::Language;
use siilo_domain::calls::Phase;
use siilo_domain::comments::{check_can_change, check_can_comment, thread_root};
use siilo_domain::moderation::{ContentKind, ItemFacts, check_can_report, sees_moderation_reason};
use siilo_domain::proposals::{Audience, ProposalFacts, Sight, Visibility, proposal_sight};
use siilo_store::calls::CallRecord;
use siilo_store::comments::{CommentRecord, NewComment};
use siilo_store::{ConnectionTrait, begin_write, comments, notifications};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;
use validator::Validate;

use crate::auth::{SignedIn, SignedInOrVisitor};
use crate::content::{CommentEvent, comment_notifications};
use crate::error::{ApiError, Problem};
use crate::extract::Body;
use crate::routes::dto::{ModerationMark, not_blank};
use crate::routes::pagination::{self, Page};
use crate::routes::paths::{CommentPath, ProposalPath};
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_comments).service(create_comment).service(update_comment).service(delete_comment);
}

/// Who wrote a comment.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CommentAuthor {
    pub id: Uuid,
    /// Empty when `erased`.
    #[schema(example = "Maija Meikäläinen")]
    pub display_name: String,
    /// The author deleted their account (or an admin erased it): show "deleted user".
    pub erased: bool,
}

/// A comment. A deleted one is a tombstone: `deleted` is true, and it has no author and an
/// empty body. A comment hidden by moderation shows the same way (`visibility: "hidden"`,
/// with its `moderation`) to everyone but its author and moderators, who see it in full.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"id": "0193a4f6-2b3c-7d4e-8f5a-6b7c8d9e0f06", "proposal_id": "0193a4f5-1a2b-7c3d-8e4f-5a6b7c8d9e02", "parent_id": null, "author": {"id": "0193a4f0-6a7b-7c8d-9e0f-1a2b3c4d5e09", "display_name": "Matti Virtanen", "erased": false}, "body": "Hyvä ajatus! Meillä STM:ssä on sama ongelma.", "language": "fi", "created_at": "2026-11-22T08:30:00Z", "edited_at": null, "deleted": false, "viewer_can_edit": false, "visibility": "visible", "moderation": null, "viewer_can_report": true}))]
pub struct Comment {
    pub id: Uuid,
    pub proposal_id: Uuid,
    /// The top comment of the thread, for a reply; `null` for a top-level comment.
    pub parent_id: Option<Uuid>,
    /// `null` when deleted.
    pub author: Option<CommentAuthor>,
    /// Plain text; empty when deleted.
    pub body: String,
    pub language: Language,
    pub created_at: DateTime<Utc>,
    /// When its author last edited it.
    pub edited_at: Option<DateTime<Utc>>,
    pub deleted: bool,
    /// Whether the viewer may edit and delete it now.
    pub viewer_can_edit: bool,
    /// `hidden` when a moderator (or reports) hid it.
    pub visibility: Visibility,
    /// While hidden: the tombstone's category and public note (shown to all).
    pub moderation: Option<ModerationMark>,
    /// The viewer may report it: signed in, not its author, neither deleted nor hidden.
    /// Whether they reported it already is not checked here (`already_reported` then).
    pub viewer_can_report: bool,
}

/// A top-level comment with its replies.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"id": "0193a4f6-2b3c-7d4e-8f5a-6b7c8d9e0f06", "proposal_id": "0193a4f5-1a2b-7c3d-8e4f-5a6b7c8d9e02", "parent_id": null, "author": {"id": "0193a4f0-6a7b-7c8d-9e0f-1a2b3c4d5e09", "display_name": "Matti Virtanen", "erased": false}, "body": "Hyvä ajatus! Meillä STM:ssä on sama ongelma.", "language": "fi", "created_at": "2026-11-22T08:30:00Z", "edited_at": null, "deleted": false, "viewer_can_edit": false, "visibility": "visible", "moderation": null, "viewer_can_report": true, "replies": [{"id": "0193a4f6-3c4d-7e5f-8a6b-7c8d9e0f1a07", "proposal_id": "0193a4f5-1a2b-7c3d-8e4f-5a6b7c8d9e02", "parent_id": "0193a4f6-2b3c-7d4e-8f5a-6b7c8d9e0f06", "author": {"id": "0193a4f0-5e6f-7a8b-9c0d-1e2f3a4b5c03", "display_name": "Maija Meikäläinen", "erased": false}, "body": "Kiitos! Lähdetkö mukaan kokeiluun?", "language": "fi", "created_at": "2026-11-22T09:05:00Z", "edited_at": null, "deleted": false, "viewer_can_edit": true, "visibility": "visible", "moderation": null, "viewer_can_report": false}]}))]
pub struct CommentThread {
    #[serde(flatten)]
    pub comment: Comment,
    /// Oldest first.
    pub replies: Vec<Comment>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CommentListParams {
    /// Top-level comments per page: 1–100, default 20.
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
    /// `next_cursor` of the previous page.
    #[param(max_length = 512)]
    pub cursor: Option<String>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateCommentRequest {
    /// Plain text, 1–5000 characters; surrounding whitespace is trimmed.
    #[validate(length(min = 1, max = 5000), custom(function = "not_blank"))]
    #[schema(
        example = "Hyvä ajatus! Meillä STM:ssä on sama ongelma.",
        min_length = 1,
        max_length = 5000,
        pattern = r"\S"
    )]
    pub body: String,
    /// The comment replied to. A reply to a reply joins the thread of the top comment.
    pub parent_id: Option<Uuid>,
    /// Defaults to the viewer's language.
    pub language: Option<Language>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateCommentRequest {
    /// Plain text, 1–5000 characters; surrounding whitespace is trimmed.
    #[validate(length(min = 1, max = 5000), custom(function = "not_blank"))]
    #[schema(
        example = "Hyvä ajatus! Meillä STM:ssä on sama ongelma.",
        min_length = 1,
        max_length = 5000,
        pattern = r"\S"
    )]
    pub body: String,
}

/// The proposal's call, its phase now and the proposal's facts, when the viewer may read
/// the proposal; otherwise there is nothing here for them (404).
async fn readable_proposal(
    db: &impl ConnectionTrait,
    proposal_id: Uuid,
    viewer: Option<&SignedIn>,
    now: DateTime<Utc>,
) -> Result<(CallRecord, Phase, ProposalFacts), ApiError> {
    let (call, facts) = siilo_store::proposals::facts(db, proposal_id).await?.ok_or(ApiError::NotFound)?;
    let phase = call.state.phase_at(now);
    let audience = viewer.map_or(Audience::VISITOR, SignedIn::audience);
    if proposal_sight(phase, &facts, audience) < Sight::Full {
        return Err(ApiError::NotFound);
    }
    Ok((call, phase, facts))
}

fn view(c: CommentRecord, phase: Phase, audience: Audience) -> Comment {
    let deleted = c.deleted_at.is_some();
    let facts = c.facts();
    let withheld = c.visibility != Visibility::Visible && !sees_moderation_reason(audience, c.author_id);
    let shown = !deleted && !withheld;
    let item =
        ItemFacts { kind: ContentKind::Comment, author_id: c.author_id, visibility: c.visibility, deleted };
    Comment {
        id: c.id,
        proposal_id: c.proposal_id,
        parent_id: c.parent_id,
        author: shown.then_some(CommentAuthor {
            id: c.author_id.0,
            display_name: c.author_name,
            erased: c.author_erased,
        }),
        body: if shown { c.body } else { String::new() },
        language: c.language,
        created_at: c.created_at,
        edited_at: c.edited_at,
        deleted,
        viewer_can_edit: audience.id.is_some_and(|v| check_can_change(phase, &facts, v).is_ok()),
        moderation: ModerationMark::of(c.visibility, c.moderation_category, c.moderation_note.as_deref()),
        visibility: c.visibility,
        viewer_can_report: audience.id.is_some_and(|v| check_can_report(&item, v).is_ok()),
    }
}

/// List comments
///
/// A proposal's top-level comments, oldest first, each with all its replies (oldest
/// first). `total` counts top-level comments, tombstones of deleted ones included.
#[utoipa::path(
    tag = "comments",
    security((), ("bearer" = [])),
    params(ProposalPath, CommentListParams),
    responses(
        (status = 200, description = "One page of top-level comments, oldest first, each with its replies", body = Page<CommentThread>),
        (status = 401, response = Problem),
        (status = 403, description = "`account_blocked`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such proposal, or the viewer may not read it", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed` (bad `limit` or `cursor`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/proposals/{id}/comments")]
#[tracing::instrument(skip_all, fields(proposal_id = %path.id, user_id = viewer.id().map(tracing::field::display)))]
pub async fn list_comments(
    state: web::Data<AppState>,
    viewer: SignedInOrVisitor,
    path: web::Path<ProposalPath>,
    params: crate::extract::Query<CommentListParams>,
) -> Result<web::Json<Page<CommentThread>>, ApiError> {
    let params = params.into_inner();
    let limit = pagination::limit(params.limit)?;
    let list = format!("comments:{}", path.id);
    let after: Option<Uuid> = pagination::decode(&state.cursors, &list, params.cursor.as_deref())?;
    let viewer = viewer.0.as_ref();
    let (_, phase, _) = readable_proposal(&state.db, path.id, viewer, Utc::now()).await?;

    let page = comments::threads(&state.db, path.id, after, limit + 1).await?;
    let mut top = page.top;
    let next_cursor = pagination::cut(&mut top, limit, &state.cursors, &list, |c| c.id);

    let me = viewer.map_or(Audience::VISITOR, SignedIn::audience);
    let mut replies = page.replies;
    let items = top
        .into_iter()
        .map(|c| {
            let (mine, rest): (Vec<_>, Vec<_>) = replies.drain(..).partition(|r| r.parent_id == Some(c.id));
            replies = rest;
            CommentThread {
                comment: view(c, phase, me),
                replies: mine.into_iter().map(|r| view(r, phase, me)).collect(),
            }
        })
        .collect();
    Ok(web::Json(Page { items, next_cursor, total: Some(page.total) }))
}

/// Comment on a proposal
///
/// Posts a comment or, with `parent_id`, a reply, while the call takes comments (open and
/// voting phases). The proposal's author and the author of the comment replied to are
/// notified, never the commenter themselves.
#[utoipa::path(
    tag = "comments",
    security(("bearer" = [])),
    params(ProposalPath),
    request_body = CreateCommentRequest,
    responses(
        (status = 201, description = "Posted", body = Comment),
        (status = 400, response = Problem),
        (status = 401, response = Problem),
        (status = 403, description = "`email_unverified`, `terms_not_accepted`, `account_blocked`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such proposal, or the viewer may not read it", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`call_not_accepting_comments`, `proposal_withdrawn`, `proposal_hidden`", body = Problem, content_type = "application/problem+json"),
        (status = 413, response = Problem),
        (status = 415, response = Problem),
        (status = 422, description = "`validation_failed`, `parent_not_on_proposal`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/proposals/{id}/comments")]
#[tracing::instrument(skip_all, fields(proposal_id = %path.id, user_id = %viewer.id()))]
pub async fn create_comment(
    state: web::Data<AppState>,
    viewer: SignedIn,
    path: web::Path<ProposalPath>,
    body: Body<CreateCommentRequest>,
) -> Result<HttpResponse, ApiError> {
    viewer.may_take_part(&state).await?;
    let proposal_id = path.id;
    let Body(req) = body;
    let now = Utc::now();
    let txn = begin_write(&state.db).await?;
    let (call, phase, facts) = readable_proposal(&txn, proposal_id, Some(&viewer), now).await?;
    check_can_comment(phase, &facts)?;
    let parent = match req.parent_id {
        Some(parent_id) => Some(
            comments::get(&txn, parent_id)
                .await?
                .filter(|p| p.proposal_id == proposal_id)
                .ok_or(DomainError::ParentNotOnProposal)?,
        ),
        None => None,
    };

    let id = comments::create(
        &txn,
        NewComment {
            proposal_id,
            parent_id: parent.as_ref().map(|p| thread_root(p.id, p.parent_id)),
            author_id: viewer.id(),
            body: req.body.trim(),
            language: req.language.unwrap_or(viewer.user.language),
        },
        now,
    )
    .await?;
    let recipients = comment_notifications(&CommentEvent {
        comment_id: id,
        actor: viewer.id(),
        call_id: Some(call.id),
        proposal_id,
        proposal_author: facts.author_id,
        coauthors: siilo_store::coauthors::accepted_ids(&txn, proposal_id).await?,
        replied_to: parent.as_ref().map(|p| p.author_id),
    });
    notifications::create_many(&txn, &recipients, now).await?;
    // The other followers hear of it too: not the commenter, the team (told above, or by
    // their own kind) nor the author replied to.
    let mut except = vec![viewer.id()];
    except.extend(parent.as_ref().map(|p| p.author_id));
    let followed = notifications::FollowerNotice {
        kind: siilo_domain::notifications::NotificationKind::FollowedComment,
        actor_id: Some(viewer.id()),
        comment_id: Some(id),
        data: serde_json::json!({}),
        except: &except,
        except_team: true,
    };
    notifications::notify_followers(&txn, &[proposal_id], &followed, now).await?;
    // Commenters follow what they comment on.
    siilo_store::follows::follow_proposal(&txn, proposal_id, viewer.id(), now).await?;
    let created = comments::get(&txn, id).await?.ok_or(ApiError::NotFound)?;
    txn.commit().await?;
    // Its notifications may have queued emails to send at once.
    state.mail.wake();
    tracing::info!(comment = %id, proposal = %proposal_id, user = %viewer.id(), "comment posted");
    Ok(HttpResponse::Created().json(view(created, phase, viewer.audience())))
}

/// The comment, its proposal's phase now, once the viewer is known to be allowed to change it.
async fn changeable_comment(
    db: &impl ConnectionTrait,
    id: Uuid,
    viewer: &SignedIn,
    now: DateTime<Utc>,
) -> Result<(CommentRecord, Phase), ApiError> {
    let comment = comments::get(db, id).await?.ok_or(ApiError::NotFound)?;
    let (_, phase, _) = readable_proposal(db, comment.proposal_id, Some(viewer), now).await?;
    check_can_change(phase, &comment.facts(), viewer.id())?;
    Ok((comment, phase))
}

/// Edit a comment
///
/// Its author replaces the text while the call takes comments; the comment is marked
/// edited.
#[utoipa::path(
    tag = "comments",
    security(("bearer" = [])),
    params(CommentPath),
    request_body = UpdateCommentRequest,
    responses(
        (status = 200, description = "The comment as edited (marked edited)", body = Comment),
        (status = 400, response = Problem),
        (status = 401, response = Problem),
        (status = 403, description = "`email_unverified`, `terms_not_accepted`, `not_author`, `account_blocked`", body = Problem, content_type = "application/problem+json"),
        (status = 404, response = Problem),
        (status = 409, description = "`comment_deleted`, `call_not_accepting_comments`", body = Problem, content_type = "application/problem+json"),
        (status = 413, response = Problem),
        (status = 415, response = Problem),
        (status = 422, response = Problem),
    )
)]
#[patch("/comments/{id}")]
#[tracing::instrument(skip_all, fields(comment_id = %path.id, user_id = %viewer.id()))]
pub async fn update_comment(
    state: web::Data<AppState>,
    viewer: SignedIn,
    path: web::Path<CommentPath>,
    body: Body<UpdateCommentRequest>,
) -> Result<web::Json<Comment>, ApiError> {
    viewer.may_take_part(&state).await?;
    let id = path.id;
    let Body(req) = body;
    let now = Utc::now();
    let txn = begin_write(&state.db).await?;
    let (_, phase) = changeable_comment(&txn, id, &viewer, now).await?;
    comments::update_body(&txn, id, req.body.trim(), now).await?;
    let updated = comments::get(&txn, id).await?.ok_or(ApiError::NotFound)?;
    txn.commit().await?;
    Ok(web::Json(view(updated, phase, viewer.audience())))
}

/// Delete a comment
///
/// Its author deletes it while the call takes comments. A tombstone stays in its place,
/// so that replies keep their thread.
#[utoipa::path(
    tag = "comments",
    security(("bearer" = [])),
    params(CommentPath),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, response = Problem),
        (status = 403, description = "`not_author`, `account_blocked`", body = Problem, content_type = "application/problem+json"),
        (status = 404, response = Problem),
        (status = 409, description = "`comment_deleted`, `call_not_accepting_comments`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/comments/{id}")]
#[tracing::instrument(skip_all, fields(comment_id = %path.id, user_id = %viewer.id()))]
pub async fn delete_comment(
    state: web::Data<AppState>,
    viewer: SignedIn,
    path: web::Path<CommentPath>,
) -> Result<HttpResponse, ApiError> {
    let id = path.id;
    let now = Utc::now();
    let txn = begin_write(&state.db).await?;
    changeable_comment(&txn, id, &viewer, now).await?;
    comments::soft_delete(&txn, id, now).await?;
    txn.commit().await?;
    tracing::info!(comment = %id, user = %viewer.id(), "comment deleted");
    Ok(HttpResponse::NoContent().finish())
}
