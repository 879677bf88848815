//! Calls (*haut*) and their themes. A call's phase comes from `siilo_domain::calls`, from
//! the clock at the time of the request; it is never stored.

use std::collections::HashMap;

use actix_web::{HttpResponse, delete, get, patch, post, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use siilo_domain::calls::{self, ModerationMode, Phase, Window};
use siilo_domain::roles::Role;
use siilo_domain::thumbs::Allowance;
use siilo_domain::{DomainError, proposals as rules};
use siilo_store::calls::{
    self as store, CallChange, CallCounts, CallRecord, CallSettings, Localized, NewCall, ThemeRecord,
};
use siilo_store::{begin_write, thumbs};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;
use validator::Validate;

use crate::auth::{MaybeViewer, Viewer};
use crate::error::{ApiError, ErrorCode, Problem};
use crate::extract::Body;
use crate::markdown::to_safe_html_localized;
use crate::routes::dto::present;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_calls)
        .service(get_call)
        .service(create_call)
        .service(update_call)
        .service(publish_call)
        .service(archive_call)
        .service(create_theme)
        .service(update_theme)
        .service(delete_theme);
}

/// A text in Finnish, and optionally Swedish and English; clients fall back to Finnish.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Texts {
    #[schema(example = "Siilonmurtajat 2026")]
    pub fi: String,
    pub sv: Option<String>,
    pub en: Option<String>,
}

impl From<Localized> for Texts {
    fn from(l: Localized) -> Self {
        Texts { fi: l.fi, sv: l.sv, en: l.en }
    }
}

/// Trims each language and drops empty optional ones; checks the lengths as `field.lang`.
fn texts(field: &str, t: &Texts, max: usize, errors: &mut Vec<crate::error::FieldError>) -> Localized {
    let mut check = |lang: &str, value: &str, required: bool| {
        let len = value.chars().count();
        let path = format!("{field}.{lang}");
        if required && len == 0 {
            errors.push(crate::error::FieldError::new(path, ErrorCode::Required, "is required"));
        } else if len > max {
            let min = i64::from(u8::from(required));
            errors.push(
                crate::error::FieldError::new(
                    path,
                    ErrorCode::Length,
                    format!("must be {min}–{max} characters long"),
                )
                .limits(Some(min), i64::try_from(max).ok()),
            );
        }
    };
    let fi = t.fi.trim().to_owned();
    check("fi", &fi, true);
    let opt = |v: &Option<String>| v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned);
    let sv = opt(&t.sv);
    let en = opt(&t.en);
    if let Some(v) = &sv {
        check("sv", v, false);
    }
    if let Some(v) = &en {
        check("en", v, false);
    }
    Localized { fi, sv, en }
}

/// A call's title as requests give it: the limits the server checks on [`Texts`].
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TitleTexts {
    /// 1–140 characters, not only spaces.
    #[schema(example = "Siilonmurtajat 2026", min_length = 1, max_length = 140, pattern = r"\S")]
    pub fi: String,
    /// At most 140 characters; an empty one is dropped.
    #[schema(example = "Silobrytarna 2026", max_length = 140)]
    pub sv: Option<String>,
    /// At most 140 characters; an empty one is dropped.
    #[schema(example = "Silo breakers 2026", max_length = 140)]
    pub en: Option<String>,
}

/// A call's description as requests give it (plain text or Markdown).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DescriptionTexts {
    /// 1–10000 characters, not only spaces.
    #[schema(
        example = "Ehdota kokeilua, joka ylittää hallinnonalojen rajat.",
        min_length = 1,
        max_length = 10000,
        pattern = r"\S"
    )]
    pub fi: String,
    /// At most 10000 characters; an empty one is dropped.
    #[schema(example = "Föreslå ett försök som går över förvaltningsgränserna.", max_length = 10000)]
    pub sv: Option<String>,
    /// At most 10000 characters; an empty one is dropped.
    #[schema(example = "Propose an experiment that crosses administrative borders.", max_length = 10000)]
    pub en: Option<String>,
}

/// A theme's name as requests give it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ThemeNameTexts {
    /// 1–80 characters, not only spaces.
    #[schema(example = "Digitaaliset palvelut", min_length = 1, max_length = 80, pattern = r"\S")]
    pub fi: String,
    /// At most 80 characters; an empty one is dropped.
    #[schema(example = "Digitala tjänster", max_length = 80)]
    pub sv: Option<String>,
    /// At most 80 characters; an empty one is dropped.
    #[schema(example = "Digital services", max_length = 80)]
    pub en: Option<String>,
}

const TITLE_MAX: usize = 140;
const DESCRIPTION_MAX: usize = 10_000;
const THEME_MAX: usize = 80;

#[derive(Debug, Serialize, ToSchema)]
pub struct Theme {
    pub id: Uuid,
    pub name: Texts,
    pub position: i32,
}

impl From<ThemeRecord> for Theme {
    fn from(t: ThemeRecord) -> Self {
        Theme { id: t.id, name: t.name.into(), position: t.position }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Counts {
    /// Proposals that show (pending ones are not counted).
    pub proposals: u64,
    pub thumbs: u64,
    /// Comments and replies on the counted proposals, deleted ones not counted.
    pub comments: u64,
    /// Distinct people who proposed, thumbed or commented.
    pub participants: u64,
}

impl From<CallCounts> for Counts {
    fn from(c: CallCounts) -> Self {
        Counts {
            proposals: c.proposals,
            thumbs: c.thumbs,
            comments: c.comments,
            participants: c.participants,
        }
    }
}

/// What the viewer may do in the call now, and if not, why (an error code such as
/// `unauthenticated`, `call_not_open`, `limit_reached`). Clients show or hide actions by
/// these instead of deriving them again.
#[derive(Debug, Serialize, ToSchema)]
pub struct CallCapabilities {
    pub can_submit: bool,
    pub submit_refusal: Option<ErrorCode>,
    pub can_thumb: bool,
    pub thumb_refusal: Option<ErrorCode>,
    pub can_comment: bool,
    pub comment_refusal: Option<ErrorCode>,
    /// Admins may edit the call.
    pub can_manage: bool,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": "0193a4f2-7c1e-7d3a-9b2e-5f6a7b8c9d01", "slug": "siilonmurtajat-2026", "title": {"fi": "Siilonmurtajat 2026", "sv": "Silobrytarna 2026", "en": "Silo breakers 2026"}, "description": {"fi": "Ehdota kokeilua, joka ylittää hallinnonalojen rajat.", "sv": "Föreslå ett försök som går över förvaltningsgränserna.", "en": "Propose an experiment that crosses administrative borders."}, "description_html": {"fi": "<p>Ehdota kokeilua, joka ylittää hallinnonalojen rajat.</p>", "sv": "<p>Föreslå ett försök som går över förvaltningsgränserna.</p>", "en": "<p>Propose an experiment that crosses administrative borders.</p>"}, "phase": "open", "opens_at": "2026-11-16T07:00:00Z", "submissions_close_at": "2026-12-14T15:00:00Z", "voting_closes_at": "2026-12-21T15:00:00Z", "published_at": "2026-11-10T12:00:00Z", "results_published_at": null, "archived_at": null, "moderation_mode": "post", "report_threshold": 3, "max_proposals_per_user": null, "max_thumbs_per_user": null, "themes": [{"id": "0193a4f2-7c1e-7d3a-9b2e-5f6a7b8c9d05", "name": {"fi": "Digitaaliset palvelut", "sv": "Digitala tjänster", "en": "Digital services"}, "position": 0}], "counts": {"proposals": 40, "thumbs": 412, "comments": 96, "participants": 61}, "viewer": {"can_submit": true, "submit_refusal": null, "can_thumb": true, "thumb_refusal": null, "can_comment": true, "comment_refusal": null, "can_manage": false}}))]
pub struct Call {
    pub id: Uuid,
    #[schema(example = "siilonmurtajat-2026")]
    pub slug: String,
    pub title: Texts,
    /// Plain text or Markdown, as written.
    pub description: Texts,
    /// `description` rendered from Markdown to sanitised HTML, per language (a language
    /// without a description has none).
    pub description_html: Texts,
    /// Derived from the clock: draft, upcoming, open, voting, review, results, archived.
    pub phase: Phase,
    pub opens_at: DateTime<Utc>,
    pub submissions_close_at: DateTime<Utc>,
    pub voting_closes_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
    pub results_published_at: Option<DateTime<Utc>>,
    pub archived_at: Option<DateTime<Utc>>,
    pub moderation_mode: ModerationMode,
    /// Distinct reporters that hide content until a moderator decides.
    pub report_threshold: u32,
    pub max_proposals_per_user: Option<u32>,
    pub max_thumbs_per_user: Option<u32>,
    pub themes: Vec<Theme>,
    pub counts: Counts,
    pub viewer: CallCapabilities,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CallList {
    pub items: Vec<Call>,
}

fn refusal(result: Result<(), DomainError>) -> (bool, Option<ErrorCode>) {
    match result {
        Ok(()) => (true, None),
        Err(e) => (false, Some(ApiError::Rule(e).code())),
    }
}

/// The viewer's capabilities in a call at `now`, from the same rules the actions use.
async fn capabilities(
    state: &AppState,
    call: &CallRecord,
    viewer: &MaybeViewer,
    now: DateTime<Utc>,
) -> Result<CallCapabilities, ApiError> {
    let phase = call.state.phase_at(now);
    let Some(v) = &viewer.0 else {
        let submit = calls::check_visitor(rules::check_can_submit(phase, 0, None));
        let thumb =
            calls::check_visitor(siilo_domain::thumbs::check_call_takes_thumbs(phase, Allowance::default()));
        let comment = calls::check_visitor(siilo_domain::comments::check_call_takes_comments(phase));
        return Ok(CallCapabilities {
            can_submit: false,
            submit_refusal: refusal(submit).1,
            can_thumb: false,
            thumb_refusal: refusal(thumb).1,
            can_comment: false,
            comment_refusal: refusal(comment).1,
            can_manage: false,
        });
    };
    // The phase first: a closed call needs no count of the viewer's proposals.
    let submit = match rules::check_can_submit(phase, 0, None) {
        Ok(()) => {
            let own = siilo_store::proposals::count_by_author(&state.db, call.id, v.id()).await?;
            rules::check_can_submit(phase, own, call.settings.max_proposals_per_user)
        }
        refused => refused,
    };
    let max_thumbs = call.settings.max_thumbs_per_user;
    let given_in_call = match phase.takes_thumbs() && max_thumbs.is_some() {
        true => thumbs::count_by_user_in_call(&state.db, call.id, v.id()).await?,
        false => 0,
    };
    let allowance = Allowance { given_in_call, max_per_user: max_thumbs, already_thumbed: false };
    let thumb = siilo_domain::thumbs::check_call_takes_thumbs(phase, allowance);
    let comment = siilo_domain::comments::check_call_takes_comments(phase);
    let (can_submit, submit_refusal) = refusal(submit);
    let (can_thumb, thumb_refusal) = refusal(thumb);
    let (can_comment, comment_refusal) = refusal(comment);
    Ok(CallCapabilities {
        can_submit,
        submit_refusal,
        can_thumb,
        thumb_refusal,
        can_comment,
        comment_refusal,
        can_manage: v.is_admin(),
    })
}

async fn view(
    state: &AppState,
    call: CallRecord,
    counts: CallCounts,
    viewer: &MaybeViewer,
    now: DateTime<Utc>,
) -> Result<Call, ApiError> {
    let viewer_caps = capabilities(state, &call, viewer, now).await?;
    let w = call.state.window;
    Ok(Call {
        id: call.id,
        phase: call.state.phase_at(now),
        slug: call.slug,
        title: call.title.into(),
        description: call.description.into(),
        description_html: call.description_html.into(),
        opens_at: w.opens_at,
        submissions_close_at: w.submissions_close_at,
        voting_closes_at: w.voting_closes_at,
        published_at: call.published_at,
        results_published_at: call.results_published_at,
        archived_at: call.archived_at,
        moderation_mode: call.settings.moderation_mode,
        report_threshold: call.settings.report_threshold,
        max_proposals_per_user: call.settings.max_proposals_per_user,
        max_thumbs_per_user: call.settings.max_thumbs_per_user,
        themes: call.themes.into_iter().map(Theme::from).collect(),
        counts: counts.into(),
        viewer: viewer_caps,
    })
}

/// Finds a call by id or slug, as the viewer may see it: drafts are for admins only.
pub async fn find_visible(
    state: &AppState,
    id_or_slug: &str,
    viewer: &MaybeViewer,
) -> Result<CallRecord, ApiError> {
    let call = match Uuid::parse_str(id_or_slug) {
        Ok(id) => store::get(&state.db, id).await?,
        Err(_) => store::get_by_slug(&state.db, id_or_slug).await?,
    }
    .ok_or(ApiError::NotFound)?;
    if !calls::is_visible(call.state.phase_at(Utc::now()), viewer.is_admin()) {
        return Err(ApiError::NotFound);
    }
    Ok(call)
}

async fn one(state: &AppState, call: CallRecord, viewer: &MaybeViewer) -> Result<Call, ApiError> {
    let counts = store::counts(&state.db, &[call.id]).await?.remove(&call.id).unwrap_or_default();
    view(state, call, counts, viewer, Utc::now()).await
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CallListParams {
    /// Only calls in this phase.
    pub phase: Option<Phase>,
}

/// List calls
///
/// Published calls, the latest opening first; admins also see drafts. Not paginated:
/// there are a few calls a year.
#[utoipa::path(
    tag = "calls",
    security((), ("bearer" = [])),
    params(CallListParams),
    responses((status = 200, description = "The calls the viewer may see, the latest opening first", body = CallList), (status = 401, response = Problem), (status = 422, response = Problem))
)]
#[get("/calls")]
pub async fn list_calls(
    state: web::Data<AppState>,
    viewer: MaybeViewer,
    params: crate::extract::Query<CallListParams>,
) -> Result<web::Json<CallList>, ApiError> {
    let now = Utc::now();
    let all = store::list(&state.db, viewer.is_admin()).await?;
    let wanted: Vec<CallRecord> =
        all.into_iter().filter(|c| params.phase.is_none_or(|p| c.state.phase_at(now) == p)).collect();
    let ids: Vec<Uuid> = wanted.iter().map(|c| c.id).collect();
    let mut counts: HashMap<Uuid, CallCounts> = store::counts(&state.db, &ids).await?;
    let mut items = Vec::with_capacity(wanted.len());
    for call in wanted {
        let c = counts.remove(&call.id).unwrap_or_default();
        items.push(view(&state, call, c, &viewer, now).await?);
    }
    Ok(web::Json(CallList { items }))
}

/// Get a call
///
/// By id or slug, with its phase, themes, counts and what the viewer may do in it.
#[utoipa::path(
    tag = "calls",
    security((), ("bearer" = [])),
    params(("id" = String, Path, description = "Call id or slug")),
    responses((status = 200, description = "The call, with its phase, themes, counts and what the viewer may do in it", body = Call), (status = 401, response = Problem), (status = 404, response = Problem))
)]
#[get("/calls/{id}")]
pub async fn get_call(
    state: web::Data<AppState>,
    viewer: MaybeViewer,
    id: web::Path<String>,
) -> Result<web::Json<Call>, ApiError> {
    let call = find_visible(&state, &id, &viewer).await?;
    Ok(web::Json(one(&state, call, &viewer).await?))
}

#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ThemeInput {
    #[schema(value_type = ThemeNameTexts)]
    pub name: Texts,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateCallRequest {
    /// 3–80 lower-case letters, digits and single dashes.
    #[schema(
        example = "siilonmurtajat-2026",
        min_length = 3,
        max_length = 80,
        pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$"
    )]
    pub slug: String,
    #[schema(value_type = TitleTexts)]
    pub title: Texts,
    /// Plain text or Markdown.
    #[schema(value_type = DescriptionTexts)]
    pub description: Texts,
    pub opens_at: DateTime<Utc>,
    pub submissions_close_at: DateTime<Utc>,
    pub voting_closes_at: DateTime<Utc>,
    /// `post` (default) or `pre`.
    pub moderation_mode: Option<ModerationMode>,
    /// Distinct reporters that hide content until a moderator decides: 1–100, default 3.
    #[validate(range(min = 1, max = 100))]
    #[schema(minimum = 1, maximum = 100, example = 3)]
    pub report_threshold: Option<u32>,
    /// Proposals one person may submit to the call: 1–1000; no limit when left out.
    #[validate(range(min = 1, max = 1000))]
    #[schema(minimum = 1, maximum = 1000, example = 3)]
    pub max_proposals_per_user: Option<u32>,
    /// Thumbs one person may give in the call: 1–10000; no limit when left out.
    #[validate(range(min = 1, max = 10000))]
    #[schema(minimum = 1, maximum = 10000, example = 10)]
    pub max_thumbs_per_user: Option<u32>,
    /// At most 30.
    #[serde(default)]
    #[validate(length(max = 30))]
    #[schema(max_items = 30)]
    pub themes: Vec<ThemeInput>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateCallRequest {
    /// 3–80 lower-case letters, digits and single dashes.
    #[schema(
        example = "siilonmurtajat-2026",
        min_length = 3,
        max_length = 80,
        pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$"
    )]
    pub slug: Option<String>,
    #[schema(value_type = Option<TitleTexts>)]
    pub title: Option<Texts>,
    /// Plain text or Markdown.
    #[schema(value_type = Option<DescriptionTexts>)]
    pub description: Option<Texts>,
    pub opens_at: Option<DateTime<Utc>>,
    pub submissions_close_at: Option<DateTime<Utc>>,
    pub voting_closes_at: Option<DateTime<Utc>>,
    pub moderation_mode: Option<ModerationMode>,
    /// 1–100.
    #[validate(range(min = 1, max = 100))]
    #[schema(minimum = 1, maximum = 100)]
    pub report_threshold: Option<u32>,
    /// 1–1000; `null` removes the limit.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<u32>, nullable, minimum = 1, maximum = 1000)]
    pub max_proposals_per_user: Option<Option<u32>>,
    /// 1–10000; `null` removes the limit.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<u32>, nullable, minimum = 1, maximum = 10000)]
    pub max_thumbs_per_user: Option<Option<u32>>,
}

fn checked_slug(raw: &str, errors: &mut Vec<crate::error::FieldError>) -> String {
    let slug = raw.trim().to_owned();
    if !calls::is_valid_slug(&slug) {
        errors.push(crate::error::FieldError::new(
            "slug",
            ErrorCode::InvalidSlug,
            "must be 3–80 lower-case letters, digits and single dashes",
        ));
    }
    slug
}

fn limits_in_range(max_proposals: Option<u32>, max_thumbs: Option<u32>) -> Result<(), ApiError> {
    let mut errors = Vec::new();
    if max_proposals.is_some_and(|n| !(1..=1000).contains(&n)) {
        errors.push(
            crate::error::FieldError::new(
                "max_proposals_per_user",
                ErrorCode::Range,
                "must be between 1 and 1000",
            )
            .limits(Some(1), Some(1000)),
        );
    }
    if max_thumbs.is_some_and(|n| !(1..=10000).contains(&n)) {
        errors.push(
            crate::error::FieldError::new(
                "max_thumbs_per_user",
                ErrorCode::Range,
                "must be between 1 and 10000",
            )
            .limits(Some(1), Some(10000)),
        );
    }
    if errors.is_empty() { Ok(()) } else { Err(ApiError::Validation(errors)) }
}

/// Create a call
///
/// Admins only. The call starts as a draft; publish it to show it.
#[utoipa::path(
    tag = "calls",
    security(("bearer" = [])),
    request_body = CreateCallRequest,
    responses(
        (status = 201, description = "Created as a draft", body = Call),
        (status = 400, response = Problem),
        (status = 401, response = Problem),
        (status = 403, description = "`role_required`", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`slug_taken`", body = Problem, content_type = "application/problem+json"),
        (status = 415, response = Problem),
        (status = 422, description = "`validation_failed`, `window_order`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/calls")]
pub async fn create_call(
    state: web::Data<AppState>,
    viewer: Viewer,
    body: Body<CreateCallRequest>,
) -> Result<HttpResponse, ApiError> {
    viewer.require(Role::Admin)?;
    let Body(req) = body;
    let mut errors = Vec::new();
    let slug = checked_slug(&req.slug, &mut errors);
    let title = texts("title", &req.title, TITLE_MAX, &mut errors);
    let description = texts("description", &req.description, DESCRIPTION_MAX, &mut errors);
    let description_html = to_safe_html_localized(&description);
    let themes: Vec<Localized> = req
        .themes
        .iter()
        .enumerate()
        .map(|(i, t)| texts(&format!("themes[{i}].name"), &t.name, THEME_MAX, &mut errors))
        .collect();
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let window = Window::new(req.opens_at, req.submissions_close_at, req.voting_closes_at)?;
    let txn = begin_write(&state.db).await?;
    let call = store::create(
        &txn,
        NewCall {
            slug,
            title,
            description,
            description_html,
            window,
            settings: CallSettings {
                moderation_mode: req.moderation_mode.unwrap_or_default(),
                report_threshold: req.report_threshold.unwrap_or(3),
                max_proposals_per_user: req.max_proposals_per_user,
                max_thumbs_per_user: req.max_thumbs_per_user,
            },
            themes,
        },
        Utc::now(),
    )
    .await?;
    txn.commit().await?;
    let viewer = MaybeViewer(Some(viewer));
    Ok(HttpResponse::Created().json(one(&state, call, &viewer).await?))
}

/// Update a call
///
/// Admins only. Fields left out stay; a new window must still run
/// `opens_at < submissions_close_at <= voting_closes_at`.
#[utoipa::path(
    tag = "calls",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Call id")),
    request_body = UpdateCallRequest,
    responses(
        (status = 200, description = "The call as changed", body = Call),
        (status = 400, response = Problem),
        (status = 401, response = Problem),
        (status = 403, response = Problem),
        (status = 404, response = Problem),
        (status = 409, description = "`slug_taken`", body = Problem, content_type = "application/problem+json"),
        (status = 415, response = Problem),
        (status = 422, description = "`validation_failed`, `window_order`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/calls/{id}")]
pub async fn update_call(
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<Uuid>,
    body: Body<UpdateCallRequest>,
) -> Result<web::Json<Call>, ApiError> {
    viewer.require(Role::Admin)?;
    let Body(req) = body;
    let id = id.into_inner();
    let txn = begin_write(&state.db).await?;
    let current = store::get(&txn, id).await?.ok_or(ApiError::NotFound)?;
    let mut errors = Vec::new();
    let slug = req.slug.as_deref().map(|s| checked_slug(s, &mut errors));
    let title = req.title.as_ref().map(|t| texts("title", t, TITLE_MAX, &mut errors));
    let description =
        req.description.as_ref().map(|t| texts("description", t, DESCRIPTION_MAX, &mut errors)).map(|d| {
            let html = to_safe_html_localized(&d);
            (d, html)
        });
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let w = current.state.window;
    let window =
        if req.opens_at.is_some() || req.submissions_close_at.is_some() || req.voting_closes_at.is_some() {
            Some(Window::new(
                req.opens_at.unwrap_or(w.opens_at),
                req.submissions_close_at.unwrap_or(w.submissions_close_at),
                req.voting_closes_at.unwrap_or(w.voting_closes_at),
            )?)
        } else {
            None
        };
    let s = &current.settings;
    let settings = CallSettings {
        moderation_mode: req.moderation_mode.unwrap_or(s.moderation_mode),
        report_threshold: req.report_threshold.unwrap_or(s.report_threshold),
        max_proposals_per_user: req.max_proposals_per_user.unwrap_or(s.max_proposals_per_user),
        max_thumbs_per_user: req.max_thumbs_per_user.unwrap_or(s.max_thumbs_per_user),
    };
    limits_in_range(settings.max_proposals_per_user, settings.max_thumbs_per_user)?;
    let change = CallChange { slug, title, description, window, settings: Some(settings) };
    let call = store::update(&txn, id, change, Utc::now()).await?.ok_or(ApiError::NotFound)?;
    txn.commit().await?;
    Ok(web::Json(one(&state, call, &MaybeViewer(Some(viewer))).await?))
}

/// Publish a call
///
/// Admins only. Makes a draft visible; from then on its phase follows its window.
/// Publishing a published call changes nothing.
#[utoipa::path(
    tag = "calls",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Call id")),
    responses(
        (status = 200, description = "The call, published", body = Call),
        (status = 401, response = Problem),
        (status = 403, response = Problem),
        (status = 404, response = Problem),
        (status = 409, description = "`call_archived`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/calls/{id}/publish")]
pub async fn publish_call(
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<Uuid>,
) -> Result<web::Json<Call>, ApiError> {
    viewer.require(Role::Admin)?;
    let id = id.into_inner();
    let txn = begin_write(&state.db).await?;
    let call = store::get(&txn, id).await?.ok_or(ApiError::NotFound)?;
    calls::check_can_publish(&call.state)?;
    store::set_published(&txn, id, Utc::now()).await?;
    let call = store::get(&txn, id).await?.ok_or(ApiError::NotFound)?;
    txn.commit().await?;
    Ok(web::Json(one(&state, call, &MaybeViewer(Some(viewer))).await?))
}

/// Archive a call
///
/// Admins only. The call and its proposals stay readable; nothing more can be added.
#[utoipa::path(
    tag = "calls",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Call id")),
    responses(
        (status = 200, description = "The call, archived", body = Call),
        (status = 401, response = Problem),
        (status = 403, response = Problem),
        (status = 404, response = Problem),
    )
)]
#[post("/calls/{id}/archive")]
pub async fn archive_call(
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<Uuid>,
) -> Result<web::Json<Call>, ApiError> {
    viewer.require(Role::Admin)?;
    let id = id.into_inner();
    let txn = begin_write(&state.db).await?;
    store::get(&txn, id).await?.ok_or(ApiError::NotFound)?;
    store::set_archived(&txn, id, Utc::now()).await?;
    let call = store::get(&txn, id).await?.ok_or(ApiError::NotFound)?;
    txn.commit().await?;
    Ok(web::Json(one(&state, call, &MaybeViewer(Some(viewer))).await?))
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateThemeRequest {
    #[schema(value_type = Option<ThemeNameTexts>)]
    pub name: Option<Texts>,
    /// Lists sort themes by position: 0–1000.
    #[validate(range(min = 0, max = 1000))]
    #[schema(minimum = 0, maximum = 1000)]
    pub position: Option<i32>,
}

/// Add a theme
///
/// Admins only. The theme goes after the call's others.
#[utoipa::path(
    tag = "calls",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Call id")),
    request_body = ThemeInput,
    responses(
        (status = 201, description = "The theme, added after the call's others", body = Theme),
        (status = 400, response = Problem),
        (status = 401, response = Problem),
        (status = 403, response = Problem),
        (status = 404, response = Problem),
        (status = 415, response = Problem),
        (status = 422, response = Problem),
    )
)]
#[post("/calls/{id}/themes")]
pub async fn create_theme(
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<Uuid>,
    body: Body<ThemeInput>,
) -> Result<HttpResponse, ApiError> {
    viewer.require(Role::Admin)?;
    let id = id.into_inner();
    let mut errors = Vec::new();
    let name = texts("name", &body.name, THEME_MAX, &mut errors);
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let txn = begin_write(&state.db).await?;
    store::get(&txn, id).await?.ok_or(ApiError::NotFound)?;
    let position = store::next_theme_position(&txn, id).await?;
    let theme = store::add_theme(&txn, id, name, position).await?;
    txn.commit().await?;
    Ok(HttpResponse::Created().json(Theme::from(theme)))
}

/// Update a theme
///
/// Admins only.
#[utoipa::path(
    tag = "calls",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Call id"), ("theme_id" = Uuid, Path, description = "Theme id")),
    request_body = UpdateThemeRequest,
    responses(
        (status = 200, description = "The theme as changed", body = Theme),
        (status = 400, response = Problem),
        (status = 401, response = Problem),
        (status = 403, response = Problem),
        (status = 404, response = Problem),
        (status = 415, response = Problem),
        (status = 422, response = Problem),
    )
)]
#[patch("/calls/{id}/themes/{theme_id}")]
pub async fn update_theme(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<(Uuid, Uuid)>,
    body: Body<UpdateThemeRequest>,
) -> Result<web::Json<Theme>, ApiError> {
    viewer.require(Role::Admin)?;
    let (call_id, theme_id) = path.into_inner();
    let Body(req) = body;
    let mut errors = Vec::new();
    let name = req.name.as_ref().map(|n| texts("name", n, THEME_MAX, &mut errors));
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let txn = begin_write(&state.db).await?;
    store::get_theme(&txn, call_id, theme_id).await?.ok_or(ApiError::NotFound)?;
    store::update_theme(&txn, theme_id, name, req.position).await?;
    let theme = store::get_theme(&txn, call_id, theme_id).await?.ok_or(ApiError::NotFound)?;
    txn.commit().await?;
    Ok(web::Json(theme.into()))
}

/// Delete a theme
///
/// Admins only. Its proposals stay, without a theme.
#[utoipa::path(
    tag = "calls",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Call id"), ("theme_id" = Uuid, Path, description = "Theme id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, response = Problem),
        (status = 403, response = Problem),
        (status = 404, response = Problem),
    )
)]
#[delete("/calls/{id}/themes/{theme_id}")]
pub async fn delete_theme(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    viewer.require(Role::Admin)?;
    let (call_id, theme_id) = path.into_inner();
    let txn = begin_write(&state.db).await?;
    store::get_theme(&txn, call_id, theme_id).await?.ok_or(ApiError::NotFound)?;
    store::delete_theme(&txn, theme_id).await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}
