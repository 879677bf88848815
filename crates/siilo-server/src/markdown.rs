//! User text to safe HTML, once, when it is written: Markdown is rendered with
//! pulldown-cmark and the result cleaned by ammonia, so raw HTML and `javascript:` links
//! never reach a reader. Plain text is valid Markdown and comes out as paragraphs.

use pulldown_cmark::{Event, Options, Parser, html};

/// Renders Markdown to sanitised HTML. Raw HTML in the source is shown as text.
pub fn to_safe_html(source: &str) -> String {
    let parser =
        Parser::new_ext(source, Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES).map(|event| {
            match event {
                Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
                other => other,
            }
        });
    let mut rendered = String::with_capacity(source.len() * 3 / 2);
    html::push_html(&mut rendered, parser);
    ammonia::Builder::default()
        .link_rel(Some("noopener noreferrer nofollow"))
        .url_schemes(["http", "https", "mailto"].into())
        .clean(&rendered)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_becomes_html() {
        assert_eq!(
            to_safe_html("**Kokeilu** ja *idea*"),
            "<p><strong>Kokeilu</strong> ja <em>idea</em></p>\n"
        );
        assert!(to_safe_html("- yksi\n- kaksi").contains("<li>yksi</li>"));
    }

    #[test]
    fn raw_html_is_shown_as_text() {
        let html = to_safe_html("<script>alert(1)</script> <img src=x onerror=alert(1)>");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn dangerous_links_lose_their_target() {
        let html = to_safe_html("[klikkaa](javascript:alert(1)) [vm](https://vm.fi)");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(html.contains(r#"href="https://vm.fi""#), "{html}");
        assert!(html.contains("nofollow"), "{html}");
    }
}
