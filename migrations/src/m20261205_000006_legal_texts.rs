//! Version 1 of the legal pages in Finnish, Swedish and English: the privacy notice
//! (GDPR Art. 13 and 14), the accessibility statement (Act on the Provision of Digital
//! Services 306/2019) and the terms of use. Admins publish later versions in the service.
//!
//! The Markdown lives beside this file (`m20261205_000006_legal_texts/<kind>.<lang>.md`) and,
//! like this file, is never edited once landed. Its HTML is stored empty, meaning "not
//! rendered yet": the server renders it at start-up, right after migrating, with the same safe
//! renderer the rest of the service uses (`siilo-server`'s `markdown.rs`, pulldown-cmark then
//! ammonia). Rendering here would need a second copy of that renderer and its bounds in the
//! migrations crate, which could drift from the server's; the calls' descriptions were
//! rendered the same way (`m20261130_000003`).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum LegalDocuments {
    Table,
    Kind,
    Version,
    TitleFi,
    TitleSv,
    TitleEn,
    BodyFi,
    BodySv,
    BodyEn,
    BodyHtmlFi,
    BodyHtmlSv,
    BodyHtmlEn,
    PublishedAt,
    PublishedBy,
}

/// `(kind, [title fi, sv, en], [body fi, sv, en])`.
const DOCUMENTS: [(&str, [&str; 3], [&str; 3]); 3] = [
    (
        "privacy",
        ["Tietosuojaseloste", "Dataskyddsbeskrivning", "Privacy notice"],
        [
            include_str!("m20261205_000006_legal_texts/privacy.fi.md"),
            include_str!("m20261205_000006_legal_texts/privacy.sv.md"),
            include_str!("m20261205_000006_legal_texts/privacy.en.md"),
        ],
    ),
    (
        "accessibility",
        ["Saavutettavuusseloste", "Tillgänglighetsutlåtande", "Accessibility statement"],
        [
            include_str!("m20261205_000006_legal_texts/accessibility.fi.md"),
            include_str!("m20261205_000006_legal_texts/accessibility.sv.md"),
            include_str!("m20261205_000006_legal_texts/accessibility.en.md"),
        ],
    ),
    (
        "terms",
        ["Käyttöehdot", "Användarvillkor", "Terms of use"],
        [
            include_str!("m20261205_000006_legal_texts/terms.fi.md"),
            include_str!("m20261205_000006_legal_texts/terms.sv.md"),
            include_str!("m20261205_000006_legal_texts/terms.en.md"),
        ],
    ),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let now = chrono::Utc::now();
        let mut insert = Query::insert();
        insert.into_table(LegalDocuments::Table).columns([
            LegalDocuments::Kind,
            LegalDocuments::Version,
            LegalDocuments::TitleFi,
            LegalDocuments::TitleSv,
            LegalDocuments::TitleEn,
            LegalDocuments::BodyFi,
            LegalDocuments::BodySv,
            LegalDocuments::BodyEn,
            LegalDocuments::BodyHtmlFi,
            LegalDocuments::BodyHtmlSv,
            LegalDocuments::BodyHtmlEn,
            LegalDocuments::PublishedAt,
            LegalDocuments::PublishedBy,
        ]);
        for (kind, [title_fi, title_sv, title_en], [body_fi, body_sv, body_en]) in DOCUMENTS {
            insert.values_panic([
                kind.into(),
                1.into(),
                title_fi.into(),
                title_sv.into(),
                title_en.into(),
                body_fi.trim().into(),
                body_sv.trim().into(),
                body_en.trim().into(),
                "".into(),
                "".into(),
                "".into(),
                now.into(),
                Option::<uuid::Uuid>::None.into(),
            ]);
        }
        manager.exec_stmt(insert).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .exec_stmt(
                Query::delete()
                    .from_table(LegalDocuments::Table)
                    .and_where(Expr::col(LegalDocuments::Version).eq(1))
                    .and_where(Expr::col(LegalDocuments::PublishedBy).is_null())
                    .to_owned(),
            )
            .await
    }
}
