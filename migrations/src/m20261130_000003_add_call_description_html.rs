//! A call's description rendered from Markdown to safe HTML, per language, once when it is
//! written (like a proposal's texts). Existing rows start as NULL, which means "not rendered
//! yet": the server renders them at start-up, right after migrating, because the renderer
//! lives in the server and a migration cannot call it.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Calls {
    Table,
    DescriptionHtmlFi,
    DescriptionHtmlSv,
    DescriptionHtmlEn,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite alters one column per statement.
        for column in [Calls::DescriptionHtmlFi, Calls::DescriptionHtmlSv, Calls::DescriptionHtmlEn] {
            manager
                .alter_table(Table::alter().table(Calls::Table).add_column(text_null(column)).to_owned())
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [Calls::DescriptionHtmlFi, Calls::DescriptionHtmlSv, Calls::DescriptionHtmlEn] {
            manager.alter_table(Table::alter().table(Calls::Table).drop_column(column).to_owned()).await?;
        }
        Ok(())
    }
}
