//! `siilo-floor`: the benchmark's floor, the least a server on Siilo's stack can do per
//! request. It runs on the same actix-web and sea-orm, connects with Siilo's own
//! [`siilo_store::connect`] (so the pool and the SQLite pragmas are the same by construction),
//! and serves four routes that `make bench` measures right before Siilo:
//!
//! - `GET /bare`: no database;
//! - `GET /row/{id}`: one proposal read by its primary key;
//! - `GET /rows/{call_id}?after=N`: 20 proposals read on the index `(call_id, number)`;
//! - `POST /insert`: one row inserted (into its own table `floor_writes`);
//! - `POST /verify`: one password checked with Siilo's own argon2 settings
//!   ([`siilo_server::auth::Passwords`]), the floor of a login.
//!
//! Settings: `FLOOR_DATABASE_URL` (a database seeded by `siilo seed-bench`), `FLOOR_BIND`
//! (default `127.0.0.1:8090`), `FLOOR_DB_MAX_CONNECTIONS` (default 16, as Siilo's).

use actix_web::{App, HttpResponse, HttpServer, get, post, web};
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbBackend, FromQueryResult, Statement, Value};
use serde::{Deserialize, Serialize};
use siilo_server::auth::Passwords;
use siilo_store::Db;
use uuid::Uuid;

#[derive(Serialize, FromQueryResult)]
struct Row {
    id: Uuid,
    number: i32,
    title: String,
    summary: String,
    thumb_count: i32,
    comment_count: i32,
    created_at: DateTime<Utc>,
}

const COLUMNS: &str = "id, number, title, summary, thumb_count, comment_count, created_at";

/// The SQL with `$n` placeholders written as `?` on SQLite.
fn statement(db: &Db, sql: &str, values: Vec<Value>) -> Statement {
    let backend = db.get_database_backend();
    let sql = match backend {
        DbBackend::Postgres => sql.to_owned(),
        _ => (1..=values.len())
            .rev()
            .fold(sql.to_owned(), |s, i| s.replace(&format!("${i}"), &format!("?{i}"))),
    };
    Statement::from_sql_and_values(backend, sql, values)
}

fn failed(e: impl std::fmt::Display) -> HttpResponse {
    HttpResponse::InternalServerError().body(e.to_string())
}

#[get("/bare")]
async fn bare() -> HttpResponse {
    HttpResponse::Ok().content_type("application/json").body(r#"{"status":"ok"}"#)
}

#[get("/row/{id}")]
async fn one_row(db: web::Data<Db>, id: web::Path<Uuid>) -> HttpResponse {
    let sql = format!("SELECT {COLUMNS} FROM proposals WHERE id = $1");
    match Row::find_by_statement(statement(&db, &sql, vec![id.into_inner().into()])).one(db.get_ref()).await {
        Ok(Some(r)) => HttpResponse::Ok().json(r),
        Ok(None) => HttpResponse::NotFound().finish(),
        Err(e) => failed(e),
    }
}

#[derive(Deserialize)]
struct After {
    #[serde(default)]
    after: i32,
}

#[get("/rows/{call_id}")]
async fn twenty_rows(db: web::Data<Db>, call_id: web::Path<Uuid>, q: web::Query<After>) -> HttpResponse {
    let sql = format!(
        "SELECT {COLUMNS} FROM proposals WHERE call_id = $1 AND number > $2 ORDER BY number LIMIT 20"
    );
    let values = vec![call_id.into_inner().into(), q.after.into()];
    match Row::find_by_statement(statement(&db, &sql, values)).all(db.get_ref()).await {
        Ok(r) => HttpResponse::Ok().json(r),
        Err(e) => failed(e),
    }
}

#[post("/insert")]
async fn insert(db: web::Data<Db>) -> HttpResponse {
    let id = Uuid::now_v7();
    let sql = "INSERT INTO floor_writes (id, body, created_at) VALUES ($1, $2, $3)";
    let values = vec![id.into(), "floor".into(), Utc::now().into()];
    match db.execute_raw(statement(&db, sql, values)).await {
        Ok(_) => HttpResponse::Created().json(serde_json::json!({ "id": id })),
        Err(e) => failed(e),
    }
}

struct Argon {
    passwords: Passwords,
    hash: String,
}

const PASSWORD: &str = "siilo-floor-password";

#[post("/verify")]
async fn verify(argon: web::Data<Argon>) -> HttpResponse {
    match argon.passwords.verify(PASSWORD.into(), Some(argon.hash.clone())).await {
        Ok(true) => HttpResponse::Ok().json(serde_json::json!({ "verified": true })),
        Ok(false) => HttpResponse::Unauthorized().finish(),
        Err(e) => failed(e),
    }
}

fn env_or(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_owned())
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let url = std::env::var("FLOOR_DATABASE_URL").map_err(|_| {
        std::io::Error::other("FLOOR_DATABASE_URL is not set (a database seeded by siilo seed-bench)")
    })?;
    let bind = env_or("FLOOR_BIND", "127.0.0.1:8090");
    let max: u32 = env_or("FLOOR_DB_MAX_CONNECTIONS", "16").parse().map_err(std::io::Error::other)?;
    let db = siilo_store::connect(&url, max).await.map_err(std::io::Error::other)?;
    let ddl = "CREATE TABLE IF NOT EXISTS floor_writes (id UUID PRIMARY KEY, body TEXT NOT NULL, \
               created_at TIMESTAMPTZ NOT NULL)";
    db.execute_unprepared(ddl).await.map_err(std::io::Error::other)?;
    let data = web::Data::new(db);
    let passwords = Passwords::default();
    let hash = passwords.hash(PASSWORD.into()).await.map_err(std::io::Error::other)?;
    let argon = web::Data::new(Argon { passwords, hash });
    let server = HttpServer::new(move || {
        App::new()
            .app_data(data.clone())
            .app_data(argon.clone())
            .service(bare)
            .service(one_row)
            .service(twenty_rows)
            .service(insert)
            .service(verify)
    })
    .bind(&bind)?;
    eprintln!("siilo-floor is serving at http://{bind}");
    server.run().await
}
