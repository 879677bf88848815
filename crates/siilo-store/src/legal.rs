//! The legal pages, versioned (`legal_documents`, one row per kind and version, never
//! changed once published but for its rendered HTML), and what each user accepted
//! (`users.terms_version`, `users.privacy_version`).

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use siilo_domain::UserId;
use siilo_domain::identity::LegalKind;
use siilo_domain::legal::AcceptedVersions;

use crate::decode;
use crate::entities::{legal_document, user};

/// A text in each of Siilo's languages.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Texts {
    pub fi: String,
    pub sv: String,
    pub en: String,
}

/// One published version of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegalDocumentRecord {
    pub kind: LegalKind,
    pub version: i32,
    pub title: Texts,
    /// Markdown, as the admin wrote it.
    pub body: Texts,
    /// `body` rendered to safe HTML; empty until rendered (the seeded first versions are
    /// rendered at start-up, see [`without_html`]).
    pub body_html: Texts,
    pub published_at: DateTime<Utc>,
    /// `None` for the versions the migrations seeded.
    pub published_by: Option<UserId>,
}

/// A version as the list of versions shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegalVersionSummary {
    pub version: i32,
    pub title: Texts,
    pub published_at: DateTime<Utc>,
}

/// What an admin publishes.
#[derive(Debug, Clone)]
pub struct NewLegalDocument {
    pub title: Texts,
    pub body: Texts,
    pub body_html: Texts,
}

fn record(m: legal_document::Model) -> Result<LegalDocumentRecord, DbErr> {
    let row = format!("{}/{}", m.kind, m.version);
    Ok(LegalDocumentRecord {
        kind: decode("legal_documents", "kind", row, &m.kind)?,
        version: m.version,
        title: Texts { fi: m.title_fi, sv: m.title_sv, en: m.title_en },
        body: Texts { fi: m.body_fi, sv: m.body_sv, en: m.body_en },
        body_html: Texts { fi: m.body_html_fi, sv: m.body_html_sv, en: m.body_html_en },
        published_at: m.published_at,
        published_by: m.published_by.map(Into::into),
    })
}

/// The current (latest) version of `kind`; `None` when none is published.
#[tracing::instrument(skip_all, fields(kind = %kind), err)]
pub async fn current(
    db: &impl ConnectionTrait,
    kind: LegalKind,
) -> Result<Option<LegalDocumentRecord>, DbErr> {
    legal_document::Entity::find()
        .filter(legal_document::Column::Kind.eq(kind.into_str()))
        .order_by_desc(legal_document::Column::Version)
        .one(db)
        .await?
        .map(record)
        .transpose()
}

/// Version `version` of `kind`, current or not.
#[tracing::instrument(skip_all, fields(kind = %kind, version), err)]
pub async fn get(
    db: &impl ConnectionTrait,
    kind: LegalKind,
    version: i32,
) -> Result<Option<LegalDocumentRecord>, DbErr> {
    legal_document::Entity::find_by_id((kind.into_str().to_owned(), version))
        .one(db)
        .await?
        .map(record)
        .transpose()
}

/// Every version of `kind`, newest first.
#[tracing::instrument(skip_all, fields(kind = %kind), err)]
pub async fn versions(db: &impl ConnectionTrait, kind: LegalKind) -> Result<Vec<LegalVersionSummary>, DbErr> {
    let rows: Vec<(i32, String, String, String, DateTime<Utc>)> = legal_document::Entity::find()
        .select_only()
        .columns([
            legal_document::Column::Version,
            legal_document::Column::TitleFi,
            legal_document::Column::TitleSv,
            legal_document::Column::TitleEn,
            legal_document::Column::PublishedAt,
        ])
        .filter(legal_document::Column::Kind.eq(kind.into_str()))
        .order_by_desc(legal_document::Column::Version)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(version, fi, sv, en, published_at)| LegalVersionSummary {
            version,
            title: Texts { fi, sv, en },
            published_at,
        })
        .collect())
}

#[derive(Debug, FromQueryResult)]
struct Latest {
    kind: String,
    version: Option<i32>,
}

/// The current version of each page a user accepts, in one statement (on the primary key's
/// index). The guard of every act of taking part runs it, so it is read fresh each time:
/// correct with any number of instances, with nothing to invalidate.
#[tracing::instrument(skip_all, err)]
pub async fn current_versions(db: &impl ConnectionTrait) -> Result<AcceptedVersions, DbErr> {
    let rows = legal_document::Entity::find()
        .select_only()
        .column(legal_document::Column::Kind)
        .column_as(legal_document::Column::Version.max(), "version")
        .filter(
            legal_document::Column::Kind.is_in([LegalKind::Terms.into_str(), LegalKind::Privacy.into_str()]),
        )
        .group_by(legal_document::Column::Kind)
        .into_model::<Latest>()
        .all(db)
        .await?;
    let mut current = AcceptedVersions::default();
    for row in rows {
        match decode::<LegalKind>("legal_documents", "kind", &row.kind, &row.kind)? {
            LegalKind::Terms => current.terms = row.version,
            LegalKind::Privacy => current.privacy = row.version,
            LegalKind::Accessibility => {}
        }
    }
    Ok(current)
}

/// Publishes the next version of `kind` and returns it. Call inside a write transaction:
/// the first version's row is locked first (PostgreSQL `FOR UPDATE`; SQLite's write
/// transaction holds the database), so that admins publishing at once take turns and get
/// consecutive versions rather than a clash. The first version is the one row every publisher
/// of the kind finds (the latest would not do: a publisher that came after a commit would lock
/// the new latest row while an earlier one still works under the old). Every kind has one,
/// seeded by the migrations.
#[tracing::instrument(skip_all, fields(kind = %kind), err)]
pub async fn publish(
    db: &impl ConnectionTrait,
    kind: LegalKind,
    new: NewLegalDocument,
    by: UserId,
    now: DateTime<Utc>,
) -> Result<LegalDocumentRecord, DbErr> {
    let of_kind = legal_document::Column::Kind.eq(kind.into_str());
    legal_document::Entity::find()
        .select_only()
        .column(legal_document::Column::Version)
        .filter(of_kind.clone())
        .order_by_asc(legal_document::Column::Version)
        .limit(1)
        .lock_exclusive()
        .into_tuple::<i32>()
        .one(db)
        .await?;
    // Read again after the lock: on PostgreSQL a publisher that waited for it sees the version
    // its rival committed only in a statement that starts after the wait.
    let latest: Option<i32> = legal_document::Entity::find()
        .select_only()
        .column_as(legal_document::Column::Version.max(), "version")
        .filter(of_kind)
        .into_tuple()
        .one(db)
        .await?
        .flatten();
    let m = legal_document::ActiveModel {
        kind: Set(kind.into_str().to_owned()),
        version: Set(latest.unwrap_or(0) + 1),
        title_fi: Set(new.title.fi),
        title_sv: Set(new.title.sv),
        title_en: Set(new.title.en),
        body_fi: Set(new.body.fi),
        body_sv: Set(new.body.sv),
        body_en: Set(new.body.en),
        body_html_fi: Set(new.body_html.fi),
        body_html_sv: Set(new.body_html.sv),
        body_html_en: Set(new.body_html.en),
        published_at: Set(now),
        published_by: Set(Some(by.0)),
    }
    .insert(db)
    .await?;
    record(m)
}

/// Records that `user` accepted the versions `accepted` names; a page left out (`None`)
/// keeps what the user had.
#[tracing::instrument(skip_all, fields(user_id = %user), err)]
pub async fn accept(
    db: &impl ConnectionTrait,
    user: UserId,
    accepted: AcceptedVersions,
) -> Result<(), DbErr> {
    let mut update = user::Entity::update_many().filter(user::Column::Id.eq(user.0));
    if let Some(v) = accepted.terms {
        update = update.col_expr(user::Column::TermsVersion, Expr::val(v));
    }
    if let Some(v) = accepted.privacy {
        update = update.col_expr(user::Column::PrivacyVersion, Expr::val(v));
    }
    if accepted != AcceptedVersions::default() {
        update.exec(db).await?;
    }
    Ok(())
}

/// The versions whose HTML is not rendered yet (the seeded first versions: the renderer lives
/// in the server, so a migration cannot run it), with their Markdown.
#[tracing::instrument(skip_all, err)]
pub async fn without_html(db: &impl ConnectionTrait) -> Result<Vec<LegalDocumentRecord>, DbErr> {
    legal_document::Entity::find()
        .filter(
            legal_document::Column::BodyHtmlFi
                .eq("")
                .or(legal_document::Column::BodyHtmlSv.eq(""))
                .or(legal_document::Column::BodyHtmlEn.eq("")),
        )
        .all(db)
        .await?
        .into_iter()
        .map(record)
        .collect()
}

/// Stores the rendered HTML of a version (only while it is still unrendered, so that two
/// instances starting at once write it once).
#[tracing::instrument(skip_all, fields(kind = %kind, version), err)]
pub async fn set_html(
    db: &impl ConnectionTrait,
    kind: LegalKind,
    version: i32,
    html: Texts,
) -> Result<(), DbErr> {
    legal_document::Entity::update_many()
        .col_expr(legal_document::Column::BodyHtmlFi, Expr::val(html.fi))
        .col_expr(legal_document::Column::BodyHtmlSv, Expr::val(html.sv))
        .col_expr(legal_document::Column::BodyHtmlEn, Expr::val(html.en))
        .filter(legal_document::Column::Kind.eq(kind.into_str()))
        .filter(legal_document::Column::Version.eq(version))
        .filter(
            legal_document::Column::BodyHtmlFi
                .eq("")
                .or(legal_document::Column::BodyHtmlSv.eq(""))
                .or(legal_document::Column::BodyHtmlEn.eq("")),
        )
        .exec(db)
        .await?;
    Ok(())
}
