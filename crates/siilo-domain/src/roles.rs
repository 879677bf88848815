//! Roles and what they permit. Every signed-in user is a participant; moderator,
//! evaluator and admin are granted, several per user if need be.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use strum::{Display, EnumIter, EnumString, IntoStaticStr, VariantNames};

use crate::{DomainError, UserId};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[derive(EnumString, IntoStaticStr, Display, EnumIter, VariantNames)]
#[strum(serialize_all = "snake_case", const_into_str)]
pub enum Role {
    Participant,
    Moderator,
    Evaluator,
    Admin,
}

impl Role {
    /// Participant is implied for every account and never stored or revoked.
    pub fn is_granted(self) -> bool {
        self != Role::Participant
    }
}

/// A user's roles, always including [`Role::Participant`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Roles(BTreeSet<Role>);

impl Roles {
    pub fn new(granted: impl IntoIterator<Item = Role>) -> Self {
        let mut set: BTreeSet<Role> = granted.into_iter().collect();
        set.insert(Role::Participant);
        Roles(set)
    }

    pub fn has(&self, role: Role) -> bool {
        self.0.contains(&role)
    }

    /// The roles to store: all but the implied participant.
    pub fn granted(&self) -> impl Iterator<Item = Role> + '_ {
        self.0.iter().copied().filter(|r| r.is_granted())
    }

    pub fn to_vec(&self) -> Vec<Role> {
        self.0.iter().copied().collect()
    }
}

/// The one guard for role-gated actions.
pub fn check_role(roles: &Roles, needed: Role) -> Result<(), DomainError> {
    if roles.has(needed) { Ok(()) } else { Err(DomainError::RoleRequired(needed)) }
}

/// An admin's change to an account. An admin may not lock themselves out: blocking
/// oneself or dropping one's own admin role would leave the platform without its keeper
/// as easily as a slip of the mouse.
pub fn check_account_change(
    actor: UserId,
    target: UserId,
    new_roles: Option<&Roles>,
    block: Option<bool>,
) -> Result<(), DomainError> {
    if actor != target {
        return Ok(());
    }
    if block == Some(true) || new_roles.is_some_and(|r| !r.has(Role::Admin)) {
        return Err(DomainError::SelfLockout);
    }
    Ok(())
}

/// Longest reason an admin may give for a block, in characters.
pub const BLOCK_REASON_MAX_CHARS: u64 = 500;

/// A block's reason, as stored: trimmed, `None` when blank. A reason goes only with
/// `blocked: true`: given alone or with an unblock it would be silently lost.
pub fn block_reason(block: Option<bool>, reason: Option<&str>) -> Result<Option<String>, DomainError> {
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    match (block, reason) {
        (_, None) => Ok(None),
        (Some(true), Some(r)) => Ok(Some(r.to_owned())),
        (_, Some(_)) => Err(DomainError::BlockReasonWithoutBlock),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_block_reason_goes_only_with_a_block() {
        assert_eq!(block_reason(Some(true), Some("  Häiriköinti  ")), Ok(Some("Häiriköinti".into())));
        assert_eq!(block_reason(Some(true), Some("   ")), Ok(None));
        assert_eq!(block_reason(Some(true), None), Ok(None));
        assert_eq!(block_reason(None, None), Ok(None));
        assert_eq!(block_reason(Some(false), Some("x")), Err(DomainError::BlockReasonWithoutBlock));
        assert_eq!(block_reason(None, Some("x")), Err(DomainError::BlockReasonWithoutBlock));
    }

    #[test]
    fn every_user_is_a_participant() {
        let roles = Roles::new([]);
        assert!(roles.has(Role::Participant));
        assert_eq!(roles.granted().count(), 0);
    }

    #[test]
    fn granted_roles_leave_out_participant() {
        let roles = Roles::new([Role::Admin, Role::Participant, Role::Moderator]);
        assert_eq!(roles.granted().collect::<Vec<_>>(), vec![Role::Moderator, Role::Admin]);
        assert_eq!(roles.to_vec(), vec![Role::Participant, Role::Moderator, Role::Admin]);
    }

    #[test]
    fn admin_routes_need_the_admin_role() {
        assert_eq!(
            check_role(&Roles::new([Role::Moderator]), Role::Admin),
            Err(DomainError::RoleRequired(Role::Admin))
        );
        assert_eq!(check_role(&Roles::new([Role::Admin]), Role::Admin), Ok(()));
    }

    #[test]
    fn an_admin_cannot_lock_themselves_out() {
        let me = UserId::new();
        let other = UserId::new();
        let without_admin = Roles::new([Role::Moderator]);
        assert_eq!(check_account_change(me, me, None, Some(true)), Err(DomainError::SelfLockout));
        assert_eq!(check_account_change(me, me, Some(&without_admin), None), Err(DomainError::SelfLockout));
        assert_eq!(check_account_change(me, me, Some(&Roles::new([Role::Admin])), Some(false)), Ok(()));
        assert_eq!(check_account_change(me, other, Some(&without_admin), Some(true)), Ok(()));
    }

    #[test]
    fn roles_parse_from_their_names() {
        for role in <Role as strum::IntoEnumIterator>::iter() {
            assert_eq!(role.into_str().parse::<Role>(), Ok(role));
            assert_eq!(role.to_string(), role.into_str());
        }
        assert!("root".parse::<Role>().is_err());
        crate::assert_stored_names_match_serde::<Role>();
    }
}
