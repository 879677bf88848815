//! `siilo seed-demo`: fills an empty database with a living example: an open Siilonmurtajat
//! call, one in voting and one in review, sixty people across the ministries, proposals in
//! Finnish and Swedish, thumbs and comments. The texts are in `content.json`; the choices
//! (who thumbs what, when) come from a seeded generator, so a seed gives the same data.
//! Times are set relative to now, so the calls are in their phases whenever it runs.

use std::collections::HashMap;

use anyhow::Context;
use chrono::{DateTime, TimeDelta, Utc};
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{RngExt, SeedableRng};
use serde::Deserialize;
use siilo_domain::accounts::Language;
use siilo_domain::calls::{DEFAULT_REPORT_THRESHOLD, ModerationMode, Window};
use siilo_domain::organisations::involved_organisations;
use siilo_domain::proposals::Visibility;
use siilo_domain::roles::{Role, Roles};
use siilo_domain::{OrganisationId, UserId, search};
use siilo_store::calls::{CallSettings, Localized, NewCall};
use siilo_store::comments::NewComment;
use siilo_store::proposals::NewProposal;
use siilo_store::users::NewUser;
use siilo_store::{Db, begin_write};
use uuid::Uuid;

use crate::content::{CommentEvent, ProposalDraft, comment_notifications, proposal_text};
use crate::routes::dto::AllLanguagesText;

/// Everyone in the demo signs in with this password.
pub const DEMO_PASSWORD: &str = "siilo-demo-2026";
/// The demo's admin (also a moderator).
pub const DEMO_ADMIN: &str = "admin@vm.fi";

const CONTENT: &str = include_str!("content.json");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Content {
    calls: Vec<CallText>,
    people: Vec<Person>,
    proposals: Vec<ProposalSeed>,
    comments: Vec<CommentSeed>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CallText {
    slug: String,
    title: AllLanguagesText,
    description: AllLanguagesText,
    themes: Vec<AllLanguagesText>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Person {
    name: String,
    organisation: String,
    language: Language,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProposalSeed {
    call: usize,
    author: usize,
    language: Language,
    title: String,
    summary: String,
    challenge: String,
    idea: String,
    theme: usize,
    organisations: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CommentSeed {
    proposal: usize,
    author: usize,
    body: String,
    reply_to: Option<usize>,
}

#[derive(Debug)]
pub struct Report {
    pub calls: usize,
    pub users: usize,
    pub proposals: usize,
    pub thumbs: usize,
    pub comments: usize,
}

/// `maija.meikäläinen` → `maija.meikalainen`: an address made of the name.
fn email_for(name: &str, domain: &str) -> String {
    let local: String = search::fold(name)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(".")
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '.' || *c == '-')
        .collect();
    format!("{local}@{domain}")
}

/// The three demo calls' windows: open now, voting now, in review now.
fn windows(now: DateTime<Utc>) -> anyhow::Result<[Window; 3]> {
    let d = TimeDelta::days;
    Ok([
        Window::new(now - d(10), now + d(14), now + d(21))?,
        Window::new(now - d(40), now - d(5), now + d(9))?,
        Window::new(now - d(60), now - d(30), now - d(10))?,
    ])
}

/// A time between `from` and `to` (or now, if earlier).
fn between(rng: &mut StdRng, from: DateTime<Utc>, to: DateTime<Utc>, now: DateTime<Utc>) -> DateTime<Utc> {
    let to = to.min(now);
    let span = (to - from).num_seconds().max(1);
    from + TimeDelta::seconds(rng.random_range(0..span))
}

/// Seeds an empty database; refuses one that has accounts.
pub async fn seed(db: &Db, seed: u64) -> anyhow::Result<Report> {
    if siilo_store::users::count(db).await? > 0 {
        anyhow::bail!("the database already has accounts; seed-demo fills only an empty one");
    }
    let content: Content = serde_json::from_str(CONTENT).context("demo content")?;
    let mut rng = StdRng::seed_from_u64(seed);
    let now = Utc::now();
    let hash = crate::auth::Passwords::default().hash(DEMO_PASSWORD.into()).await?;

    let orgs = siilo_store::organisations::list(db).await?;
    let org_by_code: HashMap<&str, &siilo_store::organisations::OrganisationRecord> =
        orgs.iter().map(|o| (o.code.as_str(), o)).collect();

    let txn = begin_write(db).await?;
    // The demo's people have read the seeded terms of use and privacy notice: the demo shows
    // the service, not the dialog that asks for them (which a new version still brings up).
    let accepted = siilo_store::legal::current_versions(&txn).await?;
    let vm = org_by_code.get("VM").map(|o| o.id);
    let admin = siilo_store::users::create(
        &txn,
        NewUser {
            email: DEMO_ADMIN,
            password_hash: &hash,
            display_name: "Siilo-ylläpito – Siilo-administration",
            organisation_id: vm,
            language: Language::Fi,
            roles: &Roles::new([Role::Admin, Role::Moderator]),
            email_verified: true,
        },
        now,
    )
    .await?;
    siilo_store::legal::accept(&txn, admin.id, accepted).await?;

    let mut people: Vec<(UserId, Option<OrganisationId>)> = Vec::new();
    for p in &content.people {
        let org = org_by_code.get(p.organisation.as_str()).copied();
        let domain = org.and_then(|o| o.email_domains.first()).map_or("siilo.example", String::as_str);
        let user = siilo_store::users::create(
            &txn,
            NewUser {
                email: &email_for(&p.name, domain),
                password_hash: &hash,
                display_name: &p.name,
                organisation_id: org.map(|o| o.id),
                language: p.language,
                roles: &Roles::new([]),
                email_verified: true,
            },
            now,
        )
        .await?;
        siilo_store::legal::accept(&txn, user.id, accepted).await?;
        people.push((user.id, user.organisation_id));
    }

    let windows = windows(now)?;
    let [open_window, _, _] = windows;
    let mut calls = Vec::new();
    for (i, c) in content.calls.iter().enumerate() {
        let window = *windows.get(i).context("the demo has three calls")?;
        let call = siilo_store::calls::create(
            &txn,
            NewCall {
                slug: c.slug.clone(),
                title: (&c.title).into(),
                description: (&c.description).into(),
                description_html: crate::markdown::to_safe_html_localized(&(&c.description).into()),
                window,
                settings: CallSettings {
                    moderation_mode: ModerationMode::Post,
                    report_threshold: DEFAULT_REPORT_THRESHOLD,
                    max_proposals_per_user: Some(5),
                    max_thumbs_per_user: None,
                    reviews_in_voting: false,
                },
                themes: c.themes.iter().map(Localized::from).collect(),
                host_organisation_id: None,
            },
            window.opens_at,
        )
        .await?;
        siilo_store::calls::set_published(&txn, call.id, window.opens_at - TimeDelta::days(7)).await?;
        calls.push(call);
    }

    // Proposals in the order they were "submitted", so numbers follow time.
    let mut planned: Vec<(DateTime<Utc>, usize)> = content
        .proposals
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let w = windows.get(p.call).copied().unwrap_or(open_window);
            (between(&mut rng, w.opens_at, w.submissions_close_at, now), i)
        })
        .collect();
    planned.sort();
    let mut proposal_ids: HashMap<usize, (Uuid, DateTime<Utc>, UserId)> = HashMap::new();
    for (at, i) in &planned {
        let Some(p) = content.proposals.get(*i) else { continue };
        let call = calls.get(p.call).context("proposal of an unknown call")?;
        let (author, author_org) = *people.get(p.author).context("proposal by an unknown person")?;
        let named: Vec<OrganisationId> =
            p.organisations.iter().filter_map(|code| org_by_code.get(code.as_str()).map(|o| o.id)).collect();
        // Every id was found by its code: all are known.
        let organisation_ids = involved_organisations(&named, author_org, |_| true)
            .map_err(|_| anyhow::anyhow!("an organisation of a proposal is unknown"))?;
        let text = proposal_text(ProposalDraft {
            title: p.title.clone(),
            summary: p.summary.clone(),
            challenge: p.challenge.clone(),
            idea: p.idea.clone(),
            theme_id: call.themes.get(p.theme).map(|t| t.id),
            organisation_ids,
        });
        let number = siilo_store::calls::next_proposal_number(&txn, call.id).await?;
        let id = siilo_store::proposals::create(
            &txn,
            NewProposal {
                call_id: call.id,
                number,
                author_id: author,
                language: p.language,
                visibility: Visibility::Visible,
                text,
            },
            *at,
        )
        .await?;
        proposal_ids.insert(*i, (id, *at, author));
    }

    // Thumbs: a few proposals gather many, most a handful, as in real calls.
    let mut thumbs = 0;
    for (i, p) in content.proposals.iter().enumerate() {
        let Some((id, at, author)) = proposal_ids.get(&i).copied() else { continue };
        let w = windows.get(p.call).copied().unwrap_or(open_window);
        // Trending weighs thumbs from the call's creation.
        let epoch = calls.get(p.call).map_or(w.opens_at, |c| c.created_at);
        let popularity: f64 = rng.random::<f64>().powi(2);
        let wanted = (popularity * 35.0).round() as usize;
        let voters: Vec<&(UserId, Option<OrganisationId>)> = people
            .iter()
            .filter(|(u, _)| *u != author)
            .collect::<Vec<_>>()
            .sample(&mut rng, wanted)
            .copied()
            .collect();
        for (voter, _) in voters {
            let given = between(&mut rng, at, w.voting_closes_at, now);
            if siilo_store::thumbs::add(&txn, id, *voter, given, epoch).await?.is_some() {
                thumbs += 1;
            }
        }
    }

    // Comments, each after its proposal (and a reply after its parent), with notifications.
    // Each is also later than the comments on its proposal seeded before it: ids are
    // time-ordered, so ids and `created_at` then agree on which comment came first.
    let mut comment_ids: HashMap<usize, (Uuid, DateTime<Utc>, UserId)> = HashMap::new();
    let mut latest_on: HashMap<Uuid, DateTime<Utc>> = HashMap::new();
    for (i, c) in content.comments.iter().enumerate() {
        let Some((proposal_id, proposal_at, proposal_author)) = proposal_ids.get(&c.proposal).copied() else {
            continue;
        };
        let Some(p) = content.proposals.get(c.proposal) else { continue };
        let (author, _) = *people.get(c.author).context("comment by an unknown person")?;
        let parent = c.reply_to.and_then(|r| comment_ids.get(&r).copied());
        let after = parent.map_or(proposal_at, |(_, at, _)| at);
        let after = latest_on.get(&proposal_id).map_or(after, |latest| after.max(*latest));
        let w = windows.get(p.call).copied().unwrap_or(open_window);
        let at = between(&mut rng, after, w.voting_closes_at, now);
        latest_on.insert(proposal_id, at);
        let id = siilo_store::comments::create(
            &txn,
            NewComment {
                proposal_id,
                parent_id: parent.map(|(id, _, _)| id),
                author_id: author,
                body: &c.body,
                language: p.language,
            },
            at,
        )
        .await?;
        let call_id = calls.get(p.call).map(|c| c.id);
        let notes = comment_notifications(&CommentEvent {
            comment_id: id,
            actor: author,
            call_id,
            proposal_id,
            proposal_author,
            coauthors: Vec::new(),
            replied_to: parent.map(|(_, _, a)| a),
        });
        siilo_store::notifications::create_many(&txn, &notes, at).await?;
        comment_ids.insert(i, (id, at, author));
    }
    txn.commit().await?;

    Ok(Report {
        calls: calls.len(),
        users: people.len() + 1,
        proposals: proposal_ids.len(),
        thumbs,
        comments: comment_ids.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_content_parses_and_hangs_together() {
        let c: Content = serde_json::from_str(CONTENT).unwrap();
        assert_eq!(c.calls.len(), 3);
        assert!(c.people.len() >= 60);
        assert!(c.proposals.iter().filter(|p| p.call == 0).count() >= 40);
        for p in &c.proposals {
            assert!(p.author < c.people.len());
            assert!(p.theme < c.calls[p.call].themes.len());
        }
        for (i, cm) in c.comments.iter().enumerate() {
            assert!(cm.proposal < c.proposals.len());
            assert!(cm.reply_to.is_none_or(|r| r < i));
        }
    }

    #[test]
    fn emails_are_made_of_folded_names() {
        assert_eq!(email_for("Maija Meikäläinen", "vm.fi"), "maija.meikalainen@vm.fi");
        assert_eq!(email_for("Åsa Öhman-Berg", "um.fi"), "asa.ohman-berg@um.fi");
    }
}
