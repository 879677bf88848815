//! sea-orm entities, one per table. They stay inside this crate: callers get the read
//! models of the query modules.

pub mod appeal;
pub mod call;
pub mod call_evaluator;
pub mod comment;
pub mod criterion;
pub mod decision;
pub mod evaluator_conflict;
pub mod login_throttle;
pub mod moderation_log;
pub mod notification;
pub mod organisation;
pub mod organisation_domain;
pub mod pilot;
pub mod pilot_follow;
pub mod pilot_partner;
pub mod pilot_proposal;
pub mod pilot_team_member;
pub mod pilot_update;
pub mod proposal;
pub mod proposal_credit;
pub mod proposal_organisation;
pub mod proposal_revision;
pub mod refresh_token;
pub mod report;
pub mod review;
pub mod review_score;
pub mod session;
pub mod theme;
pub mod thumb;
pub mod user;
pub mod user_role;
