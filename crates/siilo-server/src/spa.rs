//! The built web client, served at `/` from `SIILO_STATIC_DIR` when it exists: files as
//! they are, `index.html` for client routes, and a problem+json 404 for `/api/...` misses.
//! Its responses carry a Content-Security-Policy without inline scripts; hashed assets are
//! cached for a year, `index.html` never.

use std::path::{Path, PathBuf};

use actix_files::{Files, NamedFile};
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse, fn_service};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{HttpResponse, web};

use crate::fallback::{RouteTable, not_found_or_not_allowed};

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
pub fn files(dir: PathBuf) -> Files {
    let index = dir.join("index.html");
    Files::new("/", dir).index_file("index.html").default_handler(fn_service(move |req: ServiceRequest| {
        let index = index.clone();
        async move {
            let (req, _) = req.into_parts();
            if req.path().starts_with("/api/") || req.path() == "/api" {
                let table = req.app_data::<web::Data<RouteTable>>().cloned().unwrap_or_default();
                let res = not_found_or_not_allowed(req.clone(), table).await;
                return Ok(ServiceResponse::new(req, res));
            }
            let res = match NamedFile::open_async(&index).await {
                Ok(file) => file.into_response(&req),
                Err(_) => HttpResponse::NotFound().finish(),
            };
            Ok(ServiceResponse::new(req, res))
        }
    }))
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
