//! Response shapes shared by several resources.

use serde::{Deserialize, Deserializer, Serialize};
use siilo_domain::accounts::Language;
use siilo_domain::roles::Role;
use siilo_store::calls::Localized;
use siilo_store::organisations::OrganisationRecord;
use siilo_store::users::UserRecord;
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

/// A text in each of Siilo's languages, all three required.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct AllLanguagesText {
    #[validate(length(min = 1, max = 200))]
    #[schema(example = "Valtiovarainministeriö", min_length = 1, max_length = 200)]
    pub fi: String,
    #[validate(length(min = 1, max = 200))]
    #[schema(example = "Finansministeriet", min_length = 1, max_length = 200)]
    pub sv: String,
    #[validate(length(min = 1, max = 200))]
    #[schema(example = "Ministry of Finance", min_length = 1, max_length = 200)]
    pub en: String,
}

impl From<&AllLanguagesText> for Localized {
    fn from(t: &AllLanguagesText) -> Self {
        Localized { fi: t.fi.clone(), sv: Some(t.sv.clone()), en: Some(t.en.clone()) }
    }
}

/// An organisation's abbreviation in each language, as its readers know it (`OM` in Finnish
/// and English, `JM` in Swedish): 1–20 letters, digits, dashes or dots, starting with a letter.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ShortNames {
    #[schema(example = "VM", min_length = 1, max_length = 20)]
    pub fi: String,
    #[schema(example = "FM", min_length = 1, max_length = 20)]
    pub sv: String,
    #[schema(example = "VM", min_length = 1, max_length = 20)]
    pub en: String,
}

impl ShortNames {
    pub fn of(o: &OrganisationRecord) -> Self {
        ShortNames { fi: o.short_name_fi.clone(), sv: o.short_name_sv.clone(), en: o.short_name_en.clone() }
    }
}

/// An organisation as other resources mention it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OrganisationRef {
    pub id: Uuid,
    #[schema(example = "VM")]
    pub code: String,
    pub name: AllLanguagesText,
    /// What to show in bylines, chips and filters, in the reader's language.
    pub short_name: ShortNames,
    /// The ministry whose administrative branch this agency is in; `null` for a ministry
    /// (or another top-level organisation), which is its own branch.
    #[schema(example = json!(null))]
    pub parent_id: Option<Uuid>,
}

impl From<&OrganisationRecord> for OrganisationRef {
    fn from(o: &OrganisationRecord) -> Self {
        OrganisationRef {
            id: o.id.0,
            code: o.code.clone(),
            name: AllLanguagesText { fi: o.name_fi.clone(), sv: o.name_sv.clone(), en: o.name_en.clone() },
            short_name: ShortNames::of(o),
            parent_id: o.parent_id.map(|p| p.0),
        }
    }
}

/// A user as others see them: id and display name.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct UserRef {
    pub id: Uuid,
    #[schema(example = "Maija Meikäläinen")]
    pub display_name: String,
}

/// The signed-in user's own account.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"id": "0193a4f0-5e6f-7a8b-9c0d-1e2f3a4b5c03", "email": "maija.meikalainen@vm.fi", "display_name": "Maija Meikäläinen", "organisation": {"id": "0193a4e0-0000-7000-8000-000000000004", "code": "VM", "name": {"fi": "Valtiovarainministeriö", "sv": "Finansministeriet", "en": "Ministry of Finance"}, "short_name": {"fi": "VM", "sv": "FM", "en": "VM"}}, "language": "fi", "roles": ["participant"], "unread_notifications": 2, "created_at": "2026-11-02T10:00:00Z", "email_verified": true, "pending_email": null, "has_password": true, "must_accept": [], "manages": {"call_ids": [], "organisation_ids": []}}))]
pub struct Me {
    pub id: Uuid,
    #[schema(example = "maija.meikalainen@vm.fi")]
    pub email: String,
    #[schema(example = "Maija Meikäläinen")]
    pub display_name: String,
    pub organisation: Option<OrganisationRef>,
    pub language: Language,
    /// Always includes `participant`.
    pub roles: Vec<Role>,
    /// Unread notifications, for the badge.
    pub unread_notifications: u64,
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// Whether the address is confirmed. Until it is, the account reads and signs in but gets
    /// `email_unverified` when it submits, thumbs, comments or reports, and has no
    /// organisation from its domain.
    pub email_verified: bool,
    /// A new address waiting for its confirmation link to be opened; `email` stays the
    /// account's address until then.
    #[schema(example = json!(null))]
    pub pending_email: Option<String>,
    /// Whether the account has a password (an account made by single sign-on has none until
    /// it sets one by a reset link).
    pub has_password: bool,
    /// The legal pages (`terms`, `privacy`) whose current version the user has not accepted:
    /// show them and `POST /me/legal-acceptance` before taking part (`terms_not_accepted`).
    pub must_accept: Vec<siilo_domain::identity::LegalKind>,
    /// What the user runs as a call manager (empty for most): show them the call screens.
    pub manages: Manages,
}

/// The calls a call manager runs: granted one by one, and the organisations whose calls
/// (those they host) they run.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct Manages {
    pub call_ids: Vec<Uuid>,
    pub organisation_ids: Vec<Uuid>,
}

impl Me {
    pub fn new(
        user: &UserRecord,
        organisation: Option<&OrganisationRecord>,
        unread_notifications: u64,
    ) -> Self {
        Me {
            id: user.id.0,
            email: user.email.clone(),
            display_name: user.display_name.clone(),
            organisation: organisation.map(OrganisationRef::from),
            language: user.language,
            roles: user.roles.to_vec(),
            unread_notifications,
            created_at: user.created_at,
            email_verified: user.email_verified_at.is_some(),
            pending_email: None,
            has_password: user.has_password,
            must_accept: Vec::new(),
            manages: Manages::default(),
        }
    }
}

/// For PATCH bodies: tells an absent field (`None`) from an explicit `null` (`Some(None)`).
pub fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

/// `validator` rule: an email address once surrounding whitespace is trimmed (it is
/// stored trimmed and lower-cased): the shape `validator` checks (HTML5's, RFC 5321
/// lengths), and a domain of at least two labels (`vm.fi`, not `stm`), which is what a
/// deliverable address in the public administration has.
pub fn email_address(value: &str) -> Result<(), validator::ValidationError> {
    let value = value.trim();
    let dotted_domain = value
        .rsplit_once('@')
        .is_some_and(|(_, domain)| domain.contains('.') && domain.split('.').all(|label| !label.is_empty()));
    if dotted_domain && validator::ValidateEmail::validate_email(&value) {
        Ok(())
    } else {
        let mut e = validator::ValidationError::new("email");
        e.message = Some("must be an email address".into());
        Err(e)
    }
}

/// `validator` rule: not empty once surrounding whitespace is trimmed.
pub fn not_blank(value: &str) -> Result<(), validator::ValidationError> {
    if value.trim().is_empty() {
        let mut e = validator::ValidationError::new("blank");
        e.message = Some("must not be blank".into());
        Err(e)
    } else {
        Ok(())
    }
}

/// What a tombstone says of hidden or rejected content: the category and the moderator's
/// public note. Shown to everyone.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"category": "offensive", "public_note": "Asiaton kielenkäyttö"}))]
pub struct ModerationMark {
    pub category: siilo_domain::moderation::ReportReason,
    pub public_note: Option<String>,
}

impl ModerationMark {
    /// The mark of content in `visibility`: only hidden or rejected content has one (its
    /// category `other` when none was stored).
    pub fn of(
        visibility: siilo_domain::proposals::Visibility,
        category: Option<siilo_domain::moderation::ReportReason>,
        note: Option<&str>,
    ) -> Option<ModerationMark> {
        use siilo_domain::proposals::Visibility;
        matches!(visibility, Visibility::Hidden | Visibility::Rejected).then(|| ModerationMark {
            category: category.unwrap_or(siilo_domain::moderation::ReportReason::Other),
            public_note: note.map(str::to_owned),
        })
    }
}

/// A text that may be left out: trimmed, and `None` when blank.
pub fn optional_text(text: Option<&str>) -> Option<String> {
    text.map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned)
}
