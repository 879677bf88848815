//! Identity and email: single-use email links, email delivery settings, the outbox's
//! message templates, and the legal pages a user accepts.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use strum::{Display, EnumIter, EnumString, IntoStaticStr, VariantNames};

/// What a single-use email link does when it is opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[derive(EnumString, IntoStaticStr, Display, EnumIter, VariantNames)]
#[strum(serialize_all = "snake_case", const_into_str)]
pub enum LinkPurpose {
    /// Confirms the address an account registered with.
    VerifyEmail,
    /// Confirms a new address; the account's address changes only when it is opened.
    ChangeEmail,
    /// Sets a new password and ends every session.
    PasswordReset,
}

impl LinkPurpose {
    /// How long a link works after it was sent.
    pub const fn lifetime(self) -> Duration {
        match self {
            Self::VerifyEmail | Self::ChangeEmail => Duration::from_secs(48 * 3600),
            Self::PasswordReset => Duration::from_secs(3600),
        }
    }
}

/// How a user hears of one kind of notification by email.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[derive(EnumString, IntoStaticStr, Display, EnumIter, VariantNames)]
#[strum(serialize_all = "snake_case", const_into_str)]
pub enum EmailDelivery {
    /// An email for each notification, as it happens.
    Immediately,
    /// Gathered into one email a day (the default).
    #[default]
    DailyDigest,
    /// In the app only.
    Off,
}

/// The kinds of email the outbox sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[derive(EnumString, IntoStaticStr, Display, EnumIter, VariantNames)]
#[strum(serialize_all = "snake_case", const_into_str)]
pub enum MailTemplate {
    /// The link that confirms a new account's address.
    VerifyEmail,
    /// The link that confirms a new address, sent to that address.
    ChangeEmail,
    /// A notice to the old address that the account's address has changed.
    EmailChanged,
    /// The link that sets a new password.
    PasswordReset,
    /// One notification, sent as it happens.
    Notification,
    /// The day's notifications in one email.
    Digest,
}

/// The pages a public body publishes, linked from every page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[derive(EnumString, IntoStaticStr, Display, EnumIter, VariantNames)]
#[strum(serialize_all = "snake_case", const_into_str)]
pub enum LegalKind {
    /// The privacy notice (*tietosuojaseloste*, GDPR Art. 13); accepted at registration.
    Privacy,
    /// The accessibility statement (*saavutettavuusseloste*); read, not accepted.
    Accessibility,
    /// The terms of use; accepted at registration.
    Terms,
}

impl LegalKind {
    /// Whether a user accepts this page (and again when a new version is published).
    pub const fn is_accepted(self) -> bool {
        matches!(self, Self::Privacy | Self::Terms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_names_match_the_api() {
        crate::assert_stored_names_match_serde::<LinkPurpose>();
        crate::assert_stored_names_match_serde::<EmailDelivery>();
        crate::assert_stored_names_match_serde::<MailTemplate>();
        crate::assert_stored_names_match_serde::<LegalKind>();
    }

    #[test]
    fn a_reset_link_lives_shorter_than_a_verification_link() {
        assert!(LinkPurpose::PasswordReset.lifetime() < LinkPurpose::VerifyEmail.lifetime());
        assert_eq!(EmailDelivery::default(), EmailDelivery::DailyDigest);
        assert!(!LegalKind::Accessibility.is_accepted());
    }
}
