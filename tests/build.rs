//! Emits `cfg(siilo_postgres)` when `SIILO_TEST_POSTGRES_URL` is set, so that the `both_dbs`
//! template marks the PostgreSQL cases as ignored (visibly, in cargo's output) without it.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(siilo_postgres)");
    println!("cargo::rerun-if-env-changed=SIILO_TEST_POSTGRES_URL");
    println!("cargo::rerun-if-changed=build.rs");
    if std::env::var("SIILO_TEST_POSTGRES_URL").is_ok_and(|url| !url.trim().is_empty()) {
        println!("cargo::rustc-cfg=siilo_postgres");
    }
}
