//! Organisations get their abbreviation in each language: a Swedish-speaking official knows
//! the Ministry of Justice as JM, not OM. Existing rows take their code in every language,
//! and the twelve seeded ministries their Swedish abbreviations.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Organisations {
    Table,
    Code,
    ShortNameFi,
    ShortNameSv,
    ShortNameEn,
}

/// The ministries' Finnish codes and their Swedish abbreviations (valtioneuvosto.fi/sv).
const SWEDISH: [(&str, &str); 12] = [
    ("VNK", "SRK"),
    ("UM", "UM"),
    ("OM", "JM"),
    ("SM", "IM"),
    ("PLM", "FSM"),
    ("VM", "FM"),
    ("OKM", "UKM"),
    ("MMM", "JSM"),
    ("LVM", "KM"),
    ("TEM", "ANM"),
    ("STM", "SHM"),
    ("YM", "MM"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per ALTER TABLE, and a NOT NULL column needs a default there.
        for column in [Organisations::ShortNameFi, Organisations::ShortNameSv, Organisations::ShortNameEn] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Organisations::Table)
                        .add_column(string_len(column, 20).default(""))
                        .to_owned(),
                )
                .await?;
        }
        manager
            .exec_stmt(
                Query::update()
                    .table(Organisations::Table)
                    .value(Organisations::ShortNameFi, Expr::col(Organisations::Code))
                    .value(Organisations::ShortNameSv, Expr::col(Organisations::Code))
                    .value(Organisations::ShortNameEn, Expr::col(Organisations::Code))
                    .to_owned(),
            )
            .await?;
        for (code, sv) in SWEDISH {
            manager
                .exec_stmt(
                    Query::update()
                        .table(Organisations::Table)
                        .value(Organisations::ShortNameSv, sv)
                        .and_where(Expr::col(Organisations::Code).eq(code))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [Organisations::ShortNameEn, Organisations::ShortNameSv, Organisations::ShortNameFi] {
            manager
                .alter_table(Table::alter().table(Organisations::Table).drop_column(column).to_owned())
                .await?;
        }
        Ok(())
    }
}
