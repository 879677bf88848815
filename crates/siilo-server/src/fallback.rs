//! Answers for requests no route takes: 405 with `Allow` when the path is an API route
//! with other methods, else 404, both as problem+json. The route table is read once from
//! the OpenAPI document, the same source the routes come from.

use actix_web::http::{Method, StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use utoipa::openapi::OpenApi;

use crate::error::{ApiError, problem_response};

#[derive(Debug, Clone, Default)]
pub struct RouteTable {
    routes: Vec<(Vec<Segment>, Vec<Method>)>,
}

#[derive(Debug, Clone, PartialEq)]
enum Segment {
    Literal(String),
    Param,
}

impl RouteTable {
    pub fn from_openapi(doc: &OpenApi) -> Self {
        let routes = doc
            .paths
            .paths
            .iter()
            .map(|(path, item)| {
                let segments = path
                    .trim_matches('/')
                    .split('/')
                    .map(|s| {
                        if s.starts_with('{') && s.ends_with('}') {
                            Segment::Param
                        } else {
                            Segment::Literal(s.into())
                        }
                    })
                    .collect();
                let methods = [
                    (item.get.is_some(), Method::GET),
                    (item.post.is_some(), Method::POST),
                    (item.put.is_some(), Method::PUT),
                    (item.patch.is_some(), Method::PATCH),
                    (item.delete.is_some(), Method::DELETE),
                ]
                .into_iter()
                .filter_map(|(present, m)| present.then_some(m))
                .collect();
                (segments, methods)
            })
            .collect();
        RouteTable { routes }
    }

    /// The methods the API has for this path, if it is one of its routes.
    pub fn allowed(&self, path: &str) -> Option<&[Method]> {
        let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
        self.routes
            .iter()
            .find(|(segments, _)| {
                segments.len() == parts.len()
                    && segments.iter().zip(&parts).all(|(s, p)| match s {
                        Segment::Param => !p.is_empty(),
                        Segment::Literal(l) => l == p,
                    })
            })
            .map(|(_, methods)| methods.as_slice())
    }
}

pub async fn not_found_or_not_allowed(req: HttpRequest, table: web::Data<RouteTable>) -> HttpResponse {
    if let Some(methods) = table.allowed(req.path()) {
        let allow = methods.iter().map(Method::as_str).collect::<Vec<_>>().join(", ");
        let problem =
            ApiError::MethodNotAllowed { method: req.method().to_string(), allow: allow.clone() }.problem();
        let mut res = problem_response(StatusCode::METHOD_NOT_ALLOWED, &problem);
        if let Ok(value) = header::HeaderValue::from_str(&allow) {
            res.headers_mut().insert(header::ALLOW, value);
        }
        return res;
    }
    problem_response(StatusCode::NOT_FOUND, &ApiError::NotFound.problem())
}
