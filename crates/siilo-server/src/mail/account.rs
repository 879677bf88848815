//! The account emails: the links that confirm an address or set a new password, and the
//! notice to an old address that the account's address has changed. Each says, in the
//! recipient's language, why it was sent.
//!
//! Payloads (the outbox's `payload`, written by the accounts routes):
//! - `verify_email` `{"token", "display_name"}`
//! - `change_email` `{"token", "display_name", "new_email"}`
//! - `email_changed` `{"display_name", "new_email"}` (to the old address; no link)
//! - `password_reset` `{"token", "display_name"}`

use serde::Deserialize;
use siilo_domain::accounts::Language;
use siilo_domain::identity::MailTemplate;

use super::RenderError;
use super::layout::{Block, Email, inline};

/// The web-client page that opens a link of `verify_email` and `change_email`.
pub const VERIFY_EMAIL_PATH: &str = "/verify-email";
/// The web-client page that opens a `password_reset` link.
pub const RESET_PASSWORD_PATH: &str = "/reset-password";

#[derive(Deserialize)]
struct Payload {
    #[serde(default)]
    token: Option<String>,
    #[serde(default)]
    display_name: Option<String>,
    #[serde(default)]
    new_email: Option<String>,
}

impl Payload {
    fn required<'a>(field: &'a Option<String>, name: &str) -> Result<&'a str, RenderError> {
        field
            .as_deref()
            .filter(|v| !v.trim().is_empty())
            .ok_or_else(|| RenderError::Invalid(format!("the payload has no {name}")))
    }
}

/// `{public_url}{path}#token=<token>`: in the fragment, so that the token stays out of server
/// logs and `Referer` headers.
pub fn token_link(public_url: &str, path: &str, token: &str) -> String {
    const FRAGMENT: &percent_encoding::AsciiSet =
        &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');
    format!("{public_url}{path}#token={}", percent_encoding::utf8_percent_encode(token, FRAGMENT))
}

/// Builds one of the four account emails; `Invalid` for another template or a payload that
/// lacks what the template needs.
pub fn render(
    public_url: &str,
    language: Language,
    template: MailTemplate,
    payload: &serde_json::Value,
) -> Result<Email, RenderError> {
    let payload = Payload::deserialize(payload)
        .map_err(|e| RenderError::Invalid(format!("the payload does not fit {template}: {e}")))?;
    let name = payload.display_name.as_deref().map(inline).filter(|n| !n.is_empty());
    let greeting = greeting(language, name.as_deref());
    let email = match template {
        MailTemplate::VerifyEmail => {
            let token = Payload::required(&payload.token, "token")?;
            verify_email(language, greeting, token_link(public_url, VERIFY_EMAIL_PATH, token))
        }
        MailTemplate::ChangeEmail => {
            let token = Payload::required(&payload.token, "token")?;
            let new_email = inline(Payload::required(&payload.new_email, "new_email")?);
            change_email(language, greeting, &new_email, token_link(public_url, VERIFY_EMAIL_PATH, token))
        }
        MailTemplate::EmailChanged => {
            let new_email = inline(Payload::required(&payload.new_email, "new_email")?);
            email_changed(language, greeting, &new_email)
        }
        MailTemplate::PasswordReset => {
            let token = Payload::required(&payload.token, "token")?;
            password_reset(language, greeting, token_link(public_url, RESET_PASSWORD_PATH, token))
        }
        other => return Err(RenderError::Invalid(format!("{other} is not an account email"))),
    };
    Ok(email)
}

fn greeting(language: Language, name: Option<&str>) -> String {
    let hello = match language {
        Language::Fi => "Hei",
        Language::Sv => "Hej",
        Language::En => "Hello",
    };
    match name {
        Some(name) => format!("{hello} {name},"),
        None => format!("{hello},"),
    }
}

fn email(language: Language, subject: &str, greeting: String, blocks: Vec<Block>, reason: &str) -> Email {
    Email {
        language,
        subject: subject.to_owned(),
        greeting,
        blocks,
        reason: reason.to_owned(),
        unsubscribe: None,
    }
}

fn paragraph(text: impl Into<String>) -> Block {
    Block::Paragraph(text.into())
}

fn link(url: String, label: &str) -> Block {
    Block::Link { url, label: label.to_owned() }
}

fn verify_email(language: Language, greeting: String, url: String) -> Email {
    match language {
        Language::Fi => email(
            language,
            "Vahvista sähköpostiosoitteesi Siilossa",
            greeting,
            vec![
                paragraph("Vahvista sähköpostiosoitteesi avaamalla alla oleva linkki."),
                link(url, "Vahvista sähköpostiosoite"),
                paragraph(
                    "Linkki on voimassa 48 tuntia. Kun osoite on vahvistettu, voit jättää ehdotuksia, \
                     peukuttaa ja kommentoida.",
                ),
            ],
            "Saat tämän viestin, koska tällä sähköpostiosoitteella luotiin Siilo-tunnus. Jos et luonut \
             tunnusta, voit jättää viestin huomiotta.",
        ),
        Language::Sv => email(
            language,
            "Bekräfta din e-postadress i Siilo",
            greeting,
            vec![
                paragraph("Bekräfta din e-postadress genom att öppna länken nedan."),
                link(url, "Bekräfta e-postadressen"),
                paragraph(
                    "Länken gäller i 48 timmar. När adressen är bekräftad kan du lämna förslag, ge \
                     tummen upp och kommentera.",
                ),
            ],
            "Du får det här meddelandet eftersom ett Siilo-konto har skapats med den här e-postadressen. \
             Om det inte var du som skapade kontot kan du bortse från meddelandet.",
        ),
        Language::En => email(
            language,
            "Confirm your email address for Siilo",
            greeting,
            vec![
                paragraph("Please confirm your email address by opening the link below."),
                link(url, "Confirm email address"),
                paragraph(
                    "The link works for 48 hours. Once your address is confirmed, you can submit \
                     proposals, give thumbs up and comment.",
                ),
            ],
            "You are receiving this email because a Siilo account was created with this email address. \
             If you did not create it, you can ignore this email.",
        ),
    }
}

fn change_email(language: Language, greeting: String, new_email: &str, url: String) -> Email {
    match language {
        Language::Fi => email(
            language,
            "Vahvista uusi sähköpostiosoitteesi Siilossa",
            greeting,
            vec![
                paragraph(format!(
                    "Olet pyytänyt, että Siilo-tunnuksesi sähköpostiosoitteeksi vaihdetaan {new_email}. \
                     Vahvista uusi osoite avaamalla alla oleva linkki."
                )),
                link(url, "Vahvista uusi osoite"),
                paragraph("Linkki on voimassa 48 tuntia. Osoite vaihtuu vasta, kun avaat linkin."),
            ],
            "Saat tämän viestin, koska tämä osoite annettiin Siilo-tunnuksen uudeksi \
             sähköpostiosoitteeksi. Jos et pyytänyt vaihtoa, voit jättää viestin huomiotta. Tunnukseen \
             ei silloin tehdä muutoksia.",
        ),
        Language::Sv => email(
            language,
            "Bekräfta din nya e-postadress i Siilo",
            greeting,
            vec![
                paragraph(format!(
                    "Du har bett att e-postadressen för ditt Siilo-konto ändras till {new_email}. \
                     Bekräfta den nya adressen genom att öppna länken nedan."
                )),
                link(url, "Bekräfta den nya adressen"),
                paragraph("Länken gäller i 48 timmar. Adressen ändras först när du öppnar länken."),
            ],
            "Du får det här meddelandet eftersom den här adressen har angetts som ny e-postadress för \
             ett Siilo-konto. Om du inte har bett om ändringen kan du bortse från meddelandet. Kontot \
             ändras då inte.",
        ),
        Language::En => email(
            language,
            "Confirm your new email address for Siilo",
            greeting,
            vec![
                paragraph(format!(
                    "You asked to change the email address of your Siilo account to {new_email}. \
                     Please confirm the new address by opening the link below."
                )),
                link(url, "Confirm new address"),
                paragraph("The link works for 48 hours. Your address changes only when you open it."),
            ],
            "You are receiving this email because this address was given as the new email address of \
             a Siilo account. If you did not ask for the change, you can ignore this email and nothing \
             will change.",
        ),
    }
}

fn email_changed(language: Language, greeting: String, new_email: &str) -> Email {
    match language {
        Language::Fi => email(
            language,
            "Siilo-tunnuksesi sähköpostiosoite on vaihdettu",
            greeting,
            vec![
                paragraph(format!(
                    "Siilo-tunnuksesi sähköpostiosoite on vaihdettu. Uusi osoite on {new_email}."
                )),
                paragraph("Tähän osoitteeseen ei enää lähetetä tunnukseesi liittyviä viestejä."),
                paragraph("Jos et itse vaihtanut osoitetta, ota heti yhteyttä palvelun ylläpitoon."),
            ],
            "Saat tämän ilmoituksen, koska tämä oli Siilo-tunnuksesi sähköpostiosoite.",
        ),
        Language::Sv => email(
            language,
            "E-postadressen för ditt Siilo-konto har ändrats",
            greeting,
            vec![
                paragraph(format!(
                    "E-postadressen för ditt Siilo-konto har ändrats. Den nya adressen är {new_email}."
                )),
                paragraph("Meddelanden om ditt konto skickas inte längre till den här adressen."),
                paragraph(
                    "Om det inte var du som ändrade adressen, kontakta genast tjänstens administratörer.",
                ),
            ],
            "Du får det här meddelandet eftersom det här var e-postadressen för ditt Siilo-konto.",
        ),
        Language::En => email(
            language,
            "The email address of your Siilo account has changed",
            greeting,
            vec![
                paragraph(format!(
                    "The email address of your Siilo account has been changed. The new address is {new_email}."
                )),
                paragraph("Emails about your account will no longer be sent to this address."),
                paragraph("If you did not change it yourself, contact the service's administrators at once."),
            ],
            "You are receiving this notice because this was the email address of your Siilo account.",
        ),
    }
}

fn password_reset(language: Language, greeting: String, url: String) -> Email {
    match language {
        Language::Fi => email(
            language,
            "Vaihda Siilo-salasanasi",
            greeting,
            vec![
                paragraph("Voit vaihtaa Siilo-tunnuksesi salasanan avaamalla alla olevan linkin."),
                link(url, "Vaihda salasana"),
                paragraph(
                    "Linkki on voimassa tunnin, ja sitä voi käyttää vain kerran. Kun vaihdat salasanan, \
                     sinut kirjataan ulos kaikilta laitteilta.",
                ),
            ],
            "Saat tämän viestin, koska tälle sähköpostiosoitteelle pyydettiin uutta salasanaa. Jos et \
             pyytänyt sitä, voit jättää viestin huomiotta. Salasanasi pysyy ennallaan.",
        ),
        Language::Sv => email(
            language,
            "Byt lösenord i Siilo",
            greeting,
            vec![
                paragraph("Du kan byta lösenordet för ditt Siilo-konto genom att öppna länken nedan."),
                link(url, "Byt lösenord"),
                paragraph(
                    "Länken gäller i en timme och kan användas bara en gång. När du byter lösenord \
                     loggas du ut på alla enheter.",
                ),
            ],
            "Du får det här meddelandet eftersom någon har begärt ett nytt lösenord för den här \
             e-postadressen. Om det inte var du kan du bortse från meddelandet. Ditt lösenord ändras inte.",
        ),
        Language::En => email(
            language,
            "Reset your Siilo password",
            greeting,
            vec![
                paragraph("You can set a new password for your Siilo account by opening the link below."),
                link(url, "Set a new password"),
                paragraph(
                    "The link works for one hour and only once. When you change your password, you are \
                     signed out on every device.",
                ),
            ],
            "You are receiving this email because a new password was requested for this email address. \
             If you did not ask for it, you can ignore this email; your password stays the same.",
        ),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use strum::IntoEnumIterator;

    use super::*;

    const URL: &str = "https://siilo.test";

    fn rendered(
        language: Language,
        template: MailTemplate,
        payload: serde_json::Value,
    ) -> super::super::RenderedEmail {
        render(URL, language, template, &payload).expect("renders").render()
    }

    #[test]
    fn links_carry_the_token_in_the_fragment() {
        assert_eq!(
            token_link(URL, VERIFY_EMAIL_PATH, "aB3-_x"),
            "https://siilo.test/verify-email#token=aB3-_x"
        );
        assert_eq!(
            token_link(URL, RESET_PASSWORD_PATH, "a b&c"),
            "https://siilo.test/reset-password#token=a%20b%26c"
        );
    }

    #[test]
    fn every_account_email_renders_in_every_language_with_its_link() {
        let full = json!({ "token": "tok123", "display_name": "Maija", "new_email": "maija@stm.fi" });
        let templates = [
            (MailTemplate::VerifyEmail, Some("/verify-email#token=tok123")),
            (MailTemplate::ChangeEmail, Some("/verify-email#token=tok123")),
            (MailTemplate::EmailChanged, None),
            (MailTemplate::PasswordReset, Some("/reset-password#token=tok123")),
        ];
        for language in Language::iter() {
            let mut subjects = Vec::new();
            for (template, path) in templates {
                let r = rendered(language, template, full.clone());
                match path {
                    Some(path) => {
                        let link = format!("{URL}{path}");
                        assert!(r.text.contains(&format!("\n{link}\n")), "{language} {template}: {}", r.text);
                        assert!(r.html.contains(&format!("href=\"{link}\"")), "{language} {template}");
                    }
                    None => assert!(!r.text.contains("token"), "{language} {template}"),
                }
                if matches!(template, MailTemplate::ChangeEmail | MailTemplate::EmailChanged) {
                    assert!(r.text.contains("maija@stm.fi"), "{language} {template}");
                }
                assert!(r.text.contains("Maija,"), "{language} {template}");
                assert!(r.html.contains(&format!("<html lang=\"{language}\">")));
                assert!(r.list_unsubscribe.is_none());
                subjects.push(r.subject);
            }
            subjects.sort();
            subjects.dedup();
            assert_eq!(subjects.len(), 4, "{language}: one subject per email");
        }
    }

    #[test]
    fn each_language_speaks_its_own() {
        let p = json!({ "token": "t", "display_name": "Maija" });
        assert!(
            rendered(Language::Fi, MailTemplate::VerifyEmail, p.clone())
                .text
                .starts_with("Hei Maija,\n\nVahvista")
        );
        assert!(
            rendered(Language::Sv, MailTemplate::VerifyEmail, p.clone())
                .text
                .starts_with("Hej Maija,\n\nBekräfta")
        );
        assert!(
            rendered(Language::En, MailTemplate::VerifyEmail, p.clone())
                .text
                .starts_with("Hello Maija,\n\nPlease")
        );
        assert!(
            rendered(Language::Fi, MailTemplate::PasswordReset, p).text.contains("Saat tämän viestin, koska")
        );
    }

    #[test]
    fn a_missing_name_greets_without_one_and_a_name_cannot_add_lines() {
        let r = rendered(Language::Fi, MailTemplate::VerifyEmail, json!({ "token": "t" }));
        assert!(r.text.starts_with("Hei,\n\n"));
        let r = rendered(
            Language::En,
            MailTemplate::VerifyEmail,
            json!({ "token": "t", "display_name": "Eve\nhttps://evil.example/verify-email#token=x" }),
        );
        assert!(r.text.starts_with("Hello Eve https://evil.example/verify-email#token=x,\n\n"));
    }

    #[test]
    fn a_payload_without_what_the_template_needs_is_invalid() {
        let cases = [
            (MailTemplate::VerifyEmail, json!({ "display_name": "Maija" })),
            (MailTemplate::VerifyEmail, json!({ "token": "  " })),
            (MailTemplate::ChangeEmail, json!({ "token": "t" })),
            (MailTemplate::EmailChanged, json!({ "display_name": "Maija" })),
            (MailTemplate::PasswordReset, json!({ "token": 5 })),
            (MailTemplate::VerifyEmail, json!("not an object")),
            (MailTemplate::Notification, json!({ "notification_id": "x" })),
        ];
        for (template, payload) in cases {
            assert!(
                matches!(render(URL, Language::Fi, template, &payload), Err(RenderError::Invalid(_))),
                "{template} {payload}"
            );
        }
    }
}
