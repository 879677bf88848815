//! Personal data (GDPR): what erasing an account leaves behind, and who may be erased.
//!
//! An erased account keeps its row (and id) so that its proposals, comments and thumbs keep
//! an author and stay counted, but nothing on it names a person any more: the email becomes
//! [`erased_email`], the display name and password hash become empty, and the rest is
//! cleared or deleted by the store in one transaction.

use uuid::Uuid;

use crate::DomainError;

/// The address an erased account keeps: unique (the column is), never deliverable (the
/// `.invalid` top-level domain is reserved), and never typed by a user who registers
/// (registration lower-cases and checks addresses, and the old address is free again).
pub fn erased_email(id: Uuid) -> String {
    format!("erased-{}@erased.invalid", id.simple())
}

/// May this account be erased? Not the last admin who can act: the platform would be left
/// without anyone able to grant roles. `other_admins` counts the admins besides the target who
/// are neither blocked nor erased.
pub fn check_can_erase(target_is_admin: bool, other_admins: u64) -> Result<(), DomainError> {
    if target_is_admin && other_admins == 0 { Err(DomainError::LastAdmin) } else { Ok(()) }
}

/// An admin erases other accounts; their own goes through `DELETE /me`, which asks for the
/// password, so that a slip (or a stolen token) cannot erase the admin who clicked.
pub fn check_admin_erasure(actor: crate::UserId, target: crate::UserId) -> Result<(), DomainError> {
    if actor == target { Err(DomainError::SelfLockout) } else { Ok(()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_admin_cannot_be_erased() {
        assert_eq!(check_can_erase(true, 0), Err(DomainError::LastAdmin));
        assert_eq!(check_can_erase(true, 1), Ok(()));
        assert_eq!(check_can_erase(true, 2), Ok(()));
    }

    #[test]
    fn an_admin_erases_their_own_account_only_with_their_password() {
        let (me, other) = (crate::UserId::new(), crate::UserId::new());
        assert_eq!(check_admin_erasure(me, me), Err(DomainError::SelfLockout));
        assert_eq!(check_admin_erasure(me, other), Ok(()));
    }

    #[test]
    fn anyone_who_is_not_an_admin_can_be_erased() {
        assert_eq!(check_can_erase(false, 0), Ok(()));
        assert_eq!(check_can_erase(false, 1), Ok(()));
    }

    #[test]
    fn an_erased_email_is_unique_and_undeliverable() {
        let id = Uuid::nil();
        assert_eq!(erased_email(id), "erased-00000000000000000000000000000000@erased.invalid");
        assert_ne!(erased_email(Uuid::now_v7()), erased_email(Uuid::now_v7()));
        assert!(erased_email(id).len() <= 254);
    }
}
