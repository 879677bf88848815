//! Organisations (ministries and agencies) with their staff's email domains, seeded with
//! the twelve Finnish ministries.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum Organisations {
    Table,
    Id,
    Code,
    NameFi,
    NameSv,
    NameEn,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum OrganisationDomains {
    Table,
    Domain,
    OrganisationId,
}

/// code, names in fi/sv/en, email domains.
const MINISTRIES: [(&str, &str, &str, &str, &[&str]); 12] = [
    ("VNK", "Valtioneuvoston kanslia", "Statsrådets kansli", "Prime Minister's Office", &["vnk.fi"]),
    ("UM", "Ulkoministeriö", "Utrikesministeriet", "Ministry for Foreign Affairs", &["formin.fi", "um.fi"]),
    (
        "OM",
        "Oikeusministeriö",
        "Justitieministeriet",
        "Ministry of Justice",
        &["om.fi", "oikeusministerio.fi"],
    ),
    ("SM", "Sisäministeriö", "Inrikesministeriet", "Ministry of the Interior", &["intermin.fi", "sm.fi"]),
    ("PLM", "Puolustusministeriö", "Försvarsministeriet", "Ministry of Defence", &["defmin.fi"]),
    ("VM", "Valtiovarainministeriö", "Finansministeriet", "Ministry of Finance", &["vm.fi"]),
    (
        "OKM",
        "Opetus- ja kulttuuriministeriö",
        "Undervisnings- och kulturministeriet",
        "Ministry of Education and Culture",
        &["minedu.fi", "okm.fi"],
    ),
    (
        "MMM",
        "Maa- ja metsätalousministeriö",
        "Jord- och skogsbruksministeriet",
        "Ministry of Agriculture and Forestry",
        &["mmm.fi"],
    ),
    (
        "LVM",
        "Liikenne- ja viestintäministeriö",
        "Kommunikationsministeriet",
        "Ministry of Transport and Communications",
        &["lvm.fi"],
    ),
    (
        "TEM",
        "Työ- ja elinkeinoministeriö",
        "Arbets- och näringsministeriet",
        "Ministry of Economic Affairs and Employment",
        &["tem.fi"],
    ),
    (
        "STM",
        "Sosiaali- ja terveysministeriö",
        "Social- och hälsovårdsministeriet",
        "Ministry of Social Affairs and Health",
        &["stm.fi"],
    ),
    ("YM", "Ympäristöministeriö", "Miljöministeriet", "Ministry of the Environment", &["ym.fi"]),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Organisations::Table)
                    .col(pk_uuid(Organisations::Id))
                    .col(string_len_uniq(Organisations::Code, 12))
                    .col(string_len(Organisations::NameFi, 200))
                    .col(string_len(Organisations::NameSv, 200))
                    .col(string_len(Organisations::NameEn, 200))
                    .col(timestamp_with_time_zone(Organisations::CreatedAt))
                    .col(timestamp_with_time_zone(Organisations::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(OrganisationDomains::Table)
                    .col(string_len(OrganisationDomains::Domain, 253).primary_key())
                    .col(uuid(OrganisationDomains::OrganisationId))
                    .foreign_key(
                        ForeignKey::create()
                            .from(OrganisationDomains::Table, OrganisationDomains::OrganisationId)
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_organisation_domains_organisation")
                    .table(OrganisationDomains::Table)
                    .col(OrganisationDomains::OrganisationId)
                    .to_owned(),
            )
            .await?;

        let now = chrono::Utc::now();
        for (code, fi, sv, en, domains) in MINISTRIES {
            let id = uuid::Uuid::now_v7();
            manager
                .exec_stmt(
                    Query::insert()
                        .into_table(Organisations::Table)
                        .columns([
                            Organisations::Id,
                            Organisations::Code,
                            Organisations::NameFi,
                            Organisations::NameSv,
                            Organisations::NameEn,
                            Organisations::CreatedAt,
                            Organisations::UpdatedAt,
                        ])
                        .values_panic([
                            id.into(),
                            code.into(),
                            fi.into(),
                            sv.into(),
                            en.into(),
                            now.into(),
                            now.into(),
                        ])
                        .to_owned(),
                )
                .await?;
            for domain in domains {
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
        manager.drop_table(Table::drop().table(OrganisationDomains::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Organisations::Table).to_owned()).await
    }
}
