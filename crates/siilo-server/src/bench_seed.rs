//! `siilo seed-bench`: fills a database for the benchmark (`make bench`) with one open call
//! of N proposals across themes and organisations, U participants, thumbs and comments, in
//! bulk inserts (`siilo_store::bench_seed`), not through the API. The texts go through the
//! same preparation as the app's ([`proposal_text`]): rendered HTML and folded search text.
//! Every choice comes from a generator seeded with `--seed`, and ids are time-ordered UUIDs
//! built from the seeded generator, so a seed gives the same data (times are relative to now).

use chrono::{DateTime, TimeDelta, Utc};
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{RngExt, SeedableRng};
use serde::Serialize;
use siilo_domain::accounts::Language;
use siilo_domain::calls::{DEFAULT_REPORT_THRESHOLD, ModerationMode, Window};
use siilo_domain::organisations::involved_organisations;
use siilo_domain::{OrganisationId, UserId};
use siilo_store::bench_seed::{BenchComment, BenchProposal, BenchUser};
use siilo_store::calls::{CallSettings, Localized, NewCall};
use siilo_store::{Db, begin_write};
use uuid::Uuid;

use crate::content::{ProposalDraft, proposal_text};

/// Every benchmark participant signs in with this password.
pub const BENCH_PASSWORD: &str = "siilo-bench-2026";
/// The benchmark call's slug.
pub const BENCH_CALL_SLUG: &str = "bench";

/// Proposals written per transaction.
const PROPOSALS_PER_TRANSACTION: usize = 2_000;
/// How many proposal ids and emails the summary lists for the load driver.
const SAMPLE: usize = 256;

pub struct Options {
    pub proposals: usize,
    pub users: usize,
    pub thumbs_per_proposal: usize,
    pub seed: u64,
}

/// What was seeded, printed as JSON for the load driver (`bench/run.py`).
#[derive(Debug, Serialize)]
pub struct Summary {
    pub call_id: Uuid,
    pub call_slug: &'static str,
    pub proposals: usize,
    pub users: usize,
    pub thumbs: usize,
    pub comments: usize,
    pub password: &'static str,
    /// Emails of participants who wrote no proposal (of all `bench-{i}@bench.example`).
    pub emails: Vec<String>,
    /// An admin (the last participant, never one of `emails`), for the export.
    pub admin_email: String,
    /// Ids of proposals spread over the call.
    pub proposal_ids: Vec<Uuid>,
    /// Emails of the call's evaluators (among `emails`), for the ranking and review progress.
    pub evaluator_emails: Vec<String>,
    /// Words that occur in titles, for `q=`.
    pub search_words: Vec<&'static str>,
    pub seconds: f64,
}

const THEMES: [&str; 8] = [
    "Digitalisaatio",
    "Asiakaspalvelu",
    "Työhyvinvointi",
    "Kestävä kehitys",
    "Tiedolla johtaminen",
    "Yhteistyö",
    "Hankinnat",
    "Osaaminen",
];
const FIRST: [&str; 12] =
    ["Aino", "Eero", "Helmi", "Juho", "Kaisa", "Lauri", "Maija", "Niilo", "Saara", "Timo", "Åsa", "Björn"];
const LAST: [&str; 10] = [
    "Virtanen",
    "Korhonen",
    "Mäkinen",
    "Nieminen",
    "Hämäläinen",
    "Laine",
    "Heikkinen",
    "Koskinen",
    "Lindqvist",
    "Öhman",
];
const ADJECTIVES: [&str; 10] = [
    "Yhteinen",
    "Avoin",
    "Nopeampi",
    "Kevyempi",
    "Selkeä",
    "Turvallinen",
    "Ketterä",
    "Yhtenäinen",
    "Reilu",
    "Vihreä",
];
const NOUNS: [&str; 12] = [
    "rekisteri",
    "palvelupolku",
    "hankintamalli",
    "etätyökokeilu",
    "tietovaranto",
    "asiointikanava",
    "perehdytys",
    "raportointi",
    "allekirjoitus",
    "lupaprosessi",
    "kokeilu",
    "verkosto",
];
const COMMENTS: [&str; 6] = [
    "Hyvä ajatus, meillä on sama ongelma.",
    "Tätä kannattaisi kokeilla ensin yhdessä virastossa.",
    "Bra idé! Vi har samma utmaning.",
    "Miten tämä liittyy käynnissä olevaan hankkeeseen?",
    "Kannatan, **tärkeä** asia.",
    "Tiedot voisi koota yhteen paikkaan.",
];

/// A version-7 UUID for `at` whose random part comes from the seeded generator.
fn id_at(rng: &mut StdRng, at: DateTime<Utc>) -> Uuid {
    let millis = u64::try_from(at.timestamp_millis()).unwrap_or(0);
    let random: [u8; 10] = rng.random();
    uuid::Builder::from_unix_timestamp_millis(millis, &random).into_uuid()
}

fn at_between(rng: &mut StdRng, from: DateTime<Utc>, to: DateTime<Utc>) -> DateTime<Utc> {
    let span = (to - from).num_milliseconds().max(1);
    from + TimeDelta::milliseconds(rng.random_range(0..span))
}

pub fn email(i: usize) -> String {
    format!("bench-{i}@bench.example")
}

/// Seeds the benchmark data into a migrated database that has no call `bench` yet.
pub async fn seed(db: &Db, o: &Options) -> anyhow::Result<Summary> {
    let started = std::time::Instant::now();
    if o.proposals == 0 || o.users < 2 {
        anyhow::bail!("seed-bench needs at least one proposal and two users");
    }
    if o.thumbs_per_proposal >= o.users {
        anyhow::bail!("--thumbs-per-proposal must be smaller than --users");
    }
    if siilo_store::calls::get_by_slug(db, BENCH_CALL_SLUG).await?.is_some() {
        anyhow::bail!("the database already has the call {BENCH_CALL_SLUG:?}; seed an empty one");
    }
    let mut rng = StdRng::seed_from_u64(o.seed);
    let now = Utc::now();
    let hash = crate::auth::Passwords::default().hash(BENCH_PASSWORD.into()).await?;
    let orgs: Vec<OrganisationId> =
        siilo_store::organisations::list(db).await?.into_iter().map(|o| o.id).collect();

    let users: Vec<BenchUser> = (0..o.users)
        .map(|i| {
            let first = FIRST.choose(&mut rng).copied().unwrap_or("Aino");
            let last = LAST.choose(&mut rng).copied().unwrap_or("Virtanen");
            BenchUser {
                id: UserId(id_at(&mut rng, now - TimeDelta::days(30))),
                email: email(i),
                display_name: format!("{first} {last} {i}"),
                organisation_id: orgs.choose(&mut rng).map(|o| o.0),
                language: if rng.random_range(0..5) == 0 { Language::Sv } else { Language::Fi },
            }
        })
        .collect();

    let d = TimeDelta::days;
    let window = Window::new(now - d(10), now + d(14), now + d(21))?;
    let themes: Vec<Localized> =
        THEMES.iter().map(|t| Localized { fi: (*t).to_owned(), sv: None, en: None }).collect();
    let description =
        Localized { fi: "Suorituskykymittauksen haku (`siilo seed-bench`).".into(), sv: None, en: None };
    let txn = begin_write(db).await?;
    siilo_store::bench_seed::insert_users(&txn, &users, &hash, now - d(30)).await?;
    if let Some(admin) = users.last() {
        let roles = siilo_domain::roles::Roles::new([siilo_domain::roles::Role::Admin]);
        siilo_store::users::replace_roles(&txn, admin.id, &roles).await?;
    }
    let call = siilo_store::calls::create(
        &txn,
        NewCall {
            slug: BENCH_CALL_SLUG.into(),
            title: Localized {
                fi: "Suorituskykymittaus".into(),
                sv: Some("Prestandamätning".into()),
                en: None,
            },
            description_html: crate::markdown::to_safe_html_localized(&description),
            description,
            window,
            settings: CallSettings {
                moderation_mode: ModerationMode::Post,
                report_threshold: DEFAULT_REPORT_THRESHOLD,
                max_proposals_per_user: None,
                max_thumbs_per_user: None,
                reviews_in_voting: false,
            },
            themes,
            host_organisation_id: None,
        },
        window.opens_at - d(7),
    )
    .await?;
    siilo_store::calls::set_published(&txn, call.id, window.opens_at - d(7)).await?;
    txn.commit().await?;

    let theme_ids: Vec<Uuid> = call.themes.iter().map(|t| t.id).collect();
    let user_org: Vec<(UserId, Option<OrganisationId>)> =
        users.iter().map(|u| (u.id, u.organisation_id.map(OrganisationId))).collect();
    // The first participants (the ones the summary lists) write nothing, so the load driver
    // can thumb any proposal as any of them.
    let load_users = SAMPLE.min(o.users / 2);
    let step = SAMPLE.min(o.proposals).max(1);
    let sample_every = (o.proposals / step).max(1);
    let mut sample_ids = Vec::new();
    let (mut thumbs, mut comments) = (0, 0);
    // Proposals arrive evenly over the days the call has been open, in number order.
    let span = (now - window.opens_at).num_milliseconds().max(1);
    let mut number = 0_i32;
    let mut reviewed: Vec<(Uuid, DateTime<Utc>)> = Vec::new();
    while usize::try_from(number).unwrap_or(usize::MAX) < o.proposals {
        let mut batch = Vec::with_capacity(PROPOSALS_PER_TRANSACTION);
        while batch.len() < PROPOSALS_PER_TRANSACTION
            && usize::try_from(number).unwrap_or(usize::MAX) < o.proposals
        {
            let i = usize::try_from(number).unwrap_or(0);
            number += 1;
            let offset =
                span.saturating_mul(i64::from(number)) / i64::try_from(o.proposals).unwrap_or(i64::MAX);
            let created_at = window.opens_at + TimeDelta::milliseconds(offset.min(span - 1));
            let author_index = rng.random_range(load_users..o.users);
            let (author, author_org) =
                user_org.get(author_index).copied().unwrap_or((users_first(&users), None));
            let named: Vec<OrganisationId> =
                (0..rng.random_range(0..3)).filter_map(|_| orgs.choose(&mut rng).copied()).collect();
            let organisation_ids = involved_organisations(&named, author_org, |_| true)
                .map_err(|_| anyhow::anyhow!("an organisation of a proposal is unknown"))?;
            let adjective = ADJECTIVES.choose(&mut rng).copied().unwrap_or("Yhteinen");
            let noun = NOUNS.choose(&mut rng).copied().unwrap_or("kokeilu");
            let other = NOUNS.choose(&mut rng).copied().unwrap_or("kokeilu");
            let text = proposal_text(ProposalDraft {
                title: format!("{adjective} {noun} {number}"),
                summary: format!("Ehdotus {number}: {noun} ja {other} samaan paikkaan."),
                challenge: format!(
                    "Nykyinen **{noun}** on hajallaan, ja jokainen virasto tekee saman työn.\n\n\
                     - tiedot kerätään moneen kertaan\n- {other} on hidas"
                ),
                idea: format!("Kokeillaan yhteistä mallia: *{adjective}* {noun}, joka kytkeytyy {other}iin."),
                theme_id: theme_ids.choose(&mut rng).copied(),
                organisation_ids,
            });
            let id = id_at(&mut rng, created_at);
            if i % REVIEWED_EVERY == 0 {
                reviewed.push((id, created_at));
            }
            if i % sample_every == 0 && sample_ids.len() < SAMPLE {
                sample_ids.push(id);
            }
            // Between none and twice the average, from distinct people other than the author.
            let wanted = rng.random_range(0..=2 * o.thumbs_per_proposal).min(o.users - 1);
            let mut voters = rand::seq::index::sample(&mut rng, o.users, wanted + 1).into_vec();
            voters.retain(|v| *v != author_index);
            voters.truncate(wanted);
            let proposal_thumbs: Vec<(UserId, DateTime<Utc>)> = voters
                .into_iter()
                .filter_map(|v| user_org.get(v).map(|(u, _)| (*u, at_between(&mut rng, created_at, now))))
                .collect();
            let mut comment_times: Vec<DateTime<Utc>> =
                (0..rng.random_range(0..3)).map(|_| at_between(&mut rng, created_at, now)).collect();
            comment_times.sort();
            let proposal_comments: Vec<BenchComment> = comment_times
                .into_iter()
                .filter_map(|at| {
                    let author = user_org.choose(&mut rng).map(|(u, _)| *u)?;
                    let body = COMMENTS.choose(&mut rng).copied()?.to_owned();
                    Some(BenchComment { id: id_at(&mut rng, at), author_id: author, body, created_at: at })
                })
                .collect();
            thumbs += proposal_thumbs.len();
            comments += proposal_comments.len();
            batch.push(BenchProposal {
                id,
                number,
                author_id: author,
                language: Language::Fi,
                text,
                created_at,
                thumbs: proposal_thumbs,
                comments: proposal_comments,
            });
        }
        let txn = begin_write(db).await?;
        siilo_store::bench_seed::insert_proposals(&txn, call.id, call.created_at, &batch).await?;
        txn.commit().await?;
    }
    let txn = begin_write(db).await?;
    siilo_store::bench_seed::set_proposal_seq(&txn, call.id, number).await?;
    // The rows went in without their cross-administrative reach: one pass sets it.
    siilo_store::reach::refresh_all(&txn).await?;
    txn.commit().await?;
    let evaluators: Vec<Uuid> = users.iter().take(EVALUATORS).map(|u| u.id.0).collect();
    seed_reviews(db, &mut rng, call.id, &evaluators, &reviewed, now).await?;
    let wrong = siilo_store::bench_seed::check_counters(db, call.id).await?;
    if wrong != 0 {
        anyhow::bail!("{wrong} counters or numbers disagree with the rows after seeding");
    }
    Ok(Summary {
        call_id: call.id,
        call_slug: BENCH_CALL_SLUG,
        proposals: o.proposals,
        users: o.users,
        thumbs,
        comments,
        password: BENCH_PASSWORD,
        emails: (0..load_users).map(email).collect(),
        admin_email: email(o.users.saturating_sub(1)),
        proposal_ids: sample_ids,
        evaluator_emails: (0..EVALUATORS.min(o.users)).map(email).collect(),
        search_words: NOUNS.to_vec(),
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// Every this many proposals one is reviewed, by [`REVIEWERS`] of the [`EVALUATORS`].
const REVIEWED_EVERY: usize = 10;
const EVALUATORS: usize = 4;
const REVIEWERS: usize = 3;
const CRITERIA: [(&str, f64); 4] =
    [("Poikkihallinnollisuus", 2.0), ("Toteutettavuus", 1.0), ("Uutuus", 1.0), ("Hyöty kansalaisille", 1.5)];

/// Four criteria, the first participants as evaluators, and [`REVIEWERS`] submitted reviews
/// of every [`REVIEWED_EVERY`]th proposal, in one transaction.
async fn seed_reviews(
    db: &Db,
    rng: &mut StdRng,
    call_id: Uuid,
    evaluators: &[Uuid],
    reviewed: &[(Uuid, DateTime<Utc>)],
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    use siilo_domain::evaluation::Recommendation;
    use siilo_store::evaluation::bench::{self, BenchReview};
    let criteria: Vec<(Uuid, &str, f64)> =
        CRITERIA.iter().map(|(name, w)| (id_at(rng, now - TimeDelta::days(20)), *name, *w)).collect();
    let mut reviews = Vec::new();
    for (k, (proposal_id, created_at)) in reviewed.iter().enumerate() {
        for j in 0..REVIEWERS.min(evaluators.len()) {
            let Some(evaluator) = evaluators.get((k + j) % evaluators.len()) else { continue };
            let at = at_between(rng, *created_at, now);
            let recommendation = [Recommendation::Shortlist, Recommendation::Maybe, Recommendation::Reject]
                .choose(rng)
                .copied()
                .unwrap_or(Recommendation::Maybe);
            reviews.push(BenchReview {
                id: id_at(rng, at),
                proposal_id: *proposal_id,
                evaluator_id: *evaluator,
                recommendation,
                scores: criteria.iter().map(|(c, _, _)| (*c, rng.random_range(1..=5))).collect(),
                at,
            });
        }
    }
    let txn = begin_write(db).await?;
    bench::insert(&txn, call_id, &criteria, evaluators, &reviews, now).await?;
    txn.commit().await?;
    Ok(())
}

fn users_first(users: &[BenchUser]) -> UserId {
    users.first().map_or_else(UserId::new, |u| u.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn seeded(seed: u64) -> (tempfile::TempDir, Db, Summary) {
        let dir = tempfile::tempdir().unwrap();
        let db =
            siilo_store::connect(&format!("sqlite://{}/bench.db", dir.path().display()), 4).await.unwrap();
        siilo_store::migrate(&db).await.unwrap();
        let options = Options { proposals: 45, users: 12, thumbs_per_proposal: 3, seed };
        let summary = seed_bench(&db, &options).await;
        (dir, db, summary)
    }

    async fn seed_bench(db: &Db, o: &Options) -> Summary {
        super::seed(db, o).await.unwrap()
    }

    #[tokio::test]
    async fn a_seeded_call_has_counters_equal_to_its_rows_and_the_same_seed_gives_the_same_data() {
        let (_dir, db, a) = seeded(7).await;
        assert_eq!(a.proposals, 45);
        assert!(a.thumbs > 0 && a.comments > 0);
        assert_eq!(siilo_store::bench_seed::check_counters(&db, a.call_id).await.unwrap(), 0);
        // The listed participants wrote nothing, so they may thumb any proposal.
        assert_eq!(a.emails, (0..6).map(email).collect::<Vec<_>>());
        assert!(
            seed(&db, &Options { proposals: 1, users: 2, thumbs_per_proposal: 0, seed: 7 }).await.is_err()
        );

        let (_dir2, _db2, b) = seeded(7).await;
        // Ids carry the time of seeding; their random part comes from the seed.
        let random =
            |s: &Summary| s.proposal_ids.iter().map(|id| id.as_bytes()[8..].to_vec()).collect::<Vec<_>>();
        assert_eq!((a.thumbs, a.comments, random(&a)), (b.thumbs, b.comments, random(&b)));
        let (_dir3, _db3, c) = seeded(8).await;
        assert_ne!(random(&a), random(&c));
    }
}
