//! `GET /calls/{id}/export`: a call's proposals as CSV or JSON, streamed page by page from
//! keyset pages read in the database, so that a call of any size is never in memory at once.

use actix_web::http::header::{
    CacheControl, CacheDirective, ContentDisposition, DispositionParam, DispositionType,
};
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse, get, web};
use chrono::{DateTime, SecondsFormat, Utc};
use futures_util::stream;
use serde::{Deserialize, Serialize};
use siilo_domain::evaluation::{DecisionStage, scores_revealed};
use siilo_domain::exports::{Exporter, check_can_export, neutralise_cell};
use siilo_domain::proposals::Stage;
use siilo_domain::roles::Role;
use siilo_store::exports::{self as store, ExportCriterion, ExportRow};
use siilo_store::{DatabaseConnection, DbErr};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::auth::{SignedIn, SignedInOrVisitor};
use crate::error::{ApiError, Problem};
use crate::routes::calls::{FinnishRequiredText, find_visible};
use crate::routes::paths::CallIdOrSlug;
use crate::state::AppState;

/// Proposals read per statement round: a page of rows is all the export holds at once.
const PAGE: u32 = 500;

/// The file format of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    /// UTF-8 with a byte-order mark, comma-separated, a header row.
    #[default]
    Csv,
    /// One JSON document, [`CallExport`].
    Json,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ExportParams {
    /// `csv` (the default) or `json`.
    #[param(inline)]
    pub format: Option<ExportFormat>,
}

/// The call an export is of.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CallExportCall {
    pub id: Uuid,
    pub slug: String,
    pub title: FinnishRequiredText,
}

/// A criterion of the call; each has a column of means.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CallExportCriterion {
    pub id: Uuid,
    pub name: FinnishRequiredText,
    pub weight: f64,
    pub position: i32,
}

/// Submitted reviews' recommendations.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
pub struct CallExportRecommendations {
    pub shortlist: u64,
    pub maybe: u64,
    pub reject: u64,
}

/// The mean of the submitted scores on one criterion.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
pub struct CallExportCriterionMean {
    pub criterion_id: Uuid,
    pub mean: f64,
}

/// One proposal, with the columns of the CSV.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CallExportProposal {
    pub id: Uuid,
    pub number: i32,
    pub title: String,
    pub summary: String,
    /// The author's display name; empty for an erased account.
    pub author: String,
    /// The code of the author's organisation.
    pub author_organisation: Option<String>,
    /// Codes of the organisations the proposal names.
    pub organisations: Vec<String>,
    /// Cross-administrative reach: distinct administrative branches involved or interested.
    pub reach: u64,
    /// The theme's Finnish name.
    pub theme: Option<String>,
    pub stage: Stage,
    pub thumbs: u64,
    pub comments: u64,
    /// Submitted reviews.
    pub reviews: u64,
    /// The exporting evaluator has not submitted their own review of it yet: `score`,
    /// `spread` and `recommendations` are null and `criteria` empty (blind review).
    pub scores_hidden: bool,
    /// The mean of the submitted reviews' weighted scores.
    pub score: Option<f64>,
    /// The largest difference between two submitted scores on one criterion.
    pub spread: Option<i32>,
    pub recommendations: Option<CallExportRecommendations>,
    /// Per criterion with a submitted score, in the criteria's order.
    pub criteria: Vec<CallExportCriterionMean>,
    /// The admin's decision, published or not.
    pub decision: Option<DecisionStage>,
    pub answer_fi: Option<String>,
    pub answer_sv: Option<String>,
    pub answer_en: Option<String>,
    pub created_at: DateTime<Utc>,
    /// The proposal's page in the web client.
    pub url: String,
}

/// `GET /calls/{id}/export?format=json`: sent as it is read, page by page.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CallExport {
    pub call: CallExportCall,
    pub criteria: Vec<CallExportCriterion>,
    /// Every visible proposal of the call, whatever its stage, by number.
    pub proposals: Vec<CallExportProposal>,
}

/// What one export needs between pages.
struct Export {
    db: DatabaseConnection,
    call: CallExportCall,
    criteria: Vec<ExportCriterion>,
    exporter: Exporter,
    exporter_id: Option<Uuid>,
    format: ExportFormat,
    /// `https://host`, for the `url` column.
    origin: String,
    /// The last number sent; `None` before the first chunk, which carries the head.
    after: Option<i32>,
    done: bool,
}

fn proposal_view(e: &Export, row: ExportRow) -> CallExportProposal {
    let revealed = scores_revealed(e.exporter.standing(row.own_review_submitted, row.conflict_declared));
    let criteria = if revealed {
        e.criteria
            .iter()
            .filter_map(|c| {
                row.criterion_means
                    .get(&c.id)
                    .map(|m| CallExportCriterionMean { criterion_id: c.id, mean: *m })
            })
            .collect()
    } else {
        Vec::new()
    };
    let (answer_fi, answer_sv, answer_en, decision) = match row.decision {
        Some(d) => (d.answer_fi, d.answer_sv, d.answer_en, Some(d.stage)),
        None => (None, None, None, None),
    };
    CallExportProposal {
        id: row.id,
        number: row.number,
        title: row.title,
        summary: row.summary,
        author: row.author_name,
        author_organisation: row.author_organisation,
        organisations: row.organisations,
        reach: row.reach,
        theme: row.theme,
        stage: row.stage,
        thumbs: row.thumbs,
        comments: row.comments,
        reviews: row.reviews,
        scores_hidden: !revealed,
        score: row.score.filter(|_| revealed),
        spread: row.spread.filter(|_| revealed),
        recommendations: revealed.then_some(CallExportRecommendations {
            shortlist: row.recommendations.shortlist,
            maybe: row.recommendations.maybe,
            reject: row.recommendations.reject,
        }),
        criteria,
        decision,
        answer_fi,
        answer_sv,
        answer_en,
        created_at: row.created_at,
        url: format!("{}/proposals/{}", e.origin, row.id),
    }
}

/// A number as a spreadsheet reads it, to two decimals.
fn decimal(v: f64) -> String {
    format!("{v:.2}")
}

fn csv_header(e: &Export) -> Vec<String> {
    let mut h: Vec<String> = [
        "number",
        "title",
        "summary",
        "author",
        "author_organisation",
        "organisations",
        "reach",
        "theme",
        "stage",
        "thumbs",
        "comments",
        "reviews",
        "score",
        "spread",
        "shortlist",
        "maybe",
        "reject",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    h.extend(e.criteria.iter().map(|c| c.name_fi.clone()));
    h.extend(
        ["decision", "answer_fi", "answer_sv", "answer_en", "created_at", "url"]
            .iter()
            .map(|s| (*s).to_owned()),
    );
    h
}

fn csv_record(p: &CallExportProposal, criteria: &[ExportCriterion]) -> Vec<String> {
    let opt = |v: Option<u64>| v.map(|n| n.to_string()).unwrap_or_default();
    let recs = p.recommendations;
    let mut r = vec![
        p.number.to_string(),
        p.title.clone(),
        p.summary.clone(),
        p.author.clone(),
        p.author_organisation.clone().unwrap_or_default(),
        p.organisations.join("; "),
        p.reach.to_string(),
        p.theme.clone().unwrap_or_default(),
        p.stage.to_string(),
        p.thumbs.to_string(),
        p.comments.to_string(),
        p.reviews.to_string(),
        p.score.map(decimal).unwrap_or_default(),
        p.spread.map(|s| s.to_string()).unwrap_or_default(),
        opt(recs.map(|r| r.shortlist)),
        opt(recs.map(|r| r.maybe)),
        opt(recs.map(|r| r.reject)),
    ];
    r.extend(criteria.iter().map(|c| {
        p.criteria.iter().find(|m| m.criterion_id == c.id).map(|m| decimal(m.mean)).unwrap_or_default()
    }));
    r.extend([
        p.decision.map(|d| d.to_string()).unwrap_or_default(),
        p.answer_fi.clone().unwrap_or_default(),
        p.answer_sv.clone().unwrap_or_default(),
        p.answer_en.clone().unwrap_or_default(),
        p.created_at.to_rfc3339_opts(SecondsFormat::Secs, true),
        p.url.clone(),
    ]);
    r
}

/// Writes records with the `csv` crate, every cell neutralised against formula injection.
fn csv_bytes(records: impl IntoIterator<Item = Vec<String>>) -> Result<Vec<u8>, DbErr> {
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    for record in records {
        w.write_record(record.iter().map(|cell| neutralise_cell(cell).into_owned()))
            .map_err(|err| DbErr::Custom(format!("csv: {err}")))?;
    }
    w.into_inner().map_err(|err| DbErr::Custom(format!("csv: {err}")))
}

fn json_bytes(value: &impl Serialize) -> Result<Vec<u8>, DbErr> {
    serde_json::to_vec(value).map_err(|err| DbErr::Custom(format!("json: {err}")))
}

/// The next chunk of the file, or `None` when it is complete.
async fn next_chunk(e: &mut Export) -> Result<Option<Bytes>, DbErr> {
    if e.done {
        return Ok(None);
    }
    let mut out: Vec<u8> = Vec::new();
    let first = e.after.is_none();
    if first {
        match e.format {
            ExportFormat::Csv => {
                out.extend_from_slice("\u{FEFF}".as_bytes());
                out.extend(csv_bytes([csv_header(e)])?);
            }
            ExportFormat::Json => {
                let criteria: Vec<CallExportCriterion> = e
                    .criteria
                    .iter()
                    .map(|c| CallExportCriterion {
                        id: c.id,
                        name: FinnishRequiredText {
                            fi: c.name_fi.clone(),
                            sv: c.name_sv.clone(),
                            en: c.name_en.clone(),
                        },
                        weight: c.weight,
                        position: c.position,
                    })
                    .collect();
                out.extend_from_slice(b"{\"call\":");
                out.extend(json_bytes(&e.call)?);
                out.extend_from_slice(b",\"criteria\":");
                out.extend(json_bytes(&criteria)?);
                out.extend_from_slice(b",\"proposals\":[");
            }
        }
    }
    let after = e.after.unwrap_or(0);
    let rows = store::page(&e.db, e.call.id, e.exporter_id, after, PAGE).await?;
    let full = u32::try_from(rows.len()).unwrap_or(u32::MAX) >= PAGE;
    e.after = Some(rows.last().map_or(after, |r| r.number));
    let proposals: Vec<CallExportProposal> = rows.into_iter().map(|row| proposal_view(e, row)).collect();
    match e.format {
        ExportFormat::Csv => out.extend(csv_bytes(proposals.iter().map(|p| csv_record(p, &e.criteria)))?),
        ExportFormat::Json => {
            for (i, p) in proposals.iter().enumerate() {
                if !(first && i == 0) {
                    out.push(b',');
                }
                out.extend(json_bytes(p)?);
            }
        }
    }
    if !full {
        e.done = true;
        if e.format == ExportFormat::Json {
            out.extend_from_slice(b"]}");
        }
    }
    Ok(Some(Bytes::from(out)))
}

/// Export a call's proposals
///
/// Every visible proposal of the call (any stage; not pending or hidden ones), by number,
/// as a file to save (`Content-Disposition: attachment; filename="<slug>-proposals.csv"` or
/// `.json`). Sent as it is read, a page at a time, so a call of any size streams.
///
/// CSV (`format=csv`, the default): UTF-8 with a byte-order mark, a header row, columns
/// `number, title, summary, author, author_organisation, organisations` (codes joined with
/// `; `), `reach` (distinct administrative branches), `theme, stage, thumbs, comments, reviews, score, spread, shortlist, maybe, reject`,
/// one column per criterion (headed by its Finnish name) with the mean submitted score, then
/// `decision, answer_fi, answer_sv, answer_en, created_at, url`. A cell that starts with
/// `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, so that a spreadsheet
/// shows it as text instead of running it as a formula. JSON (`format=json`): a
/// [`CallExport`] with the same fields.
///
/// For admins, the call's managers and its assigned evaluators. Blind review: an evaluator gets the score
/// columns (`score`, `spread`, recommendations, criterion means) blank, and
/// `scores_hidden: true`, for proposals they have not yet reviewed (submitted) or declared a
/// conflict on. Decisions show whether or not published.
#[utoipa::path(
    tag = "exports",
    security(("bearer" = [])),
    params(CallIdOrSlug, ExportParams),
    responses(
        (status = 200, description = "The proposals, as an attachment",
            content(
                (String = "text/csv"),
                (CallExport = "application/json"),
            ),
            headers(
                ("Content-Disposition" = String, description = "`attachment; filename=\"<slug>-proposals.csv\"` (or `.json`)"),
                ("Access-Control-Allow-Origin" = String, description = "The request's `Origin`, when it is one of `SIILO_CORS_ORIGINS`; absent otherwise"),
            )),
        (status = 401, response = Problem),
        (status = 403, description = "`not_assigned` (an evaluator of other calls), `role_required`, `account_blocked`", body = Problem, content_type = "application/problem+json"),
        (status = 404, response = Problem),
        (status = 422, description = "`validation_failed`: an unknown `format`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/calls/{id}/export")]
#[tracing::instrument(skip_all, fields(call = %path.id, user_id = %viewer.id()))]
pub async fn export_call(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: SignedIn,
    path: web::Path<CallIdOrSlug>,
    params: crate::extract::Query<ExportParams>,
) -> Result<HttpResponse, ApiError> {
    let call = find_visible(&state, &path.id, &SignedInOrVisitor(Some(viewer.clone()))).await?;
    let assigned = store::is_assigned(&state.db, call.id, viewer.id().0).await?;
    let manages = viewer.manages_call(&state, call.id).await?;
    let exporter = check_can_export(manages, viewer.user.roles.has(Role::Evaluator), assigned)?;
    let criteria = store::criteria(&state.db, call.id).await?;
    let format = params.format.unwrap_or_default();
    let info = req.connection_info();
    let origin = format!("{}://{}", info.scheme(), info.host());
    let (extension, content_type) = match format {
        ExportFormat::Csv => ("csv", "text/csv; charset=utf-8"),
        ExportFormat::Json => ("json", "application/json"),
    };
    let filename = format!("{}-proposals.{extension}", call.slug);
    let export = Export {
        db: state.db.clone(),
        call: CallExportCall { id: call.id, slug: call.slug, title: call.title.into() },
        criteria,
        exporter,
        exporter_id: (exporter == Exporter::Evaluator).then_some(viewer.id().0),
        format,
        origin,
        after: None,
        done: false,
    };
    let body = stream::unfold(export, |mut e| async move {
        match next_chunk(&mut e).await {
            Ok(Some(bytes)) => Some((Ok(bytes), e)),
            Ok(None) => None,
            Err(err) => {
                // The headers are sent: all that is left is to cut the download short, so
                // that no one takes a partial file for a whole one.
                tracing::error!(error = ?err, call_id = %e.call.id, "export failed mid-stream");
                e.done = true;
                Some((Err(err), e))
            }
        }
    });
    Ok(HttpResponse::Ok()
        .content_type(content_type)
        .insert_header(ContentDisposition {
            disposition: DispositionType::Attachment,
            parameters: vec![DispositionParam::Filename(filename)],
        })
        .insert_header(CacheControl(vec![CacheDirective::NoStore]))
        .streaming(body))
}
