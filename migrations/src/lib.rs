//! Siilo's schema. Migrations run at start-up and with `siilo migrate`, on SQLite and
//! PostgreSQL alike. A landed migration is never edited: a change is a new migration.

pub use sea_orm_migration::prelude::*;

mod m20261124_000001_create_organisations;
mod m20261124_000002_create_users;
mod m20261124_000003_create_sessions;
mod m20261124_000004_create_login_throttles;
mod m20261124_000005_create_calls;
mod m20261124_000006_create_proposals;
mod m20261124_000007_create_thumbs_and_comments;
mod m20261124_000008_create_notifications;
mod m20261130_000001_add_user_block_reason;
mod m20261130_000002_add_organisation_short_names;
mod m20261130_000003_add_call_description_html;
mod m20261201_000001_check_enum_columns;
mod m20261202_000001_list_order;
mod m20261202_000002_proposal_search;
mod m20261203_000001_moderation;
mod m20261204_000001_evaluation;
mod m20261204_000002_ranking;
mod m20261205_000001_identity;
mod m20261205_000003_organisation_log;
mod m20261205_000006_legal_texts;
mod m20261206_000001_breaking_silos;
mod m20261206_000002_agencies;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261124_000001_create_organisations::Migration),
            Box::new(m20261124_000002_create_users::Migration),
            Box::new(m20261124_000003_create_sessions::Migration),
            Box::new(m20261124_000004_create_login_throttles::Migration),
            Box::new(m20261124_000005_create_calls::Migration),
            Box::new(m20261124_000006_create_proposals::Migration),
            Box::new(m20261124_000007_create_thumbs_and_comments::Migration),
            Box::new(m20261124_000008_create_notifications::Migration),
            Box::new(m20261130_000001_add_user_block_reason::Migration),
            Box::new(m20261130_000002_add_organisation_short_names::Migration),
            Box::new(m20261130_000003_add_call_description_html::Migration),
            Box::new(m20261201_000001_check_enum_columns::Migration),
            Box::new(m20261202_000001_list_order::Migration),
            Box::new(m20261202_000002_proposal_search::Migration),
            Box::new(m20261203_000001_moderation::Migration),
            Box::new(m20261204_000001_evaluation::Migration),
            Box::new(m20261204_000002_ranking::Migration),
            Box::new(m20261205_000001_identity::Migration),
            Box::new(m20261205_000003_organisation_log::Migration),
            Box::new(m20261205_000006_legal_texts::Migration),
            Box::new(m20261206_000001_breaking_silos::Migration),
            Box::new(m20261206_000002_agencies::Migration),
        ]
    }
}
