//! The main central-government agencies of each ministry's administrative branch
//! (*hallinnonala*), from the Government's public list, with their names in fi/sv/en, their
//! abbreviations and their staff email domains, so that registration places their staff.
//!
//! Left out on purpose:
//! - state-owned enterprises and companies;
//! - Valvira, merged into the Lupa- ja valvontavirasto at the start of 2026: its successor's
//!   branch and email domain were not verified here, so admins add it;
//! - Syyttäjälaitos, which has no established abbreviation to use as its code.
//!
//! Idempotent against what admins already created: an agency whose code is taken, or whose
//! ministry is missing, is skipped, and so is a domain already held by another organisation.
//! Each seeded agency has a fixed id ([`agency_id`]), so `down` removes exactly those rows.

use sea_orm_migration::prelude::*;

use crate::m20261124_000001_create_organisations::Organisations;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Org {
    ShortNameFi,
    ShortNameSv,
    ShortNameEn,
    ParentId,
}

#[derive(DeriveIden)]
enum OrganisationDomains {
    Table,
    Domain,
    OrganisationId,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    OrganisationId,
}

#[derive(DeriveIden)]
enum ProposalOrganisations {
    Table,
    OrganisationId,
}

#[derive(DeriveIden)]
enum ProposalInterests {
    Table,
    OrganisationId,
}

#[derive(DeriveIden)]
enum Calls {
    Table,
    HostOrganisationId,
}

#[derive(DeriveIden)]
enum CallManagers {
    Table,
    OrganisationId,
}

/// One agency: its ministry's code, its own code, names fi/sv/en, abbreviations fi/sv/en
/// (the Swedish one where it exists, else the Swedish name when short enough, else the code)
/// and its staff email domains.
struct Agency {
    ministry: &'static str,
    code: &'static str,
    name: [&'static str; 3],
    short: [&'static str; 3],
    domains: &'static [&'static str],
}

const fn agency(
    ministry: &'static str,
    code: &'static str,
    name: [&'static str; 3],
    short: [&'static str; 3],
    domains: &'static [&'static str],
) -> Agency {
    Agency { ministry, code, name, short, domains }
}

/// Never reordered nor shortened once landed: an agency's place gives its id.
const AGENCIES: &[Agency] = &[
    // Valtiovarainministeriön hallinnonala
    agency(
        "VM",
        "VERO",
        ["Verohallinto", "Skatteförvaltningen", "Finnish Tax Administration"],
        ["Vero", "Skatteförvaltningen", "Vero"],
        &["vero.fi"],
    ),
    agency(
        "VM",
        "TULLI",
        ["Tulli", "Tullen", "Finnish Customs"],
        ["Tulli", "Tullen", "Customs"],
        &["tulli.fi"],
    ),
    agency(
        "VM",
        "TK",
        ["Tilastokeskus", "Statistikcentralen", "Statistics Finland"],
        ["Tilastokeskus", "Statistikcentralen", "TK"],
        &["stat.fi"],
    ),
    agency(
        "VM",
        "VK",
        ["Valtiokonttori", "Statskontoret", "State Treasury"],
        ["Valtiokonttori", "Statskontoret", "VK"],
        &["valtiokonttori.fi"],
    ),
    agency(
        "VM",
        "DVV",
        [
            "Digi- ja väestötietovirasto",
            "Myndigheten för digitalisering och befolkningsdata",
            "Digital and Population Data Services Agency",
        ],
        ["DVV", "MDB", "DVV"],
        &["dvv.fi"],
    ),
    // Sosiaali- ja terveysministeriön hallinnonala
    agency(
        "STM",
        "THL",
        [
            "Terveyden ja hyvinvoinnin laitos",
            "Institutet för hälsa och välfärd",
            "Finnish Institute for Health and Welfare",
        ],
        ["THL", "THL", "THL"],
        &["thl.fi"],
    ),
    agency(
        "STM",
        "FIMEA",
        [
            "Lääkealan turvallisuus- ja kehittämiskeskus Fimea",
            "Säkerhets- och utvecklingscentret för läkemedelsområdet Fimea",
            "Finnish Medicines Agency Fimea",
        ],
        ["Fimea", "Fimea", "Fimea"],
        &["fimea.fi"],
    ),
    agency(
        "STM",
        "STUK",
        ["Säteilyturvakeskus", "Strålsäkerhetscentralen", "Radiation and Nuclear Safety Authority"],
        ["STUK", "STUK", "STUK"],
        &["stuk.fi"],
    ),
    agency(
        "STM",
        "TTL",
        ["Työterveyslaitos", "Arbetshälsoinstitutet", "Finnish Institute of Occupational Health"],
        ["TTL", "TTL", "TTL"],
        &["ttl.fi"],
    ),
    // Kela answers to Parliament, not to a ministry, so it has no administrative branch of
    // its own in the Government's list; the Siilonmurtajat call names it and it works in the
    // field of social security with STM, so Siilo counts it in STM's branch.
    agency(
        "STM",
        "KELA",
        ["Kansaneläkelaitos", "Folkpensionsanstalten", "Social Insurance Institution of Finland"],
        ["Kela", "FPA", "Kela"],
        &["kela.fi"],
    ),
    // Liikenne- ja viestintäministeriön hallinnonala
    agency(
        "LVM",
        "TRAFICOM",
        [
            "Liikenne- ja viestintävirasto Traficom",
            "Transport- och kommunikationsverket Traficom",
            "Finnish Transport and Communications Agency Traficom",
        ],
        ["Traficom", "Traficom", "Traficom"],
        &["traficom.fi"],
    ),
    agency(
        "LVM",
        "VAYLA",
        ["Väylävirasto", "Trafikledsverket", "Finnish Transport Infrastructure Agency"],
        ["Väylä", "Trafikledsverket", "Väylä"],
        &["vayla.fi"],
    ),
    agency(
        "LVM",
        "IL",
        ["Ilmatieteen laitos", "Meteorologiska institutet", "Finnish Meteorological Institute"],
        ["IL", "FMI", "FMI"],
        &["fmi.fi"],
    ),
    // Työ- ja elinkeinoministeriön hallinnonala
    agency(
        "TEM",
        "EV",
        ["Energiavirasto", "Energimyndigheten", "Energy Authority"],
        ["Energiavirasto", "Energimyndigheten", "EV"],
        &["energiavirasto.fi"],
    ),
    agency(
        "TEM",
        "KKV",
        [
            "Kilpailu- ja kuluttajavirasto",
            "Konkurrens- och konsumentverket",
            "Finnish Competition and Consumer Authority",
        ],
        ["KKV", "KKV", "FCCA"],
        &["kkv.fi"],
    ),
    agency(
        "TEM",
        "TUKES",
        [
            "Turvallisuus- ja kemikaalivirasto",
            "Säkerhets- och kemikalieverket",
            "Finnish Safety and Chemicals Agency",
        ],
        ["Tukes", "Tukes", "Tukes"],
        &["tukes.fi"],
    ),
    agency(
        "TEM",
        "PRH",
        [
            "Patentti- ja rekisterihallitus",
            "Patent- och registerstyrelsen",
            "Finnish Patent and Registration Office",
        ],
        ["PRH", "PRS", "PRH"],
        &["prh.fi"],
    ),
    agency(
        "TEM",
        "BF",
        ["Business Finland", "Business Finland", "Business Finland"],
        ["BF", "BF", "BF"],
        &["businessfinland.fi"],
    ),
    // Sisäministeriön hallinnonala
    agency(
        "SM",
        "POHA",
        ["Poliisihallitus", "Polisstyrelsen", "National Police Board"],
        ["Poliisihallitus", "Polisstyrelsen", "POHA"],
        &["poliisi.fi"],
    ),
    agency(
        "SM",
        "MIGRI",
        ["Maahanmuuttovirasto", "Migrationsverket", "Finnish Immigration Service"],
        ["Migri", "Migri", "Migri"],
        &["migri.fi"],
    ),
    agency(
        "SM",
        "RVL",
        ["Rajavartiolaitos", "Gränsbevakningsväsendet", "Finnish Border Guard"],
        ["RVL", "RVL", "RVL"],
        &["raja.fi"],
    ),
    // Oikeusministeriön hallinnonala
    agency(
        "OM",
        "ORK",
        ["Oikeusrekisterikeskus", "Rättsregistercentralen", "Legal Register Centre"],
        ["ORK", "ORK", "ORK"],
        &["oikeusrekisterikeskus.fi"],
    ),
    agency(
        "OM",
        "RISE",
        ["Rikosseuraamuslaitos", "Brottspåföljdsmyndigheten", "Criminal Sanctions Agency"],
        ["RISE", "RISE", "RISE"],
        &["rikosseuraamus.fi"],
    ),
    // Opetus- ja kulttuuriministeriön hallinnonala
    agency(
        "OKM",
        "OPH",
        ["Opetushallitus", "Utbildningsstyrelsen", "Finnish National Agency for Education"],
        ["OPH", "Utbildningsstyrelsen", "EDUFI"],
        &["oph.fi"],
    ),
    agency(
        "OKM",
        "KA",
        ["Kansallisarkisto", "Riksarkivet", "National Archives of Finland"],
        ["Kansallisarkisto", "Riksarkivet", "KA"],
        &["kansallisarkisto.fi"],
    ),
    agency(
        "OKM",
        "MV",
        ["Museovirasto", "Museiverket", "Finnish Heritage Agency"],
        ["Museovirasto", "Museiverket", "MV"],
        &["museovirasto.fi"],
    ),
    // Maa- ja metsätalousministeriön hallinnonala
    agency(
        "MMM",
        "RUOKAVIRASTO",
        ["Ruokavirasto", "Livsmedelsverket", "Finnish Food Authority"],
        ["Ruokavirasto", "Livsmedelsverket", "Ruokavirasto"],
        &["ruokavirasto.fi"],
    ),
    agency(
        "MMM",
        "LUKE",
        ["Luonnonvarakeskus", "Naturresursinstitutet", "Natural Resources Institute Finland"],
        ["Luke", "Luke", "Luke"],
        &["luke.fi"],
    ),
    agency(
        "MMM",
        "MML",
        ["Maanmittauslaitos", "Lantmäteriverket", "National Land Survey of Finland"],
        ["MML", "LMV", "NLS"],
        &["maanmittauslaitos.fi"],
    ),
    // Ympäristöministeriön hallinnonala
    agency(
        "YM",
        "SYKE",
        ["Suomen ympäristökeskus", "Finlands miljöcentral", "Finnish Environment Institute"],
        ["SYKE", "SYKE", "SYKE"],
        &["syke.fi"],
    ),
    // Puolustusministeriön hallinnonala
    agency(
        "PLM",
        "PV",
        ["Puolustusvoimat", "Försvarsmakten", "Finnish Defence Forces"],
        ["PV", "Försvarsmakten", "FDF"],
        &["mil.fi"],
    ),
];

/// The fixed id of the `index`th seeded agency: never made by `Uuid::now_v7`, so `down` can
/// tell the seeded rows from an admin's.
fn agency_id(index: usize) -> uuid::Uuid {
    const BASE: u128 = 0x5111_0000_0000_4000_8000_0000_0000_0000;
    uuid::Uuid::from_u128(BASE + index as u128 + 1)
}

fn seeded_ids() -> Vec<uuid::Uuid> {
    (0..AGENCIES.len()).map(agency_id).collect()
}

async fn id_of(
    db: &SchemaManagerConnection<'_>,
    column: Organisations,
    value: &str,
) -> Result<Option<uuid::Uuid>, DbErr> {
    let select = Query::select()
        .column(Organisations::Id)
        .from(Organisations::Table)
        .and_where(Expr::col(column).eq(value))
        .to_owned();
    match db.query_one(&select).await? {
        Some(row) => Ok(Some(row.try_get("", "id")?)),
        None => Ok(None),
    }
}

async fn domain_taken(db: &SchemaManagerConnection<'_>, domain: &str) -> Result<bool, DbErr> {
    let select = Query::select()
        .column(OrganisationDomains::Domain)
        .from(OrganisationDomains::Table)
        .and_where(Expr::col(OrganisationDomains::Domain).eq(domain))
        .to_owned();
    Ok(db.query_one(&select).await?.is_some())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let now = chrono::Utc::now();
        for (i, a) in AGENCIES.iter().enumerate() {
            if id_of(db, Organisations::Code, a.code).await?.is_some() {
                continue;
            }
            let Some(parent) = id_of(db, Organisations::Code, a.ministry).await? else {
                continue;
            };
            let id = agency_id(i);
            let [fi, sv, en] = a.name;
            let [short_fi, short_sv, short_en] = a.short;
            manager
                .exec_stmt(
                    Query::insert()
                        .into_table(Organisations::Table)
                        .columns([
                            Organisations::Id.into_iden(),
                            Organisations::Code.into_iden(),
                            Organisations::NameFi.into_iden(),
                            Organisations::NameSv.into_iden(),
                            Organisations::NameEn.into_iden(),
                            Org::ShortNameFi.into_iden(),
                            Org::ShortNameSv.into_iden(),
                            Org::ShortNameEn.into_iden(),
                            Org::ParentId.into_iden(),
                            Organisations::CreatedAt.into_iden(),
                            Organisations::UpdatedAt.into_iden(),
                        ])
                        .values_panic([
                            id.into(),
                            a.code.into(),
                            fi.into(),
                            sv.into(),
                            en.into(),
                            short_fi.into(),
                            short_sv.into(),
                            short_en.into(),
                            parent.into(),
                            now.into(),
                            now.into(),
                        ])
                        .to_owned(),
                )
                .await?;
            for domain in a.domains {
                if domain_taken(db, domain).await? {
                    continue;
                }
                manager
                    .exec_stmt(
                        Query::insert()
                            .into_table(OrganisationDomains::Table)
                            .columns([OrganisationDomains::Domain, OrganisationDomains::OrganisationId])
                            .values_panic([(*domain).into(), id.into()])
                            .to_owned(),
                    )
                    .await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let ids = seeded_ids();
        // Whatever came to point at a seeded agency moves to its ministry (its branch); a
        // proposal's named organisations cannot (the ministry may be named too): those go.
        let parent_of = |table: DynIden, column: DynIden| {
            let parent = Query::select()
                .column(Org::ParentId)
                .from(Organisations::Table)
                .and_where(
                    Expr::col((Organisations::Table, Organisations::Id))
                        .equals((table.clone(), column.clone())),
                )
                .to_owned();
            Query::update()
                .table(table)
                .value(
                    column.clone(),
                    SimpleExpr::SubQuery(None, Box::new(parent.into_sub_query_statement())),
                )
                .and_where(Expr::col(column).is_in(ids.clone()))
                .to_owned()
        };
        manager.exec_stmt(parent_of(Users::Table.into_iden(), Users::OrganisationId.into_iden())).await?;
        manager
            .exec_stmt(parent_of(
                ProposalInterests::Table.into_iden(),
                ProposalInterests::OrganisationId.into_iden(),
            ))
            .await?;
        manager.exec_stmt(parent_of(Calls::Table.into_iden(), Calls::HostOrganisationId.into_iden())).await?;
        manager
            .exec_stmt(parent_of(CallManagers::Table.into_iden(), CallManagers::OrganisationId.into_iden()))
            .await?;
        manager
            .exec_stmt(
                Query::delete()
                    .from_table(ProposalOrganisations::Table)
                    .and_where(Expr::col(ProposalOrganisations::OrganisationId).is_in(ids.clone()))
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::delete()
                    .from_table(OrganisationDomains::Table)
                    .and_where(Expr::col(OrganisationDomains::OrganisationId).is_in(ids.clone()))
                    .to_owned(),
            )
            .await?;
        // Nothing has a seeded agency as its parent: the domain rule keeps agencies childless.
        manager
            .exec_stmt(
                Query::delete()
                    .from_table(Organisations::Table)
                    .and_where(Expr::col(Organisations::Id).is_in(ids))
                    .to_owned(),
            )
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agency_codes_and_domains_are_unique_and_well_formed() {
        let mut codes = std::collections::HashSet::new();
        let mut domains = std::collections::HashSet::new();
        for a in AGENCIES {
            assert!(codes.insert(a.code), "{} twice", a.code);
            assert!(
                (2..=12).contains(&a.code.len()) && a.code.chars().all(|c| c.is_ascii_uppercase()),
                "{}",
                a.code
            );
            for s in a.short {
                assert!(s.chars().count() <= 20 && s.chars().all(|c| c.is_alphanumeric() || c == '-'), "{s}");
            }
            for d in a.domains {
                assert!(domains.insert(*d), "{d} twice");
            }
        }
    }
}
