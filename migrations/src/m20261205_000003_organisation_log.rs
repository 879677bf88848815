//! Admins place users in an organisation (`PATCH /users/{id}`), and the audit log records it:
//! its action check is widened with `organisation_changed`.

use sea_orm_migration::prelude::*;

use crate::m20261203_000001_moderation::{NewCheck, WidenedCheck, apply_checks, revert_checks};
use crate::m20261204_000001_evaluation;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The actions as the evaluation migration left them.
const LOG_ACTIONS_BEFORE: &[&str] = m20261204_000001_evaluation::LOG_ACTIONS_NOW;
pub(crate) const LOG_ACTIONS_NOW: &[&str] = &[
    "hide",
    "auto_hide",
    "restore",
    "approve",
    "reject",
    "dismiss_reports",
    "appeal_upheld",
    "appeal_overturned",
    "block",
    "unblock",
    "roles_changed",
    "account_erased",
    "merge",
    "evaluator_assigned",
    "evaluator_removed",
    "results_published",
    "organisation_changed",
];

const NEW_CHECKS: &[NewCheck] = &[];
const WIDENED: &[WidenedCheck] = &[("moderation_log", "action", LOG_ACTIONS_BEFORE, LOG_ACTIONS_NOW)];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    // One connection, all or nothing (SQLite's checks are a drop and a create of triggers).
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        apply_checks(manager.get_connection(), NEW_CHECKS, WIDENED).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        revert_checks(manager.get_connection(), NEW_CHECKS, WIDENED).await
    }
}
