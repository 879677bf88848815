//! Calls (*haut*) and their themes. A call's phase comes from `siilo_domain::calls`, from
//! the clock at the time of the request; it is never stored.
//!
//! - [`view`]: the response shapes, and what the viewer may do in a call;
//! - [`texts`]: the texts of calls and themes (Finnish required) and their checks;
//! - [`read`]: listing calls and reading one ([`find_visible`] serves proposals too);
//! - [`manage`]: admins create, change, publish and archive calls;
//! - [`themes`]: admins manage a call's themes;
//! - [`news`]: a call's news (*Ajankohtaista*), posted by its managers.

use utoipa_actix_web::service_config::ServiceConfig;

pub mod manage;
pub mod news;
pub mod read;
pub mod texts;
pub mod themes;
pub mod view;

pub use read::find_visible;
pub use texts::FinnishRequiredText;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(read::list_calls)
        .service(read::get_call)
        .service(manage::create_call)
        .service(manage::update_call)
        .service(manage::publish_call)
        .service(manage::archive_call)
        .service(themes::create_theme)
        .service(themes::update_theme)
        .service(themes::delete_theme)
        .service(news::list_call_news)
        .service(news::create_call_news)
        .service(news::update_call_news)
        .service(news::delete_call_news);
}
