//! Identity and email: verified addresses, single-use email links, the outbox that email is
//! sent from, per-kind email settings and digests, single sign-on identities and flows, and
//! the versioned legal pages (privacy notice, accessibility statement, terms of use).
//!
//! - `users.email_verified_at`: `NULL` until the address is confirmed. Accounts that exist
//!   before this migration were made by admins, the demo or tests, and count as verified.
//! - `users.terms_version`, `users.privacy_version`: what the user last accepted.
//! - `users.digested_until`: notifications up to this instant are in a sent digest.
//! - `email_tokens`: single-use links (verify, change, reset), stored as SHA-256 hashes.
//! - `outbox`: written in the transaction of the event that causes an email; a worker claims
//!   rows (`claimed_until`) and sends them; `payload` is dropped once sent.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::m20261124_000002_create_users::Users;
use crate::m20261203_000001_moderation::{NewCheck, WidenedCheck, apply_checks, revert_checks};
use crate::m20261204_000001_evaluation::NOTIFICATION_KINDS_NOW;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Added {
    EmailVerifiedAt,
    TermsVersion,
    PrivacyVersion,
    DigestedUntil,
}

#[derive(DeriveIden)]
enum EmailTokens {
    Table,
    Id,
    UserId,
    Purpose,
    TokenHash,
    Email,
    OrganisationId,
    ExpiresAt,
    UsedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Outbox {
    Table,
    Id,
    UserId,
    Recipient,
    Language,
    Template,
    Payload,
    CreatedAt,
    NextAttemptAt,
    Attempts,
    ClaimedUntil,
    SentAt,
    FailedAt,
    LastError,
}

#[derive(DeriveIden)]
enum EmailPreferences {
    Table,
    UserId,
    Kind,
    Delivery,
}

#[derive(DeriveIden)]
enum OidcIdentities {
    Table,
    Issuer,
    Subject,
    UserId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum OidcFlows {
    Table,
    StateHash,
    Nonce,
    PkceVerifier,
    ReturnTo,
    CreatedAt,
    ExpiresAt,
}

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

const NEW_CHECKS: &[NewCheck] = &[
    ("email_tokens", "purpose", &["verify_email", "change_email", "password_reset"]),
    (
        "outbox",
        "template",
        &["verify_email", "change_email", "email_changed", "password_reset", "notification", "digest"],
    ),
    ("outbox", "language", &["fi", "sv", "en"]),
    ("email_preferences", "kind", NOTIFICATION_KINDS_NOW),
    ("email_preferences", "delivery", &["immediately", "daily_digest", "off"]),
    ("legal_documents", "kind", &["privacy", "accessibility", "terms"]),
];

const WIDENED: &[WidenedCheck] = &[];

fn cascade(from: (impl IntoIden, impl IntoIden)) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from.0, from.1)
        .to(Users::Table, Users::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();

        // One column per statement: SQLite.
        for col in [
            timestamp_with_time_zone_null(Added::EmailVerifiedAt).to_owned(),
            integer_null(Added::TermsVersion).to_owned(),
            integer_null(Added::PrivacyVersion).to_owned(),
            timestamp_with_time_zone_null(Added::DigestedUntil).to_owned(),
        ] {
            let mut col = col;
            manager.alter_table(Table::alter().table(Users::Table).add_column(&mut col).to_owned()).await?;
        }
        // Every account made so far was made by an admin, the demo or a test: verified.
        db.execute_unprepared(
            r#"UPDATE "users" SET "email_verified_at" = "created_at" WHERE "erased_at" IS NULL"#,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(EmailTokens::Table)
                    .col(pk_uuid(EmailTokens::Id))
                    .col(uuid(EmailTokens::UserId))
                    .col(string_len(EmailTokens::Purpose, 20))
                    .col(text(EmailTokens::TokenHash).unique_key())
                    .col(text(EmailTokens::Email))
                    .col(uuid_null(EmailTokens::OrganisationId))
                    .col(timestamp_with_time_zone(EmailTokens::ExpiresAt))
                    .col(timestamp_with_time_zone_null(EmailTokens::UsedAt))
                    .col(timestamp_with_time_zone(EmailTokens::CreatedAt))
                    .foreign_key(&mut cascade((EmailTokens::Table, EmailTokens::UserId)))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_email_tokens_user")
                    .table(EmailTokens::Table)
                    .col(EmailTokens::UserId)
                    .col(EmailTokens::Purpose)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Outbox::Table)
                    .col(pk_uuid(Outbox::Id))
                    .col(uuid_null(Outbox::UserId))
                    .col(text(Outbox::Recipient))
                    .col(string_len(Outbox::Language, 2))
                    .col(string_len(Outbox::Template, 20))
                    .col(text_null(Outbox::Payload))
                    .col(timestamp_with_time_zone(Outbox::CreatedAt))
                    .col(timestamp_with_time_zone(Outbox::NextAttemptAt))
                    .col(integer(Outbox::Attempts).default(0))
                    .col(timestamp_with_time_zone_null(Outbox::ClaimedUntil))
                    .col(timestamp_with_time_zone_null(Outbox::SentAt))
                    .col(timestamp_with_time_zone_null(Outbox::FailedAt))
                    .col(text_null(Outbox::LastError))
                    .foreign_key(&mut cascade((Outbox::Table, Outbox::UserId)))
                    .to_owned(),
            )
            .await?;
        db.execute_unprepared(
            r#"CREATE INDEX "idx_outbox_due" ON "outbox" (next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL"#,
        )
        .await?;
        manager
            .create_index(
                Index::create().name("idx_outbox_user").table(Outbox::Table).col(Outbox::UserId).to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(EmailPreferences::Table)
                    .col(uuid(EmailPreferences::UserId))
                    .col(string_len(EmailPreferences::Kind, 30))
                    .col(string_len(EmailPreferences::Delivery, 15))
                    .primary_key(Index::create().col(EmailPreferences::UserId).col(EmailPreferences::Kind))
                    .foreign_key(&mut cascade((EmailPreferences::Table, EmailPreferences::UserId)))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(OidcIdentities::Table)
                    .col(text(OidcIdentities::Issuer))
                    .col(text(OidcIdentities::Subject))
                    .col(uuid(OidcIdentities::UserId))
                    .col(timestamp_with_time_zone(OidcIdentities::CreatedAt))
                    .primary_key(Index::create().col(OidcIdentities::Issuer).col(OidcIdentities::Subject))
                    .foreign_key(&mut cascade((OidcIdentities::Table, OidcIdentities::UserId)))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_oidc_identities_user")
                    .table(OidcIdentities::Table)
                    .col(OidcIdentities::UserId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(OidcFlows::Table)
                    .col(text(OidcFlows::StateHash).primary_key())
                    .col(text(OidcFlows::Nonce))
                    .col(text(OidcFlows::PkceVerifier))
                    .col(text_null(OidcFlows::ReturnTo))
                    .col(timestamp_with_time_zone(OidcFlows::CreatedAt))
                    .col(timestamp_with_time_zone(OidcFlows::ExpiresAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(LegalDocuments::Table)
                    .col(string_len(LegalDocuments::Kind, 20))
                    .col(integer(LegalDocuments::Version))
                    .col(text(LegalDocuments::TitleFi))
                    .col(text(LegalDocuments::TitleSv))
                    .col(text(LegalDocuments::TitleEn))
                    .col(text(LegalDocuments::BodyFi))
                    .col(text(LegalDocuments::BodySv))
                    .col(text(LegalDocuments::BodyEn))
                    .col(text(LegalDocuments::BodyHtmlFi))
                    .col(text(LegalDocuments::BodyHtmlSv))
                    .col(text(LegalDocuments::BodyHtmlEn))
                    .col(timestamp_with_time_zone(LegalDocuments::PublishedAt))
                    .col(uuid_null(LegalDocuments::PublishedBy))
                    .primary_key(Index::create().col(LegalDocuments::Kind).col(LegalDocuments::Version))
                    .to_owned(),
            )
            .await?;

        apply_checks(db, NEW_CHECKS, WIDENED).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        revert_checks(db, NEW_CHECKS, WIDENED).await?;
        db.execute_unprepared(r#"DROP INDEX IF EXISTS "idx_outbox_due""#).await?;
        for table in [
            LegalDocuments::Table.into_iden(),
            OidcFlows::Table.into_iden(),
            OidcIdentities::Table.into_iden(),
            EmailPreferences::Table.into_iden(),
            Outbox::Table.into_iden(),
            EmailTokens::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        for col in [Added::EmailVerifiedAt, Added::TermsVersion, Added::PrivacyVersion, Added::DigestedUntil]
        {
            manager.alter_table(Table::alter().table(Users::Table).drop_column(col).to_owned()).await?;
        }
        Ok(())
    }
}
