//! The web client's files go out compressed: the build writes brotli and gzip copies beside
//! them (`app.js.br`, `app.js.gz`) and the server sends the one the browser accepts best.

use std::io::{Read, Write};
use std::path::Path;

use reqwest::header::HeaderMap;
use reqwest::{Method, Response};
use rstest_reuse::apply;

use crate::util::{Db, TestApp, both_dbs};

const SCRIPT: &str = "/assets/app-1a2b3c.js";
const INDEX: &str =
    "<!doctype html><title>Siilo</title><script type=module src=/assets/app-1a2b3c.js></script>";

fn script() -> Vec<u8> {
    "export const greeting = () => console.log('siilo');\n".repeat(200).into_bytes()
}

fn brotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 4096, 11, 22);
        writer.write_all(bytes).unwrap();
    }
    out
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut writer = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    writer.write_all(bytes).unwrap();
    writer.finish().unwrap()
}

fn unbrotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::Decompressor::new(bytes, 4096).read_to_end(&mut out).unwrap();
    out
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes).read_to_end(&mut out).unwrap();
    out
}

/// A built client as vite writes it: the script and the index with their compressed copies,
/// and a small file without any (as below the build's threshold).
fn built_client() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: &[u8]| std::fs::write(dir.path().join(name), bytes).unwrap();
    std::fs::create_dir(dir.path().join("assets")).unwrap();
    for (name, bytes) in [("index.html", INDEX.as_bytes().to_vec()), ("assets/app-1a2b3c.js", script())] {
        write(name, &bytes);
        write(&format!("{name}.br"), &brotli(&bytes));
        write(&format!("{name}.gz"), &gzip(&bytes));
    }
    write("favicon.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>");
    dir
}

async fn spawn_with_client(db: Db, dir: &Path) -> TestApp {
    let dir = dir.to_path_buf();
    TestApp::spawn_with(db, move |c: &mut siilo_server::Config| c.static_dir = dir).await
}

async fn send(app: &TestApp, method: Method, path: &str, headers: &[(&str, &str)]) -> Response {
    let mut req = app.client.request(method, app.url(path));
    for (name, value) in headers {
        req = req.header(*name, *value);
    }
    req.send().await.unwrap()
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> &'a str {
    headers.get(name).map(|v| v.to_str().unwrap()).unwrap_or("")
}

fn content_length(headers: &HeaderMap) -> usize {
    header(headers, "content-length").parse().unwrap()
}

/// What every answer for the script carries, whatever its encoding.
fn assert_script_headers(headers: &HeaderMap) {
    assert!(header(headers, "content-type").contains("javascript"), "{headers:?}");
    assert_eq!(header(headers, "cache-control"), "public, max-age=31536000, immutable");
    assert!(header(headers, "content-security-policy").contains("script-src 'self'"), "{headers:?}");
    assert_eq!(header(headers, "x-content-type-options"), "nosniff");
    assert!(varies_by_encoding(headers), "{headers:?}");
}

/// Whether caches are told that the answer depends on `Accept-Encoding` (CORS adds its own).
fn varies_by_encoding(headers: &HeaderMap) -> bool {
    header(headers, "vary").split(',').any(|v| v.trim().eq_ignore_ascii_case("accept-encoding"))
}

#[apply(both_dbs)]
async fn assets_go_out_in_the_encoding_the_browser_accepts(db: Db) {
    let client = built_client();
    let app = spawn_with_client(db, client.path()).await;

    let br = send(&app, Method::GET, SCRIPT, &[("accept-encoding", "br")]).await;
    assert_eq!(br.status(), 200);
    assert_script_headers(br.headers());
    assert_eq!(header(br.headers(), "content-encoding"), "br");
    let br_length = content_length(br.headers());
    let body = br.bytes().await.unwrap();
    assert_eq!(body.len(), br_length);
    assert!(body.len() < script().len() / 10, "{} bytes", body.len());
    assert_eq!(unbrotli(&body), script());

    let gz = send(&app, Method::GET, SCRIPT, &[("accept-encoding", "gzip")]).await;
    assert_eq!(gz.status(), 200);
    assert_script_headers(gz.headers());
    assert_eq!(header(gz.headers(), "content-encoding"), "gzip");
    let gz_length = content_length(gz.headers());
    let body = gz.bytes().await.unwrap();
    assert_eq!(body.len(), gz_length);
    assert_eq!(gunzip(&body), script());

    let plain = send(&app, Method::GET, SCRIPT, &[]).await;
    assert_eq!(plain.status(), 200);
    assert_script_headers(plain.headers());
    assert!(!plain.headers().contains_key("content-encoding"), "{:?}", plain.headers());
    assert_eq!(content_length(plain.headers()), script().len());
    assert_eq!(plain.bytes().await.unwrap(), script());

    // A browser's list takes brotli; weights are honoured; an encoding the build did not
    // write (zstd) or one the client refuses falls back to the next or to the file as it is.
    for (accept, expected) in [
        ("gzip, deflate, br, zstd", "br"),
        ("br;q=0.5, gzip", "gzip"),
        ("zstd", ""),
        ("identity", ""),
        ("br;q=0, gzip;q=0", ""),
    ] {
        let res = send(&app, Method::GET, SCRIPT, &[("accept-encoding", accept)]).await;
        assert_eq!(res.status(), 200, "{accept}");
        assert_eq!(header(res.headers(), "content-encoding"), expected, "{accept}");
        let body = res.bytes().await.unwrap();
        let decoded = match expected {
            "br" => unbrotli(&body),
            "gzip" => gunzip(&body),
            _ => body.to_vec(),
        };
        assert_eq!(decoded, script(), "{accept}");
    }
}

#[apply(both_dbs)]
async fn head_and_ranges_on_compressed_assets_behave(db: Db) {
    let client = built_client();
    let app = spawn_with_client(db, client.path()).await;

    let head = send(&app, Method::HEAD, SCRIPT, &[("accept-encoding", "br, gzip")]).await;
    assert_eq!(head.status(), 200);
    assert_script_headers(head.headers());
    assert_eq!(header(head.headers(), "content-encoding"), "br");
    assert_eq!(content_length(head.headers()), brotli(&script()).len());
    assert!(head.bytes().await.unwrap().is_empty());

    // A byte range is one of the file as it is, whatever the client accepts: ranges of a
    // compressed copy would be of no use to a client that resumes a download of the original.
    let range =
        send(&app, Method::GET, SCRIPT, &[("accept-encoding", "br, gzip"), ("range", "bytes=7-16")]).await;
    assert_eq!(range.status(), 206);
    assert_eq!(header(range.headers(), "content-range"), format!("bytes 7-16/{}", script().len()));
    let encoding = header(range.headers(), "content-encoding");
    assert!(encoding.is_empty() || encoding == "identity", "{encoding}");
    assert_eq!(header(range.headers(), "cache-control"), "public, max-age=31536000, immutable");
    assert_eq!(range.bytes().await.unwrap(), script()[7..17]);

    let beyond =
        send(&app, Method::GET, SCRIPT, &[("accept-encoding", "br"), ("range", "bytes=999999-")]).await;
    assert_eq!(beyond.status(), 416);
}

#[apply(both_dbs)]
async fn the_index_goes_out_compressed_for_every_client_route(db: Db) {
    let client = built_client();
    let app = spawn_with_client(db, client.path()).await;

    for path in ["/", "/index.html", "/calls/siilonmurtajat-2026", "/proposals/123/edit"] {
        let res = send(&app, Method::GET, path, &[("accept-encoding", "gzip, deflate, br")]).await;
        assert_eq!(res.status(), 200, "{path}");
        assert_eq!(header(res.headers(), "content-encoding"), "br", "{path}");
        assert!(header(res.headers(), "content-type").starts_with("text/html"), "{path}");
        assert_eq!(header(res.headers(), "cache-control"), "no-cache", "{path}");
        assert!(header(res.headers(), "content-security-policy").contains("script-src 'self'"), "{path}");
        assert!(varies_by_encoding(res.headers()), "{path}");
        assert_eq!(unbrotli(&res.bytes().await.unwrap()), INDEX.as_bytes(), "{path}");

        let plain = send(&app, Method::GET, path, &[]).await;
        assert!(!plain.headers().contains_key("content-encoding"), "{path}");
        assert_eq!(plain.text().await.unwrap(), INDEX, "{path}");
    }

    // A file the build left uncompressed goes out as it is.
    let icon = send(&app, Method::GET, "/favicon.svg", &[("accept-encoding", "br, gzip")]).await;
    assert_eq!(icon.status(), 200);
    assert!(!icon.headers().contains_key("content-encoding"));
    assert_eq!(header(icon.headers(), "content-type"), "image/svg+xml");

    // An API miss is the API's problem, not the client's index.
    let miss = send(&app, Method::GET, "/api/v1/nothing-here", &[]).await;
    assert_eq!(miss.status(), 404);
    assert_eq!(header(miss.headers(), "content-type"), "application/problem+json");
}

#[apply(both_dbs)]
async fn compressed_copies_do_not_open_other_paths(db: Db) {
    let client = built_client();
    let app = spawn_with_client(db, client.path()).await;

    // A traversal attempt or a hidden file gets nothing compressed from outside the folder.
    std::fs::write(client.path().join(".secret"), b"secret").unwrap();
    std::fs::write(client.path().join(".secret.br"), brotli(b"secret")).unwrap();
    for path in ["/.secret", "/assets/..%2F.secret", "/assets/../../etc/passwd"] {
        let res = send(&app, Method::GET, path, &[("accept-encoding", "br")]).await;
        let body = res.bytes().await.unwrap();
        assert!(!body.windows(6).any(|w| w == b"secret"), "{path}");
        assert_ne!(body.as_ref(), brotli(b"secret").as_slice(), "{path}");
    }
    // Asking for a compressed copy by name is asking for a file like any other, not a way
    // to get a differently encoded answer.
    let copy = send(&app, Method::GET, "/assets/app-1a2b3c.js.br", &[("accept-encoding", "br")]).await;
    assert_ne!(header(copy.headers(), "content-encoding"), "br");
}

#[apply(both_dbs)]
async fn api_answers_go_out_compressed_when_the_client_accepts_it(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let call = admin.open_call().await;
    let author = app.participant("Aino").await;
    for _ in 0..5 {
        author.submit(&call).await;
    }
    let list = format!("/api/v1/calls/{}/proposals?sort=newest", call.id);

    let plain = send(&app, Method::GET, &list, &[]).await;
    assert_eq!(plain.status(), 200);
    assert_eq!(header(plain.headers(), "content-encoding"), "");
    let plain = plain.bytes().await.unwrap();
    let page: serde_json::Value = serde_json::from_slice(&plain).unwrap();
    assert_eq!(page["items"].as_array().unwrap().len(), 5);

    let br = send(&app, Method::GET, &list, &[("accept-encoding", "br")]).await;
    assert_eq!(br.status(), 200);
    assert_eq!(header(br.headers(), "content-encoding"), "br");
    assert!(varies_by_encoding(br.headers()), "{:?}", br.headers());
    assert!(header(br.headers(), "content-type").starts_with("application/json"));
    let body = br.bytes().await.unwrap();
    assert!(body.len() < plain.len() / 3, "{} of {} bytes", body.len(), plain.len());
    assert_eq!(unbrotli(&body), plain);

    let gz = send(&app, Method::GET, &list, &[("accept-encoding", "gzip")]).await;
    assert_eq!(header(gz.headers(), "content-encoding"), "gzip");
    assert_eq!(gunzip(&gz.bytes().await.unwrap()), plain);

    // Problems are compressed like any answer and stay problem+json.
    let missing = send(&app, Method::GET, "/api/v1/proposals/nope", &[("accept-encoding", "gzip")]).await;
    assert_eq!(missing.status(), 404);
    assert!(header(missing.headers(), "content-type").starts_with("application/problem+json"));
    let problem: serde_json::Value =
        serde_json::from_slice(&gunzip(&missing.bytes().await.unwrap())).unwrap();
    assert_eq!(problem["code"], "not_found");
}
