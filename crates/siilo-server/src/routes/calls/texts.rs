//! The texts of calls and themes: Finnish required, Swedish and English optional. Requests
//! document each text's own limits ([`TitleTexts`], [`DescriptionTexts`],
//! [`ThemeNameTexts`]); [`texts`] checks them and trims.

use serde::{Deserialize, Serialize};
use siilo_store::calls::Localized;
use utoipa::ToSchema;

use crate::error::{ErrorCode, FieldError};

// Named for what it requires, against `dto::AllLanguagesText` where all three languages are.
/// A text in Finnish, and optionally Swedish and English; clients fall back to Finnish.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FinnishRequiredText {
    #[schema(example = "Siilonmurtajat 2026")]
    pub fi: String,
    pub sv: Option<String>,
    pub en: Option<String>,
}

impl From<Localized> for FinnishRequiredText {
    fn from(l: Localized) -> Self {
        FinnishRequiredText { fi: l.fi, sv: l.sv, en: l.en }
    }
}

/// Trims each language and drops empty optional ones; checks the lengths as `field.lang`.
pub(crate) fn texts(
    field: &str,
    t: &FinnishRequiredText,
    max: usize,
    errors: &mut Vec<FieldError>,
) -> Localized {
    let mut check = |lang: &str, value: &str, required: bool| {
        let len = value.chars().count();
        let path = format!("{field}.{lang}");
        if required && len == 0 {
            errors.push(FieldError::new(path, ErrorCode::Required, "is required"));
        } else if len > max {
            let min = i64::from(u8::from(required));
            errors.push(
                FieldError::new(path, ErrorCode::Length, format!("must be {min}–{max} characters long"))
                    .limits(Some(min), i64::try_from(max).ok()),
            );
        }
    };
    let fi = t.fi.trim().to_owned();
    check("fi", &fi, true);
    let opt = |v: &Option<String>| v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned);
    let sv = opt(&t.sv);
    let en = opt(&t.en);
    if let Some(v) = &sv {
        check("sv", v, false);
    }
    if let Some(v) = &en {
        check("en", v, false);
    }
    Localized { fi, sv, en }
}

/// A call's title as requests give it: the limits the server checks on `FinnishRequiredText`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TitleTexts {
    /// 1–140 characters, not only spaces.
    #[schema(example = "Siilonmurtajat 2026", min_length = 1, max_length = 140, pattern = r"\S")]
    pub fi: String,
    /// At most 140 characters; an empty one is dropped.
    #[schema(example = "Silobrytarna 2026", max_length = 140)]
    pub sv: Option<String>,
    /// At most 140 characters; an empty one is dropped.
    #[schema(example = "Silo breakers 2026", max_length = 140)]
    pub en: Option<String>,
}

/// A call's description as requests give it (plain text or Markdown).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DescriptionTexts {
    /// 1–10000 characters, not only spaces.
    #[schema(
        example = "Ehdota kokeilua, joka ylittää hallinnonalojen rajat.",
        min_length = 1,
        max_length = 10000,
        pattern = r"\S"
    )]
    pub fi: String,
    /// At most 10000 characters; an empty one is dropped.
    #[schema(example = "Föreslå ett försök som går över förvaltningsgränserna.", max_length = 10000)]
    pub sv: Option<String>,
    /// At most 10000 characters; an empty one is dropped.
    #[schema(example = "Propose an experiment that crosses administrative borders.", max_length = 10000)]
    pub en: Option<String>,
}

/// A theme's name as requests give it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ThemeNameTexts {
    /// 1–80 characters, not only spaces.
    #[schema(example = "Digitaaliset palvelut", min_length = 1, max_length = 80, pattern = r"\S")]
    pub fi: String,
    /// At most 80 characters; an empty one is dropped.
    #[schema(example = "Digitala tjänster", max_length = 80)]
    pub sv: Option<String>,
    /// At most 80 characters; an empty one is dropped.
    #[schema(example = "Digital services", max_length = 80)]
    pub en: Option<String>,
}

pub(super) const TITLE_MAX: usize = 140;
pub(super) const DESCRIPTION_MAX: usize = 10_000;
pub(super) const THEME_MAX: usize = 80;
