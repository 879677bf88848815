//! The notification emails: one notification as it happens (`notification`
//! `{"notification_id"}`) and the day's notifications in one email (`digest`
//! `{"from": rfc3339 | null, "until": rfc3339}`), each with the one-click unsubscribe links
//! ([`super::layout::Unsubscribe`], [`super::unsubscribe`]).
//!
//! Both are rendered when they are sent, from the notifications as they are then: the
//! recipient's language, what happened (the texts of the in-app list), a link into the web
//! client, why the email came, where to change it, and the unsubscribe link. They are not
//! sent (`Obsolete`) to an account that is erased or blocked, whose address is no longer the
//! confirmed one it was sent to, or which no longer wants them; a title the recipient may no
//! longer read is left out.
//!
//! The settings count when an email goes: a notification's email is queued when it is made
//! (if its kind is `immediately` then) and sent if the kind still is; a digest lists the
//! window's notifications of the kinds that are `daily_digest` when it is sent. So a kind
//! switched between the two in the meantime may be in both emails, or in neither (it is
//! always in the app).

use chrono::{DateTime, Utc};
use serde::Deserialize;
use siilo_domain::accounts::Language;
use siilo_domain::email_notifications::{DigestGroup, group_digest};
use siilo_domain::identity::EmailDelivery;
use siilo_domain::moderation::{AppealOutcome, LogAction, ReportReason};
use siilo_domain::notifications::NotificationKind;
use siilo_domain::proposals::{Audience, Sight, Stage, content_sight};
use siilo_domain::roles::Role;
use siilo_store::notifications::NotificationRecord;
use siilo_store::users::UserRecord;
use uuid::Uuid;

use super::layout::{Block, Email, Item, Unsubscribe, inline};
use super::unsubscribe::Unsubscribe as Scope;
use super::{RenderContext, RenderError};

/// The most notifications one digest lists; it says how many more there are.
pub const DIGEST_MAX_ITEMS: u64 = 50;

/// The web-client page of the email settings.
pub const SETTINGS_PATH: &str = "/profile";
/// The web-client page of the in-app notifications.
pub const NOTIFICATIONS_PATH: &str = "/notifications";

#[derive(Deserialize)]
struct NotificationPayload {
    notification_id: Uuid,
}

#[derive(Deserialize)]
struct DigestPayload {
    from: Option<DateTime<Utc>>,
    until: DateTime<Utc>,
}

/// One notification, sent as it happens.
pub async fn render_notification(
    ctx: &RenderContext<'_>,
    payload: &serde_json::Value,
) -> Result<Email, RenderError> {
    let payload = NotificationPayload::deserialize(payload)
        .map_err(|e| RenderError::Invalid(format!("the payload does not fit notification: {e}")))?;
    let user = recipient(ctx).await?;
    let db = &ctx.state.db;
    let Some((owner, n)) = siilo_store::notifications::get(db, payload.notification_id).await? else {
        return Err(RenderError::Obsolete("the notification is gone".into()));
    };
    if owner != user.id {
        return Err(RenderError::Invalid("the notification is another user's".into()));
    }
    if siilo_store::email_preferences::delivery(db, user.id, n.kind).await? != EmailDelivery::Immediately {
        return Err(RenderError::Obsolete("the recipient no longer wants this kind at once".into()));
    }
    let lang = ctx.language;
    let audience = audience_of(&user);
    let base = ctx.public_url();
    let mut blocks = vec![Block::Paragraph(sentence(lang, &n, audience, false))];
    blocks.extend(details(lang, &n).into_iter().map(Block::Paragraph));
    let (path, label) = target(&n);
    blocks.push(Block::Link { url: format!("{base}{path}"), label: open_label(lang, label).to_owned() });
    blocks.extend(settings_blocks(lang, base));
    let what = Scope { user: user.id, kind: Some(n.kind) };
    Ok(Email {
        language: lang,
        subject: format!("Siilo: {}", kind_label(lang, n.kind)),
        greeting: greeting(lang, &user.display_name),
        blocks,
        reason: t(
            lang,
            "Saat tämän viestin, koska olet valinnut Siilon profiilissasi, että tällaisista tapahtumista \
             lähetetään sähköposti heti.",
            "Du får det här meddelandet eftersom du i din profil i Siilo har valt att få e-post direkt \
             om sådana här händelser.",
            "You are receiving this email because you chose in your Siilo profile to be emailed at once \
             about events like this.",
        )
        .to_owned(),
        unsubscribe: Some(unsubscribe(ctx, what)),
    })
}

/// The notifications of a day in one email, grouped by proposal (or pilot, or kind).
pub async fn render_digest(
    ctx: &RenderContext<'_>,
    payload: &serde_json::Value,
) -> Result<Email, RenderError> {
    let payload = DigestPayload::deserialize(payload)
        .map_err(|e| RenderError::Invalid(format!("the payload does not fit digest: {e}")))?;
    let user = recipient(ctx).await?;
    let (items, total) = siilo_store::notifications::for_digest(
        &ctx.state.db,
        user.id,
        payload.from,
        payload.until,
        DIGEST_MAX_ITEMS,
    )
    .await?;
    if items.is_empty() {
        return Err(RenderError::Obsolete("nothing left to digest".into()));
    }
    let lang = ctx.language;
    let audience = audience_of(&user);
    let base = ctx.public_url();
    let shown = items.len() as u64;
    let mut blocks = vec![Block::Paragraph(
        t(
            lang,
            "Tässä ovat uudet ilmoituksesi Siilosta.",
            "Här är dina nya meddelanden från Siilo.",
            "Here are your new notifications from Siilo.",
        )
        .to_owned(),
    )];
    let groups =
        group_digest(items, |n| DigestGroup::of(n.kind, n.proposal_id, n.pilot.as_ref().map(|p| p.pilot_id)));
    for (group, members) in groups {
        let heading = match group {
            DigestGroup::Proposal(_) => members.first().map(|n| proposal_heading(lang, n, audience)),
            DigestGroup::Pilot(_) => members.first().map(|n| pilot_heading(lang, n)),
            DigestGroup::Kind(kind) => Some(kind_label(lang, kind).to_owned()),
        };
        blocks.extend(heading.map(Block::Paragraph));
        let short = !matches!(group, DigestGroup::Kind(_));
        let list = members
            .iter()
            .map(|n| {
                let mut text = sentence(lang, n, audience, short);
                for detail in details(lang, n) {
                    text.push(' ');
                    text.push_str(&detail);
                }
                Item { text, url: Some(format!("{base}{}", target(n).0)) }
            })
            .collect();
        blocks.push(Block::List(list));
    }
    if total > shown {
        let rest = total - shown;
        blocks.push(Block::Paragraph(match lang {
            Language::Fi if rest == 1 => {
                "Lisäksi 1 muu ilmoitus. Näet kaikki ilmoituksesi Siilossa.".to_owned()
            }
            Language::Fi => format!("Lisäksi {rest} muuta ilmoitusta. Näet kaikki ilmoituksesi Siilossa."),
            Language::Sv if rest == 1 => "Och 1 meddelande till. Du ser alla i Siilo.".to_owned(),
            Language::Sv => format!("Och {rest} meddelanden till. Du ser alla i Siilo."),
            Language::En if rest == 1 => "And 1 more. You can see them all in Siilo.".to_owned(),
            Language::En => format!("And {rest} more. You can see them all in Siilo."),
        }));
    }
    blocks.push(Block::Link {
        url: format!("{base}{NOTIFICATIONS_PATH}"),
        label: t(lang, "Avaa ilmoitukset", "Öppna meddelandena", "Open your notifications").to_owned(),
    });
    blocks.extend(settings_blocks(lang, base));
    let subject = match lang {
        Language::Fi if total == 1 => "Siilon päivän kooste: 1 uusi ilmoitus".to_owned(),
        Language::Fi => format!("Siilon päivän kooste: {total} uutta ilmoitusta"),
        Language::Sv if total == 1 => "Dagens sammandrag från Siilo: 1 nytt meddelande".to_owned(),
        Language::Sv => format!("Dagens sammandrag från Siilo: {total} nya meddelanden"),
        Language::En if total == 1 => "Your daily Siilo digest: 1 new notification".to_owned(),
        Language::En => format!("Your daily Siilo digest: {total} new notifications"),
    };
    Ok(Email {
        language: lang,
        subject,
        greeting: greeting(lang, &user.display_name),
        blocks,
        reason: t(
            lang,
            "Saat tämän koosteen, koska Siilo lähettää ilmoituksesi sähköpostiisi kerran päivässä koosteena. \
             Se on oletusasetus, ja voit muuttaa sitä profiilissasi.",
            "Du får det här sammandraget eftersom Siilo skickar dina meddelanden per e-post i ett \
             sammandrag en gång om dagen. Det är standardinställningen, och du kan ändra den i din profil.",
            "You are receiving this digest because Siilo emails your notifications once a day in a digest. \
             That is the default, and you can change it in your profile.",
        )
        .to_owned(),
        unsubscribe: Some(unsubscribe(ctx, Scope { user: user.id, kind: None })),
    })
}

/// The account the email is for, if it may still be emailed at the address it was queued
/// for: not erased or blocked, and that address its confirmed one.
async fn recipient(ctx: &RenderContext<'_>) -> Result<UserRecord, RenderError> {
    let user_id =
        ctx.user_id.ok_or_else(|| RenderError::Invalid("a notification email names no account".into()))?;
    let Some(user) = siilo_store::users::get(&ctx.state.db, user_id).await? else {
        return Err(RenderError::Obsolete("the account is gone".into()));
    };
    if user.erased_at.is_some() || user.blocked_at.is_some() {
        return Err(RenderError::Obsolete("the account is erased or blocked".into()));
    }
    if user.email_verified_at.is_none() || !user.email.eq_ignore_ascii_case(ctx.recipient) {
        return Err(RenderError::Obsolete("the address is not the account's confirmed one".into()));
    }
    Ok(user)
}

fn audience_of(user: &UserRecord) -> Audience {
    let admin = user.roles.has(Role::Admin);
    Audience { id: Some(user.id), moderates: admin || user.roles.has(Role::Moderator), admin }
}

fn unsubscribe(ctx: &RenderContext<'_>, what: Scope) -> Unsubscribe {
    let key = &ctx.state.unsubscribe;
    Unsubscribe { page: key.page(ctx.public_url(), what), one_click: key.one_click(ctx.public_url(), what) }
}

fn settings_blocks(lang: Language, base: &str) -> [Block; 2] {
    [
        Block::Paragraph(
            t(
                lang,
                "Voit valita profiilissasi jokaiselle ilmoitustyypille, tuleeko siitä sähköposti heti, päivän \
                 koosteessa vai ei lainkaan.",
                "I din profil kan du för varje typ av meddelande välja om du får e-post direkt, i dagens \
                 sammandrag eller inte alls.",
                "In your profile you can choose for each kind of notification whether you are emailed at once, \
                 in the daily digest, or not at all.",
            )
            .to_owned(),
        ),
        Block::Link {
            url: format!("{base}{SETTINGS_PATH}"),
            label: t(lang, "Sähköpostiasetukset", "E-postinställningar", "Email settings").to_owned(),
        },
    ]
}

/// Picks the text of the language.
fn t(lang: Language, fi: &'static str, sv: &'static str, en: &'static str) -> &'static str {
    match lang {
        Language::Fi => fi,
        Language::Sv => sv,
        Language::En => en,
    }
}

fn greeting(lang: Language, name: &str) -> String {
    let name = inline(name);
    let hello = t(lang, "Hei", "Hej", "Hello");
    if name.is_empty() { format!("{hello},") } else { format!("{hello} {name},") }
}

/// A title in the language's quotation marks.
fn quoted(lang: Language, text: &str) -> String {
    match lang {
        Language::En => format!("“{}”", inline(text)),
        Language::Fi | Language::Sv => format!("”{}”", inline(text)),
    }
}

/// "nro 12 ”Title”": the proposal's number, and its title when the recipient may read it.
fn proposal_ref(lang: Language, n: &NotificationRecord, audience: Audience) -> String {
    let Some(p) = &n.proposal else { return String::new() };
    let number = format!("{} {}", t(lang, "nro", "nr", "No."), p.number);
    if content_sight(&p.facts, audience) == Sight::Full {
        format!("{number} {}", quoted(lang, &p.title))
    } else {
        number
    }
}

fn proposal_heading(lang: Language, n: &NotificationRecord, audience: Audience) -> String {
    format!("{} {}", t(lang, "Ehdotus", "Förslag", "Proposal"), proposal_ref(lang, n, audience))
        .trim_end()
        .to_owned()
}

fn pilot_heading(lang: Language, n: &NotificationRecord) -> String {
    let word = t(lang, "Kokeilu", "Försök", "Pilot");
    match &n.pilot {
        Some(p) => format!("{word} {}", quoted(lang, &p.pilot_title)),
        None => word.to_owned(),
    }
}

/// What a kind is called as a subject or a digest's heading.
fn kind_label(lang: Language, kind: NotificationKind) -> &'static str {
    use NotificationKind as K;
    match kind {
        K::CommentOnProposal => t(
            lang,
            "Uusi kommentti ehdotukseesi",
            "Ny kommentar till ditt förslag",
            "New comment on your proposal",
        ),
        K::ReplyToComment => {
            t(lang, "Uusi vastaus kommenttiisi", "Nytt svar på din kommentar", "New reply to your comment")
        }
        K::ContentHidden => {
            t(lang, "Sisältösi piilotettiin", "Ditt innehåll doldes", "Your content was hidden")
        }
        K::ContentRestored => {
            t(lang, "Sisältösi näkyy taas", "Ditt innehåll syns igen", "Your content shows again")
        }
        K::ProposalApproved => {
            t(lang, "Ehdotuksesi hyväksyttiin", "Ditt förslag godkändes", "Your proposal was approved")
        }
        K::ProposalRejected => {
            t(lang, "Ehdotuksesi hylättiin", "Ditt förslag avvisades", "Your proposal was rejected")
        }
        K::AppealDecided => t(
            lang,
            "Valitukseesi on tehty päätös",
            "Din överklagan har avgjorts",
            "Your appeal has been decided",
        ),
        K::DecisionPublished => t(
            lang,
            "Haun tulokset on julkaistu",
            "Utlysningens resultat har publicerats",
            "The call's results are out",
        ),
        K::ProposalMerged => t(
            lang,
            "Ehdotus yhdistettiin toiseen",
            "Ett förslag slogs ihop med ett annat",
            "A proposal was merged into another",
        ),
        K::PilotCreated => t(
            lang,
            "Ehdotuksestasi tehtiin kokeilu",
            "Ditt förslag blev ett försök",
            "Your proposal became a pilot",
        ),
        K::PilotUpdate => t(
            lang,
            "Kokeilu kertoi edistymisestään",
            "Ett försök berättade hur det går",
            "A pilot posted a progress update",
        ),
        K::PilotLessons => t(
            lang,
            "Kokeilu julkaisi oppinsa",
            "Ett försök publicerade sina lärdomar",
            "A pilot published its lessons learned",
        ),
        K::CoauthorInvited => t(
            lang,
            "Sinut kutsuttiin kanssakirjoittajaksi",
            "Du har bjudits in som medförfattare",
            "You were invited to co-author a proposal",
        ),
        K::CoauthorAnswered => t(
            lang,
            "Vastaus kanssakirjoittajakutsuusi",
            "Svar på din inbjudan som medförfattare",
            "An answer to your co-author invitation",
        ),
        K::CoauthorRemoved => t(
            lang,
            "Sinut poistettiin kanssakirjoittajista",
            "Du togs bort som medförfattare",
            "You were removed as a co-author",
        ),
        K::CallNews => t(
            lang,
            "Seuraamassasi haussa on uutta",
            "Nytt i en utlysning som du följer",
            "News in a call you follow",
        ),
        K::InterestDeclared => t(
            lang,
            "Joku lähtisi mukaan ehdotukseesi",
            "Någon vill vara med i ditt förslag",
            "Someone would join your proposal",
        ),
        K::ProposalRevised => t(
            lang,
            "Seuraamaasi ehdotusta muokattiin",
            "Ett förslag som du följer har redigerats",
            "A proposal you follow was edited",
        ),
        K::FollowedComment => t(
            lang,
            "Uusi kommentti seuraamaasi ehdotukseen",
            "Ny kommentar till ett förslag som du följer",
            "New comment on a proposal you follow",
        ),
        K::FollowedDecision => t(
            lang,
            "Päätös seuraamastasi ehdotuksesta",
            "Beslut om ett förslag som du följer",
            "A decision on a proposal you follow",
        ),
    }
}

fn category(lang: Language, c: Option<ReportReason>) -> &'static str {
    match c.unwrap_or(ReportReason::Other) {
        ReportReason::Spam => {
            t(lang, "roskaposti tai mainonta", "skräppost eller reklam", "spam or advertising")
        }
        ReportReason::Offensive => t(
            lang,
            "loukkaava tai epäasiallinen sisältö",
            "kränkande eller osakligt innehåll",
            "offensive or abusive content",
        ),
        ReportReason::PersonalData => t(lang, "henkilötietoja", "personuppgifter", "personal data"),
        ReportReason::OffTopic => t(lang, "ei liity aiheeseen", "hör inte till ämnet", "off topic"),
        ReportReason::Other => t(lang, "muu syy", "annat skäl", "other reason"),
    }
}

/// What happened, in a sentence. `grouped` leaves out the proposal or the pilot, which the
/// digest's heading above names.
fn sentence(lang: Language, n: &NotificationRecord, audience: Audience, grouped: bool) -> String {
    use NotificationKind as K;
    let p = if grouped { String::new() } else { proposal_ref(lang, n, audience) };
    // Without a proposal to name, the short form reads whole.
    let short = grouped || p.is_empty();
    let actor = n.actor.as_ref().map(|(_, name)| inline(name)).filter(|a| !a.is_empty());
    let actor = actor.unwrap_or_else(|| t(lang, "Joku", "Någon", "Someone").to_owned());
    let on_comment = n.comment_id.is_some();
    let category = category(lang, n.moderation.as_ref().and_then(|m| m.category));
    let pilot = n.pilot.as_ref().map(|p| quoted(lang, &p.pilot_title));
    let outcome = n.outcome.as_ref();
    let text = match n.kind {
        K::CommentOnProposal => match lang {
            Language::Fi => format!("{actor} kommentoi ehdotustasi {p}."),
            Language::Sv => format!("{actor} kommenterade ditt förslag {p}."),
            Language::En => format!("{actor} commented on your proposal {p}."),
        },
        K::ReplyToComment => match lang {
            Language::Fi if short => format!("{actor} vastasi kommenttiisi."),
            Language::Fi => format!("{actor} vastasi kommenttiisi ehdotuksessa {p}."),
            Language::Sv if short => format!("{actor} svarade på din kommentar."),
            Language::Sv => format!("{actor} svarade på din kommentar om förslag {p}."),
            Language::En if short => format!("{actor} replied to your comment."),
            Language::En => format!("{actor} replied to your comment on proposal {p}."),
        },
        K::ContentHidden if on_comment => match lang {
            Language::Fi if short => format!("Kommenttisi piilotettiin: {category}."),
            Language::Fi => format!("Kommenttisi ehdotuksessa {p} piilotettiin: {category}."),
            Language::Sv if short => format!("Din kommentar doldes: {category}."),
            Language::Sv => format!("Din kommentar om förslag {p} doldes: {category}."),
            Language::En if short => format!("Your comment was hidden: {category}."),
            Language::En => format!("Your comment on proposal {p} was hidden: {category}."),
        },
        K::ContentHidden => match lang {
            Language::Fi => format!("Ehdotuksesi {p} piilotettiin: {category}."),
            Language::Sv => format!("Ditt förslag {p} doldes: {category}."),
            Language::En => format!("Your proposal {p} was hidden: {category}."),
        },
        K::ContentRestored if on_comment => match lang {
            Language::Fi if short => "Kommenttisi näkyy taas.".to_owned(),
            Language::Fi => format!("Kommenttisi ehdotuksessa {p} näkyy taas."),
            Language::Sv if short => "Din kommentar syns igen.".to_owned(),
            Language::Sv => format!("Din kommentar om förslag {p} syns igen."),
            Language::En if short => "Your comment shows again.".to_owned(),
            Language::En => format!("Your comment on proposal {p} shows again."),
        },
        K::ContentRestored => match lang {
            Language::Fi => format!("Ehdotuksesi {p} näkyy taas."),
            Language::Sv => format!("Ditt förslag {p} syns igen."),
            Language::En => format!("Your proposal {p} shows again."),
        },
        K::ProposalApproved => match lang {
            Language::Fi => format!("Ehdotuksesi {p} hyväksyttiin, ja se näkyy nyt haussa."),
            Language::Sv => format!("Ditt förslag {p} godkändes och syns nu i utlysningen."),
            Language::En => format!("Your proposal {p} was approved and now shows in the call."),
        },
        K::ProposalRejected => match lang {
            Language::Fi => format!("Ehdotuksesi {p} hylättiin: {category}."),
            Language::Sv => format!("Ditt förslag {p} avvisades: {category}."),
            Language::En => format!("Your proposal {p} was rejected: {category}."),
        },
        K::AppealDecided => match lang {
            Language::Fi if short => "Valitukseesi on tehty päätös.".to_owned(),
            Language::Fi => format!("Valitukseesi on tehty päätös (ehdotus {p})."),
            Language::Sv if short => "Din överklagan har avgjorts.".to_owned(),
            Language::Sv => format!("Din överklagan har avgjorts (förslag {p})."),
            Language::En if short => "Your appeal has been decided.".to_owned(),
            Language::En => format!("Your appeal has been decided (proposal {p})."),
        },
        K::DecisionPublished => match (lang, outcome.and_then(|o| o.stage)) {
            (Language::Fi, Some(Stage::Selected)) => {
                format!("Haun tulokset on julkaistu: ehdotuksesi {p} valittiin kokeiltavaksi.")
            }
            (Language::Fi, Some(Stage::Shortlisted)) => {
                format!("Haun tulokset on julkaistu: ehdotuksesi {p} pääsi jatkoon.")
            }
            (Language::Fi, Some(Stage::NotSelected)) => {
                format!("Haun tulokset on julkaistu: ehdotustasi {p} ei valittu tällä kertaa.")
            }
            (Language::Fi, _) if short => "Haun tulokset on julkaistu: katso päätös.".to_owned(),
            (Language::Fi, _) => format!("Haun tulokset on julkaistu: katso päätös ehdotuksestasi {p}."),
            (Language::Sv, Some(Stage::Selected)) => {
                format!("Resultaten har publicerats: ditt förslag {p} valdes för ett försök.")
            }
            (Language::Sv, Some(Stage::Shortlisted)) => {
                format!("Resultaten har publicerats: ditt förslag {p} har gått vidare.")
            }
            (Language::Sv, Some(Stage::NotSelected)) => {
                format!("Resultaten har publicerats: ditt förslag {p} valdes inte den här gången.")
            }
            (Language::Sv, _) if short => "Resultaten har publicerats: se beslutet.".to_owned(),
            (Language::Sv, _) => format!("Resultaten har publicerats: se beslutet om ditt förslag {p}."),
            (Language::En, Some(Stage::Selected)) => {
                format!("The results are out: your proposal {p} was selected for a pilot.")
            }
            (Language::En, Some(Stage::Shortlisted)) => {
                format!("The results are out: your proposal {p} was shortlisted.")
            }
            (Language::En, Some(Stage::NotSelected)) => {
                format!("The results are out: your proposal {p} was not selected this time.")
            }
            (Language::En, _) if short => "The results are out: see the decision.".to_owned(),
            (Language::En, _) => format!("The results are out: see the decision on your proposal {p}."),
        },
        K::ProposalMerged => {
            match (outcome.and_then(|o| o.source_number), outcome.and_then(|o| o.target_number)) {
                (Some(s), Some(d)) => match lang {
                    Language::Fi => format!("Ehdotus nro {s} yhdistettiin ehdotukseen nro {d}."),
                    Language::Sv => format!("Förslag nr {s} slogs ihop med förslag nr {d}."),
                    Language::En => format!("Proposal No. {s} was merged into proposal No. {d}."),
                },
                _ => match lang {
                    Language::Fi => format!("Ehdotus {p} yhdistettiin toiseen ehdotukseen."),
                    Language::Sv => format!("Förslag {p} slogs ihop med ett annat förslag."),
                    Language::En => format!("Proposal {p} was merged with another proposal."),
                },
            }
        }
        K::PilotCreated => {
            // Grouped by its pilot, the short form names the proposal instead.
            let p = proposal_ref(lang, n, audience);
            match (lang, &pilot) {
                (Language::Fi, Some(_)) if grouped => format!("Kokeilu tehtiin ehdotuksestasi {p}."),
                (Language::Fi, Some(q)) => format!("Ehdotuksestasi {p} tehtiin kokeilu {q}."),
                (Language::Fi, None) => format!("Ehdotuksestasi {p} tehtiin kokeilu."),
                (Language::Sv, Some(_)) if grouped => format!("Försöket bygger på ditt förslag {p}."),
                (Language::Sv, Some(q)) => format!("Ditt förslag {p} blev försöket {q}."),
                (Language::Sv, None) => format!("Ditt förslag {p} blev ett försök."),
                (Language::En, Some(_)) if grouped => format!("The pilot was made from your proposal {p}."),
                (Language::En, Some(q)) => format!("Your proposal {p} became the pilot {q}."),
                (Language::En, None) => format!("Your proposal {p} became a pilot."),
            }
        }
        K::PilotUpdate => match (lang, &pilot) {
            (Language::Fi, Some(_)) if grouped => "Kokeilu kertoi edistymisestään.".to_owned(),
            (Language::Fi, Some(q)) => format!("Seuraamasi kokeilu {q} kertoi edistymisestään."),
            (Language::Fi, None) => "Seuraamasi kokeilu kertoi edistymisestään.".to_owned(),
            (Language::Sv, Some(_)) if grouped => "Försöket berättade hur det går.".to_owned(),
            (Language::Sv, Some(q)) => format!("Försöket {q} som du följer berättade hur det går."),
            (Language::Sv, None) => "Ett försök som du följer berättade hur det går.".to_owned(),
            (Language::En, Some(_)) if grouped => "The pilot posted a progress update.".to_owned(),
            (Language::En, Some(q)) => format!("The pilot {q} you follow posted a progress update."),
            (Language::En, None) => "A pilot you follow posted a progress update.".to_owned(),
        },
        K::PilotLessons => match (lang, &pilot) {
            (Language::Fi, Some(_)) if grouped => "Kokeilu julkaisi oppinsa.".to_owned(),
            (Language::Fi, Some(q)) => format!("Seuraamasi kokeilu {q} julkaisi oppinsa."),
            (Language::Fi, None) => "Seuraamasi kokeilu julkaisi oppinsa.".to_owned(),
            (Language::Sv, Some(_)) if grouped => "Försöket publicerade sina lärdomar.".to_owned(),
            (Language::Sv, Some(q)) => format!("Försöket {q} som du följer publicerade sina lärdomar."),
            (Language::Sv, None) => "Ett försök som du följer publicerade sina lärdomar.".to_owned(),
            (Language::En, Some(_)) if grouped => "The pilot published its lessons learned.".to_owned(),
            (Language::En, Some(q)) => format!("The pilot {q} you follow published its lessons learned."),
            (Language::En, None) => "A pilot you follow published its lessons learned.".to_owned(),
        },
        K::CoauthorInvited => match lang {
            Language::Fi if short => format!("{actor} kutsui sinut kanssakirjoittajaksi."),
            Language::Fi => format!("{actor} kutsui sinut ehdotuksen {p} kanssakirjoittajaksi."),
            Language::Sv if short => format!("{actor} bjöd in dig som medförfattare."),
            Language::Sv => format!("{actor} bjöd in dig som medförfattare till förslag {p}."),
            Language::En if short => format!("{actor} invited you to co-author the proposal."),
            Language::En => format!("{actor} invited you to co-author proposal {p}."),
        },
        K::CoauthorAnswered => {
            let accepted = n.coauthor.as_ref().and_then(|c| c.accepted).unwrap_or(false);
            match (lang, accepted) {
                (Language::Fi, true) if short => format!("{actor} hyväksyi kutsusi kanssakirjoittajaksi."),
                (Language::Fi, true) => {
                    format!("{actor} hyväksyi kutsusi ehdotuksen {p} kanssakirjoittajaksi.")
                }
                (Language::Fi, false) if short => format!("{actor} hylkäsi kutsusi kanssakirjoittajaksi."),
                (Language::Fi, false) => {
                    format!("{actor} hylkäsi kutsusi ehdotuksen {p} kanssakirjoittajaksi.")
                }
                (Language::Sv, true) if short => format!("{actor} godkände din inbjudan som medförfattare."),
                (Language::Sv, true) => {
                    format!("{actor} godkände din inbjudan att bli medförfattare till förslag {p}.")
                }
                (Language::Sv, false) if short => format!("{actor} avböjde din inbjudan som medförfattare."),
                (Language::Sv, false) => {
                    format!("{actor} avböjde din inbjudan att bli medförfattare till förslag {p}.")
                }
                (Language::En, true) if short => format!("{actor} accepted your invitation to co-author."),
                (Language::En, true) => {
                    format!("{actor} accepted your invitation to co-author proposal {p}.")
                }
                (Language::En, false) if short => format!("{actor} declined your invitation to co-author."),
                (Language::En, false) => {
                    format!("{actor} declined your invitation to co-author proposal {p}.")
                }
            }
        }
        K::CoauthorRemoved => match lang {
            Language::Fi if short => format!("{actor} poisti sinut kanssakirjoittajista."),
            Language::Fi => format!("{actor} poisti sinut ehdotuksen {p} kanssakirjoittajista."),
            Language::Sv if short => format!("{actor} tog bort dig som medförfattare."),
            Language::Sv => format!("{actor} tog bort dig som medförfattare till förslag {p}."),
            Language::En if short => format!("{actor} removed you as a co-author."),
            Language::En => format!("{actor} removed you as a co-author of proposal {p}."),
        },
        K::CallNews => match (lang, &n.call_news) {
            (Language::Fi, Some(c)) => format!(
                "Seuraamassasi haussa {} on uusi ajankohtainen tiedote {}.",
                quoted(lang, in_language(lang, &c.call_title)),
                quoted(lang, in_language(lang, &c.news_title))
            ),
            (Language::Fi, None) => "Seuraamassasi haussa on uusi ajankohtainen tiedote.".to_owned(),
            (Language::Sv, Some(c)) => format!(
                "Utlysningen {} som du följer har publicerat en nyhet: {}.",
                quoted(lang, in_language(lang, &c.call_title)),
                quoted(lang, in_language(lang, &c.news_title))
            ),
            (Language::Sv, None) => "En utlysning som du följer har publicerat en nyhet.".to_owned(),
            (Language::En, Some(c)) => format!(
                "The call {} you follow posted news: {}.",
                quoted(lang, in_language(lang, &c.call_title)),
                quoted(lang, in_language(lang, &c.news_title))
            ),
            (Language::En, None) => "A call you follow posted news.".to_owned(),
        },
        K::InterestDeclared => {
            let behalf = n.interest.as_ref().is_some_and(|i| i.on_behalf);
            match (lang, behalf) {
                (Language::Fi, true) => {
                    format!("{actor} lähtisi organisaationsa puolesta mukaan ehdotukseesi {p}.")
                }
                (Language::Fi, false) => format!("{actor} lähtisi mukaan ehdotukseesi {p}."),
                (Language::Sv, true) => {
                    format!("{actor} vill vara med i ditt förslag {p} för sin organisations räkning.")
                }
                (Language::Sv, false) => format!("{actor} vill vara med i ditt förslag {p}."),
                (Language::En, true) => {
                    format!("{actor} would join your proposal {p} on behalf of their organisation.")
                }
                (Language::En, false) => format!("{actor} would join your proposal {p}."),
            }
        }
        K::ProposalRevised => match lang {
            Language::Fi if short => format!("{actor} muokkasi ehdotusta."),
            Language::Fi => format!("{actor} muokkasi seuraamaasi ehdotusta {p}."),
            Language::Sv if short => format!("{actor} redigerade förslaget."),
            Language::Sv => format!("{actor} redigerade förslaget {p} som du följer."),
            Language::En if short => format!("{actor} edited the proposal."),
            Language::En => format!("{actor} edited the proposal {p} you follow."),
        },
        K::FollowedComment => match lang {
            Language::Fi if short => format!("{actor} kommentoi ehdotusta."),
            Language::Fi => format!("{actor} kommentoi seuraamaasi ehdotusta {p}."),
            Language::Sv if short => format!("{actor} kommenterade förslaget."),
            Language::Sv => format!("{actor} kommenterade förslaget {p} som du följer."),
            Language::En if short => format!("{actor} commented on the proposal."),
            Language::En => format!("{actor} commented on the proposal {p} you follow."),
        },
        K::FollowedDecision => match (lang, outcome.and_then(|o| o.stage)) {
            (Language::Fi, Some(Stage::Selected)) => {
                format!("Seuraamasi ehdotus {p} valittiin kokeiltavaksi.")
            }
            (Language::Fi, Some(Stage::Shortlisted)) => format!("Seuraamasi ehdotus {p} pääsi jatkoon."),
            (Language::Fi, Some(Stage::NotSelected)) => {
                format!("Seuraamaasi ehdotusta {p} ei valittu tällä kertaa.")
            }
            (Language::Fi, _) => format!("Seuraamastasi ehdotuksesta {p} on tehty päätös."),
            (Language::Sv, Some(Stage::Selected)) => {
                format!("Förslaget {p} som du följer valdes för ett försök.")
            }
            (Language::Sv, Some(Stage::Shortlisted)) => {
                format!("Förslaget {p} som du följer har gått vidare.")
            }
            (Language::Sv, Some(Stage::NotSelected)) => {
                format!("Förslaget {p} som du följer valdes inte den här gången.")
            }
            (Language::Sv, _) => format!("Ett beslut har fattats om förslaget {p} som du följer."),
            (Language::En, Some(Stage::Selected)) => {
                format!("The proposal {p} you follow was selected for a pilot.")
            }
            (Language::En, Some(Stage::Shortlisted)) => {
                format!("The proposal {p} you follow was shortlisted.")
            }
            (Language::En, Some(Stage::NotSelected)) => {
                format!("The proposal {p} you follow was not selected this time.")
            }
            (Language::En, _) => format!("A decision was made on the proposal {p} you follow."),
        },
    };
    tidy(&text)
}

/// A text in the recipient's language, else in Finnish.
fn in_language(lang: Language, text: &siilo_store::calls::Localized) -> &str {
    let wanted = match lang {
        Language::Fi => None,
        Language::Sv => text.sv.as_deref(),
        Language::En => text.en.as_deref(),
    };
    wanted.unwrap_or(&text.fi)
}

/// Removes the gaps an empty proposal reference leaves ("ehdotustasi ." → "ehdotustasi.").
fn tidy(text: &str) -> String {
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    joined.replace(" .", ".").replace(" )", ")").replace("( ", "(").replace("()", "").replace(" :", ":")
}

/// What a moderation notification adds: the outcome of an appeal, that reports hid it, and
/// the moderator's reason.
fn details(lang: Language, n: &NotificationRecord) -> Vec<String> {
    let Some(m) = &n.moderation else { return Vec::new() };
    let mut out = Vec::new();
    match m.outcome {
        Some(AppealOutcome::Upheld) => out.push(
            t(
                lang,
                "Valitus hylättiin: päätös pysyy voimassa.",
                "Överklagan avslogs: beslutet står fast.",
                "The appeal was rejected: the decision stands.",
            )
            .to_owned(),
        ),
        Some(AppealOutcome::Overturned) => out.push(
            t(
                lang,
                "Valitus hyväksyttiin: päätös kumottiin.",
                "Överklagan godkändes: beslutet upphävdes.",
                "The appeal was granted: the decision was overturned.",
            )
            .to_owned(),
        ),
        None => {}
    }
    if m.action == LogAction::AutoHide {
        out.push(
            t(
                lang,
                "Se piilotettiin automaattisesti, koska siitä tehtiin useita ilmoituksia. Moderaattori tarkistaa sen.",
                "Det doldes automatiskt efter flera anmälningar. En moderator granskar det.",
                "It was hidden automatically after several reports. A moderator will check it.",
            )
            .to_owned(),
        );
    }
    if let Some(reason) = m.reason.as_deref().map(inline).filter(|r| !r.is_empty()) {
        out.push(format!("{} {reason}", t(lang, "Perustelu:", "Motivering:", "Reason:")));
    }
    out
}

/// What a link opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Opens {
    Proposal,
    Pilot,
    Call,
    Notifications,
}

fn open_label(lang: Language, opens: Opens) -> &'static str {
    match opens {
        Opens::Proposal => t(lang, "Avaa ehdotus", "Öppna förslaget", "Open the proposal"),
        Opens::Pilot => t(lang, "Avaa kokeilu", "Öppna försöket", "Open the pilot"),
        Opens::Call => t(lang, "Avaa haku", "Öppna utlysningen", "Open the call"),
        Opens::Notifications => t(lang, "Avaa ilmoitukset", "Öppna meddelandena", "Open your notifications"),
    }
}

/// The web-client path a notification leads to, as the in-app list links it.
fn target(n: &NotificationRecord) -> (String, Opens) {
    use NotificationKind as K;
    let proposal = n.proposal_id.map(|p| format!("/proposals/{p}"));
    let found = match n.kind {
        K::ProposalMerged => {
            n.outcome.as_ref().and_then(|o| o.target_id).map(|t| (format!("/proposals/{t}"), Opens::Proposal))
        }
        K::PilotCreated | K::PilotUpdate | K::PilotLessons => n.pilot.as_ref().map(|p| {
            let anchor = match n.kind {
                K::PilotUpdate => "#pilot-updates",
                K::PilotLessons => "#pilot-lessons",
                _ => "",
            };
            (format!("/pilots/{}{anchor}", p.pilot_id), Opens::Pilot)
        }),
        K::DecisionPublished => None,
        K::CallNews => {
            n.call_news.as_ref().map(|c| (format!("/calls/{}#call-news", c.call_slug), Opens::Call))
        }
        _ => proposal.as_ref().zip(n.comment_id).map(|(p, c)| (format!("{p}#comment-{c}"), Opens::Proposal)),
    };
    found
        .or_else(|| proposal.map(|p| (p, Opens::Proposal)))
        .unwrap_or_else(|| (NOTIFICATIONS_PATH.to_owned(), Opens::Notifications))
}

#[cfg(test)]
mod tests {
    use siilo_domain::UserId;
    use siilo_domain::proposals::{ProposalFacts, Visibility};
    use siilo_store::calls::Localized;
    use siilo_store::notifications::{
        CallNewsNotice, ModerationNotice, NotifiedProposal, OutcomeNotice, PilotNotice,
    };

    use super::*;

    fn record(kind: NotificationKind) -> NotificationRecord {
        NotificationRecord {
            coauthor: None,
            id: Uuid::now_v7(),
            kind,
            actor: Some((UserId::new(), "Matti\nVirtanen".into())),
            call_id: None,
            proposal_id: Some(Uuid::from_u128(7)),
            proposal: Some(NotifiedProposal {
                number: 12,
                title: "Yhteinen rekisteri".into(),
                facts: ProposalFacts {
                    author_id: UserId::new(),
                    stage: Stage::Submitted,
                    visibility: Visibility::Visible,
                },
            }),
            comment_id: None,
            moderation: None,
            pilot: None,
            outcome: None,
            call_news: None,
            interest: None,
            created_at: Utc::now(),
            read_at: None,
        }
    }

    fn anyone() -> Audience {
        Audience { id: Some(UserId::new()), moderates: false, admin: false }
    }

    #[test]
    fn a_comment_names_its_writer_and_the_quoted_title_in_each_language() {
        let n = record(NotificationKind::CommentOnProposal);
        assert_eq!(
            sentence(Language::Fi, &n, anyone(), false),
            "Matti Virtanen kommentoi ehdotustasi nro 12 ”Yhteinen rekisteri”."
        );
        assert_eq!(
            sentence(Language::Sv, &n, anyone(), false),
            "Matti Virtanen kommenterade ditt förslag nr 12 ”Yhteinen rekisteri”."
        );
        assert_eq!(
            sentence(Language::En, &n, anyone(), false),
            "Matti Virtanen commented on your proposal No. 12 “Yhteinen rekisteri”."
        );
        assert_eq!(sentence(Language::Fi, &n, anyone(), true), "Matti Virtanen kommentoi ehdotustasi.");
        assert_eq!(target(&n), ("/proposals/00000000-0000-0000-0000-000000000007".into(), Opens::Proposal));
    }

    #[test]
    fn a_title_the_recipient_may_not_read_is_left_out() {
        let mut n = record(NotificationKind::ReplyToComment);
        if let Some(p) = n.proposal.as_mut() {
            p.facts.visibility = Visibility::Hidden;
        }
        n.comment_id = Some(Uuid::from_u128(9));
        assert_eq!(
            sentence(Language::Fi, &n, anyone(), false),
            "Matti Virtanen vastasi kommenttiisi ehdotuksessa nro 12."
        );
        let moderator = Audience { moderates: true, ..anyone() };
        assert!(sentence(Language::Fi, &n, moderator, false).ends_with("nro 12 ”Yhteinen rekisteri”."));
        assert_eq!(proposal_heading(Language::Sv, &n, anyone()), "Förslag nr 12");
        assert_eq!(
            target(&n).0,
            "/proposals/00000000-0000-0000-0000-000000000007#comment-00000000-0000-0000-0000-000000000009"
        );
    }

    #[test]
    fn moderation_says_why_and_what_the_appeal_decided() {
        let mut n = record(NotificationKind::ContentHidden);
        n.comment_id = Some(Uuid::from_u128(9));
        n.moderation = Some(ModerationNotice {
            action_id: Uuid::now_v7(),
            action: LogAction::AutoHide,
            category: Some(ReportReason::Spam),
            reason: Some("Mainos\r\nhttps://evil.example".into()),
            outcome: Some(AppealOutcome::Upheld),
        });
        assert_eq!(
            sentence(Language::Sv, &n, anyone(), true),
            "Din kommentar doldes: skräppost eller reklam."
        );
        assert_eq!(
            details(Language::En, &n),
            vec![
                "The appeal was rejected: the decision stands.".to_owned(),
                "It was hidden automatically after several reports. A moderator will check it.".to_owned(),
                "Reason: Mainos https://evil.example".to_owned(),
            ]
        );
    }

    #[test]
    fn decisions_merges_and_pilots_say_their_outcome_and_lead_to_it() {
        let mut n = record(NotificationKind::DecisionPublished);
        n.outcome = Some(OutcomeNotice { stage: Some(Stage::NotSelected), ..OutcomeNotice::default() });
        assert_eq!(
            sentence(Language::Fi, &n, anyone(), false),
            "Haun tulokset on julkaistu: ehdotustasi nro 12 ”Yhteinen rekisteri” ei valittu tällä kertaa."
        );
        let mut m = record(NotificationKind::ProposalMerged);
        m.outcome = Some(OutcomeNotice {
            source_number: Some(3),
            target_number: Some(12),
            target_id: Some(Uuid::from_u128(8)),
            ..OutcomeNotice::default()
        });
        assert_eq!(
            sentence(Language::En, &m, anyone(), false),
            "Proposal No. 3 was merged into proposal No. 12."
        );
        assert_eq!(target(&m).0, "/proposals/00000000-0000-0000-0000-000000000008");
        let mut p = record(NotificationKind::PilotUpdate);
        p.proposal_id = None;
        p.proposal = None;
        p.pilot = Some(PilotNotice {
            pilot_id: Uuid::from_u128(5),
            pilot_title: "Kokeilu A".into(),
            update_id: None,
        });
        assert_eq!(
            sentence(Language::Sv, &p, anyone(), false),
            "Försöket ”Kokeilu A” som du följer berättade hur det går."
        );
        assert_eq!(
            target(&p),
            ("/pilots/00000000-0000-0000-0000-000000000005#pilot-updates".into(), Opens::Pilot)
        );
        assert_eq!(pilot_heading(Language::En, &p), "Pilot “Kokeilu A”");
    }

    #[test]
    fn call_news_names_the_call_and_the_item_in_the_readers_language() {
        let mut n = record(NotificationKind::CallNews);
        n.proposal_id = None;
        n.proposal = None;
        n.call_news = Some(CallNewsNotice {
            call_slug: "siilonmurtajat".into(),
            call_title: Localized { fi: "Siilonmurtajat".into(), sv: Some("Silobrytarna".into()), en: None },
            news_id: Uuid::from_u128(3),
            news_title: Localized { fi: "Aikaa jatketaan".into(), sv: None, en: Some("More time".into()) },
        });
        assert_eq!(
            sentence(Language::Fi, &n, anyone(), false),
            "Seuraamassasi haussa ”Siilonmurtajat” on uusi ajankohtainen tiedote ”Aikaa jatketaan”."
        );
        assert_eq!(
            sentence(Language::Sv, &n, anyone(), false),
            "Utlysningen ”Silobrytarna” som du följer har publicerat en nyhet: ”Aikaa jatketaan”."
        );
        assert_eq!(
            sentence(Language::En, &n, anyone(), false),
            "The call “Siilonmurtajat” you follow posted news: “More time”."
        );
        assert_eq!(target(&n), ("/calls/siilonmurtajat#call-news".into(), Opens::Call));
        n.call_news = None;
        assert_eq!(sentence(Language::En, &n, anyone(), false), "A call you follow posted news.");
        assert_eq!(target(&n).1, Opens::Notifications);
    }

    #[test]
    fn a_missing_proposal_leaves_no_gap() {
        let mut n = record(NotificationKind::AppealDecided);
        n.proposal = None;
        assert_eq!(sentence(Language::Fi, &n, anyone(), false), "Valitukseesi on tehty päätös.");
        let mut c = record(NotificationKind::CommentOnProposal);
        c.proposal = None;
        c.actor = None;
        assert_eq!(sentence(Language::Sv, &c, anyone(), false), "Någon kommenterade ditt förslag.");
    }
}
