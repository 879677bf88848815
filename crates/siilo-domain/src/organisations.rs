//! Organisations: ministries and agencies, known by a short code (`VM`) and by the email
//! domains of their staff.

use crate::{DomainError, OrganisationId};

/// A short code as stored: trimmed and upper-cased.
pub fn normalize_code(raw: &str) -> String {
    raw.trim().to_uppercase()
}

/// Codes are 2–12 letters, digits or dashes, starting with a letter (`VM`, `OKM`, `THL`).
pub fn is_valid_code(code: &str) -> bool {
    let mut chars = code.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_uppercase());
    (2..=12).contains(&code.len())
        && first_ok
        && chars.all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
}

/// The longest abbreviation, in characters.
pub const SHORT_NAME_MAX_CHARS: usize = 20;

/// An abbreviation as stored: trimmed.
pub fn normalize_short_name(raw: &str) -> String {
    raw.trim().to_owned()
}

/// An organisation's abbreviation in one language (`OM`, `JM`, `Traficom`): 1–20 letters of any
/// alphabet, digits, dashes or dots, starting with a letter, counted in characters.
pub fn is_valid_short_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(char::is_alphabetic)
        && name.chars().count() <= SHORT_NAME_MAX_CHARS
        && chars.all(|c| c.is_alphanumeric() || c == '-' || c == '.')
}

/// An email domain as stored: trimmed, lower-cased, without a leading `@`.
pub fn normalize_email_domain(raw: &str) -> String {
    raw.trim().trim_start_matches('@').to_lowercase()
}

/// A plausible DNS name: labels of letters, digits and inner dashes, at least two of them.
pub fn is_valid_email_domain(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    domain.len() <= 253
        && labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        })
}

/// Of an organisation's domains, the one an email address belongs to, if any: the most
/// specific match wins, so `a@edu.oph.fi` goes to `edu.oph.fi` before `oph.fi`.
pub fn matching_domain<'a>(email_domain: &str, domains: &'a [String]) -> Option<&'a str> {
    domains
        .iter()
        .filter(|d| crate::accounts::domain_covers(d, email_domain))
        .max_by_key(|d| d.len())
        .map(String::as_str)
}

/// The organisations an address of `email_domain` may belong to: every one with a domain that
/// covers it (`vero.vm.fi` is covered by `vero.vm.fi` and `vm.fi`), the most specific first,
/// each once. `domains` is every (domain, organisation) pair.
pub fn allowed_for_domain(email_domain: &str, domains: &[(String, OrganisationId)]) -> Vec<OrganisationId> {
    let mut matches: Vec<(usize, OrganisationId)> = domains
        .iter()
        .filter(|(d, _)| crate::accounts::domain_covers(d, email_domain))
        .map(|(d, id)| (d.len(), *id))
        .collect();
    matches.sort_by_key(|m| std::cmp::Reverse(m.0));
    let mut allowed: Vec<OrganisationId> = Vec::with_capacity(matches.len());
    for (_, id) in matches {
        if !allowed.contains(&id) {
            allowed.push(id);
        }
    }
    allowed
}

/// A user picks their organisation only among those allowed for their confirmed address
/// (`allowed`, empty while it is unconfirmed); none only when none is allowed
/// (`organisation_not_allowed`). Admins place users anywhere, without this rule.
pub fn check_organisation_choice(
    chosen: Option<OrganisationId>,
    allowed: &[OrganisationId],
) -> Result<(), DomainError> {
    let ok = match chosen {
        Some(id) => allowed.contains(&id),
        None => allowed.is_empty(),
    };
    if ok { Ok(()) } else { Err(DomainError::OrganisationNotAllowed) }
}

/// The organisation a newly confirmed address places its account in: `preferred` (chosen at
/// registration, or the one held before an address change) while it is allowed for the
/// address, else the most specific allowed one, else none.
pub fn placement(preferred: Option<OrganisationId>, allowed: &[OrganisationId]) -> Option<OrganisationId> {
    preferred.filter(|p| allowed.contains(p)).or_else(|| allowed.first().copied())
}

/// The one answer to "does an account belong to an organisation Siilo knows?": `found` is
/// whether the store has it.
pub fn check_known(found: bool) -> Result<(), DomainError> {
    if found { Ok(()) } else { Err(DomainError::UnknownOrganisation) }
}

/// The first organisation of a request that Siilo does not know, by its place in the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnknownOrganisationAt(pub usize);

/// The organisations a proposal involves, as stored: each must be known, the author's own
/// is implied and left out, and one named twice counts once (in the order first named).
pub fn involved_organisations(
    requested: &[OrganisationId],
    author_organisation: Option<OrganisationId>,
    is_known: impl Fn(OrganisationId) -> bool,
) -> Result<Vec<OrganisationId>, UnknownOrganisationAt> {
    let mut involved: Vec<OrganisationId> = Vec::new();
    for (i, id) in requested.iter().copied().enumerate() {
        if !is_known(id) {
            return Err(UnknownOrganisationAt(i));
        }
        if Some(id) != author_organisation && !involved.contains(&id) {
            involved.push(id);
        }
    }
    Ok(involved)
}

/// What the store knows of an organisation proposed as a parent: whether it is itself an
/// agency (has a parent of its own).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParentCandidate {
    pub id: OrganisationId,
    pub parent_id: Option<OrganisationId>,
}

/// The one answer to "may this organisation be placed in that ministry's branch?": `org` is
/// the organisation changed (`None` when it is being created), `candidate` the parent as the
/// store found it (`None` when unknown), `has_agencies` whether `org` is a parent itself.
/// The parent must exist, be top-level and be another organisation; an organisation with
/// agencies of its own stays top-level, so branches are one level deep.
pub fn check_parent(
    org: Option<OrganisationId>,
    candidate: Option<ParentCandidate>,
    has_agencies: bool,
) -> Result<(), DomainError> {
    let Some(parent) = candidate else { return Err(DomainError::OrganisationParentInvalid) };
    if org == Some(parent.id) || parent.parent_id.is_some() || has_agencies {
        return Err(DomainError::OrganisationParentInvalid);
    }
    Ok(())
}

/// An organisation's administrative branch: the ministry it belongs to, or itself.
pub fn branch_of(id: OrganisationId, parent_id: Option<OrganisationId>) -> OrganisationId {
    parent_id.unwrap_or(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_parent_is_another_existing_top_level_organisation() {
        let [vm, vero, thl] = [
            OrganisationId(uuid::Uuid::now_v7()),
            OrganisationId(uuid::Uuid::now_v7()),
            OrganisationId(uuid::Uuid::now_v7()),
        ];
        let ministry = ParentCandidate { id: vm, parent_id: None };
        let agency = ParentCandidate { id: vero, parent_id: Some(vm) };
        assert_eq!(check_parent(Some(thl), Some(ministry), false), Ok(()));
        assert_eq!(check_parent(None, Some(ministry), false), Ok(()), "a new organisation");
        let invalid = Err(DomainError::OrganisationParentInvalid);
        assert_eq!(check_parent(Some(vm), Some(ministry), false), invalid, "itself");
        assert_eq!(check_parent(Some(thl), Some(agency), false), invalid, "an agency as parent");
        assert_eq!(
            check_parent(Some(vm), Some(ParentCandidate { id: thl, parent_id: None }), true),
            invalid,
            "has agencies"
        );
        assert_eq!(check_parent(Some(thl), None, false), invalid, "unknown");
    }

    #[test]
    fn the_branch_is_the_parent_or_the_organisation_itself() {
        let [vm, vero] = [OrganisationId(uuid::Uuid::now_v7()), OrganisationId(uuid::Uuid::now_v7())];
        assert_eq!(branch_of(vero, Some(vm)), vm);
        assert_eq!(branch_of(vm, None), vm);
    }

    #[test]
    fn organisations_must_be_known() {
        assert_eq!(check_known(true), Ok(()));
        assert_eq!(check_known(false), Err(DomainError::UnknownOrganisation));
    }

    #[test]
    fn involved_organisations_leave_out_the_authors_own_and_repeats() {
        let [own, a, b] = [
            OrganisationId(uuid::Uuid::now_v7()),
            OrganisationId(uuid::Uuid::now_v7()),
            OrganisationId(uuid::Uuid::now_v7()),
        ];
        let known = |id: OrganisationId| id != b;
        assert_eq!(involved_organisations(&[a, own, a], Some(own), known), Ok(vec![a]));
        assert_eq!(involved_organisations(&[own, a], None, known), Ok(vec![own, a]));
        assert_eq!(involved_organisations(&[], Some(own), known), Ok(vec![]));
        assert_eq!(involved_organisations(&[a, b, b], Some(own), known), Err(UnknownOrganisationAt(1)));
    }

    #[test]
    fn codes_are_short_upper_case_words() {
        assert_eq!(normalize_code(" okm "), "OKM");
        assert!(is_valid_code("VM"));
        assert!(is_valid_code("DVV-2"));
        assert!(!is_valid_code("V"));
        assert!(!is_valid_code("2VM"));
        assert!(!is_valid_code("VÄ"));
        assert!(!is_valid_code("VERYLONGCODE123"));
    }

    #[test]
    fn short_names_are_abbreviations_in_any_alphabet() {
        assert_eq!(normalize_short_name(" JM "), "JM");
        assert!(is_valid_short_name("JM"));
        assert!(is_valid_short_name("Y"));
        assert!(is_valid_short_name("Traficom"));
        assert!(is_valid_short_name("ÅA"));
        assert!(is_valid_short_name("Lausuntopalvelu.fi"));
        assert!(is_valid_short_name(&"Ä".repeat(SHORT_NAME_MAX_CHARS)));
        assert!(!is_valid_short_name(&"Ä".repeat(SHORT_NAME_MAX_CHARS + 1)));
        assert!(!is_valid_short_name(""));
        assert!(!is_valid_short_name("2M"));
        assert!(!is_valid_short_name("J M"));
        assert!(!is_valid_short_name("-JM"));
    }

    #[test]
    fn domains_are_normalised_and_checked() {
        assert_eq!(normalize_email_domain(" @VM.fi"), "vm.fi");
        assert!(is_valid_email_domain("vm.fi"));
        assert!(is_valid_email_domain("edu.oph.fi"));
        assert!(!is_valid_email_domain("fi"));
        assert!(!is_valid_email_domain("-vm.fi"));
        assert!(!is_valid_email_domain("vm..fi"));
        assert!(!is_valid_email_domain("v m.fi"));
    }

    #[test]
    fn an_address_may_belong_to_every_organisation_covering_its_domain() {
        let [vm, vero, oph] = [
            OrganisationId(uuid::Uuid::now_v7()),
            OrganisationId(uuid::Uuid::now_v7()),
            OrganisationId(uuid::Uuid::now_v7()),
        ];
        let domains = vec![
            ("vm.fi".to_string(), vm),
            ("valtiovarainministerio.fi".to_string(), vm),
            ("vero.vm.fi".to_string(), vero),
            ("oph.fi".to_string(), oph),
        ];
        assert_eq!(allowed_for_domain("vero.vm.fi", &domains), vec![vero, vm]);
        assert_eq!(allowed_for_domain("x.vero.vm.fi", &domains), vec![vero, vm]);
        assert_eq!(allowed_for_domain("vm.fi", &domains), vec![vm]);
        assert_eq!(allowed_for_domain("lvm.fi", &domains), vec![]);
    }

    #[test]
    fn a_user_picks_only_among_the_allowed_organisations() {
        let [vm, vero, okm] = [
            OrganisationId(uuid::Uuid::now_v7()),
            OrganisationId(uuid::Uuid::now_v7()),
            OrganisationId(uuid::Uuid::now_v7()),
        ];
        let allowed = [vero, vm];
        assert_eq!(check_organisation_choice(Some(vm), &allowed), Ok(()));
        assert_eq!(check_organisation_choice(Some(okm), &allowed), Err(DomainError::OrganisationNotAllowed));
        assert_eq!(check_organisation_choice(None, &allowed), Err(DomainError::OrganisationNotAllowed));
        assert_eq!(check_organisation_choice(None, &[]), Ok(()));
        assert_eq!(check_organisation_choice(Some(vm), &[]), Err(DomainError::OrganisationNotAllowed));
    }

    #[test]
    fn a_confirmed_address_keeps_an_allowed_choice_or_takes_the_most_specific() {
        let [vm, vero, okm] = [
            OrganisationId(uuid::Uuid::now_v7()),
            OrganisationId(uuid::Uuid::now_v7()),
            OrganisationId(uuid::Uuid::now_v7()),
        ];
        assert_eq!(placement(Some(vm), &[vero, vm]), Some(vm));
        assert_eq!(placement(None, &[vero, vm]), Some(vero));
        assert_eq!(placement(Some(okm), &[vero, vm]), Some(vero));
        assert_eq!(placement(Some(okm), &[]), None);
    }

    #[test]
    fn the_most_specific_domain_matches() {
        let domains = vec!["oph.fi".to_string(), "edu.oph.fi".to_string()];
        assert_eq!(matching_domain("edu.oph.fi", &domains), Some("edu.oph.fi"));
        assert_eq!(matching_domain("x.oph.fi", &domains), Some("oph.fi"));
        assert_eq!(matching_domain("noph.fi", &domains), None);
    }
}
