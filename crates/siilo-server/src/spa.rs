//! The built web client, served at `/` from `SIILO_STATIC_DIR` when it exists: files as
//! they are, `index.html` for client routes, and a problem+json 404 for `/api/...` misses.
//! A file that the build also wrote compressed (`app.js.br`, `app.js.gz`) is sent in the best
//! encoding the client accepts, with the type, length and headers of the original.
//! The call and proposal pages get the index with their own title, description and
//! canonical address (`page_head`). Its responses carry a Content-Security-Policy without
//! inline scripts; hashed assets are cached for a year, `index.html` never.

use std::path::{Path, PathBuf};

use actix_files::{Files, NamedFile, PathBufWrap};
use actix_web::body::MessageBody;
use actix_web::dev::{HttpServiceFactory, ServiceRequest, ServiceResponse, fn_service};
use actix_web::http::Method;
use actix_web::http::header::{
    self, AcceptEncoding, ContentEncoding, ContentType, Encoding, Header, HeaderValue,
};
use actix_web::middleware::{Next, from_fn};
use actix_web::{HttpRequest, HttpResponse, web};

use crate::fallback::{RouteTable, not_found_or_not_allowed};
use crate::page_head;
use crate::state::AppState;

/// Styles may be inline (the design system's styled-components inject them); scripts not.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
     img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; \
     form-action 'self'; frame-ancestors 'none'";

/// Swagger UI at `/api/docs/`: its own scripts and styles (it sets inline styles), the
/// contract and "try it out" calls to this origin, its inline SVG icons; nothing from
/// elsewhere (so no badge from the public validator), and no framing.
pub const DOCS_CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; \
     style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
     object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// The client's folder, if it has been built.
pub fn built_client(dir: &Path) -> Option<PathBuf> {
    dir.join("index.html").is_file().then(|| dir.to_path_buf())
}

/// Serves the client; what it does not have goes to the index (or the API's 404).
pub fn files(dir: PathBuf) -> impl HttpServiceFactory {
    let index = dir.join("index.html");
    let files = Files::new("/", dir.clone()).index_file("index.html").default_handler(fn_service(
        move |req: ServiceRequest| {
            let index = index.clone();
            async move {
                let (req, _) = req.into_parts();
                if req.path().starts_with("/api/") || req.path() == "/api" {
                    let table = req.app_data::<web::Data<RouteTable>>().cloned().unwrap_or_default();
                    let res = not_found_or_not_allowed(req.clone(), table).await;
                    return Ok(ServiceResponse::new(req, res));
                }
                let res = match encoded(&req, &index).await {
                    Some(res) => res,
                    None => match NamedFile::open_async(&index).await {
                        Ok(file) => file.into_response(&req),
                        Err(_) => HttpResponse::NotFound().finish(),
                    },
                };
                Ok(ServiceResponse::new(req, with_vary(res)))
            }
        },
    ));
    web::scope("").wrap(from_fn(move |req, next| precompressed(dir.clone(), req, next))).service(files)
}

/// Sends a precompressed sibling of the requested file when there is one the client accepts;
/// everything else goes on to the files service. Either way the answer varies by encoding.
async fn precompressed(
    dir: PathBuf,
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse, actix_web::Error> {
    if let Some(res) = with_page_head(&dir, req.request()).await {
        return Ok(req.into_response(res));
    }
    if let Ok(rel) = PathBufWrap::parse_path(req.path(), false) {
        let mut path = dir.join(rel);
        if path.is_dir() {
            path.push("index.html");
        }
        if let Some(res) = encoded(req.request(), &path).await {
            return Ok(req.into_response(with_vary(res)));
        }
    }
    let mut res = next.call(req).await?.map_into_boxed_body();
    res.headers_mut().insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    Ok(res)
}

/// The index with the page's own head (`page_head`) for the pages a search engine lists; `None`
/// for every other request, and when the head cannot be had (the index then goes out as it is,
/// and the client sets the head itself).
async fn with_page_head(dir: &Path, req: &HttpRequest) -> Option<HttpResponse> {
    if !matches!(*req.method(), Method::GET | Method::HEAD) {
        return None;
    }
    let state = req.app_data::<web::Data<AppState>>()?;
    let head = match page_head::for_path(state, req.path()).await {
        Ok(head) => head?,
        Err(error) => {
            tracing::warn!(%error, path = req.path(), "the page's head could not be read; the plain index goes out");
            return None;
        }
    };
    let index = tokio::fs::read_to_string(dir.join("index.html")).await.ok()?;
    let html = page_head::apply(&index, &head);
    Some(with_vary(HttpResponse::Ok().content_type(ContentType::html()).body(html)))
}

/// The precompressed form of `path` that the request accepts best, if the build wrote one.
/// Only whole GET and HEAD answers are encoded: a byte range is one of the original file, as
/// actix-files labels partial content `identity`.
async fn encoded(req: &HttpRequest, path: &Path) -> Option<HttpResponse> {
    if !matches!(*req.method(), Method::GET | Method::HEAD) || req.headers().contains_key(header::RANGE) {
        return None;
    }
    let accepted = AcceptEncoding::parse(req).ok()?;
    let candidates = [(ContentEncoding::Brotli, "br"), (ContentEncoding::Gzip, "gz")];
    let mut on_disk = vec![Encoding::identity()];
    for (encoding, ext) in candidates {
        if sibling(path, ext).is_file() {
            on_disk.push(Encoding::Known(encoding));
        }
    }
    if on_disk.len() == 1 || !path.is_file() {
        return None;
    }
    let Encoding::Known(chosen) = accepted.negotiate(on_disk.iter())? else { return None };
    let (_, ext) = candidates.into_iter().find(|(encoding, _)| *encoding == chosen)?;
    let file = tokio::fs::File::open(sibling(path, ext)).await.ok()?.into_std().await;
    // Named after the original, so the type and disposition are the original's; the length,
    // dates and entity tag are the compressed file's.
    let named = NamedFile::from_file(file, path).ok()?.set_content_encoding(chosen);
    Some(named.into_response(req))
}

fn sibling(path: &Path, ext: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(ext);
    PathBuf::from(name)
}

fn with_vary(mut res: HttpResponse) -> HttpResponse {
    res.headers_mut().insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    res
}

/// Security and caching headers for everything outside `/api`, and Swagger UI's policy.
pub async fn headers(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let path = req.path().to_owned();
    let mut res = next.call(req).await?;
    if path.starts_with("/api/docs/") {
        let h = res.headers_mut();
        h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(DOCS_CONTENT_SECURITY_POLICY));
        return Ok(res);
    }
    if path.starts_with("/api/") {
        return Ok(res);
    }
    let h = res.headers_mut();
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CONTENT_SECURITY_POLICY));
    let cache = if path.starts_with("/assets/") { "public, max-age=31536000, immutable" } else { "no-cache" };
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    Ok(res)
}
