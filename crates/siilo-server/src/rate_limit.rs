//! The per-IP ceiling on `/auth/*` (actix-governor), answering problem+json with
//! `Retry-After`. It is generous by default (600 a minute): a whole ministry may reach us
//! from one egress address. Brute force on one account is stopped by the per-account
//! lock-out instead (`siilo_domain::login_throttle`), which lives in the database so that
//! every instance sees it.

use std::net::IpAddr;
use std::time::Duration;

use actix_governor::governor::NotUntil;
use actix_governor::governor::clock::{Clock, DefaultClock, QuantaInstant};
use actix_governor::governor::middleware::NoOpMiddleware;
use actix_governor::{
    GovernorConfig, GovernorConfigBuilder, KeyExtractor, PeerIpKeyExtractor, SimpleKeyExtractionError,
};
use actix_web::dev::ServiceRequest;
use actix_web::{HttpResponse, HttpResponseBuilder};

use crate::error::ApiError;

/// The peer address, as actix-governor's own extractor takes it (IPv6 per /56).
#[derive(Debug, Clone, Copy)]
pub struct ClientIp;

impl KeyExtractor for ClientIp {
    type Key = IpAddr;
    type KeyExtractionError = SimpleKeyExtractionError<&'static str>;

    fn extract(&self, req: &ServiceRequest) -> Result<Self::Key, Self::KeyExtractionError> {
        PeerIpKeyExtractor.extract(req)
    }

    fn exceed_rate_limit_response(
        &self,
        negative: &NotUntil<QuantaInstant>,
        mut response: HttpResponseBuilder,
    ) -> HttpResponse {
        let wait = negative.wait_time_from(DefaultClock::default().now());
        let problem = ApiError::TooManyRequests { retry_after: wait }.problem();
        response.content_type("application/problem+json").json(problem)
    }
}

pub type AuthLimit = GovernorConfig<ClientIp, NoOpMiddleware>;

/// `per_minute` requests a minute per address, all of which may come at once.
#[allow(clippy::expect_used)] // `finish` refuses only a zero period or burst, ruled out here.
pub fn auth_limit(per_minute: u32) -> AuthLimit {
    let per_minute = per_minute.max(1);
    let period = Duration::from_secs(60) / per_minute;
    GovernorConfigBuilder::default()
        .period(period.max(Duration::from_nanos(1)))
        .burst_size(per_minute)
        .key_extractor(ClientIp)
        .finish()
        .expect("a positive period and burst")
}
