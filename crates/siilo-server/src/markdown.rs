//! User text to safe HTML, once, when it is written: Markdown is rendered with
//! pulldown-cmark and the result cleaned by ammonia, so raw HTML and `javascript:` links
//! never reach a reader. Plain text is valid Markdown and comes out as paragraphs.
//!
//! Two more things are bounded, because API consumers show this HTML without our CSP and
//! hostile input must not cost much:
//! - **No images.** `![alt](url)` becomes a link to the image labelled with its alt text:
//!   nothing loads by itself, so a text cannot carry a tracking pixel (Siilo has no uploads,
//!   so there is no same-origin image to keep).
//! - **Nesting and size.** Elements nest at most [`MAX_NESTING`] deep (deeper quotes, lists
//!   and emphasis keep their text without their markup), and rendering stops with "…" once
//!   the HTML would exceed [`MAX_HTML_BYTES`] (a wide table repeats its empty cells per row).

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};
use siilo_store::calls::Localized;

/// The deepest elements nest (a quote in a list in a quote…).
pub const MAX_NESTING: usize = 16;
/// About the most HTML one text renders to; ten thousand characters of ordinary Markdown
/// stay far below it.
pub const MAX_HTML_BYTES: usize = 128 * 1024;

/// Renders each language of an admin's Markdown text (a call's description) to safe HTML.
pub fn to_safe_html_localized(source: &Localized) -> Localized {
    Localized {
        fi: to_safe_html(&source.fi),
        sv: source.sv.as_deref().map(to_safe_html),
        en: source.en.as_deref().map(to_safe_html),
    }
}

/// Renders Markdown to sanitised HTML. Raw HTML in the source is shown as text.
pub fn to_safe_html(source: &str) -> String {
    let events = bounded(Parser::new_ext(source, Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES));
    let mut rendered = String::with_capacity(source.len() * 3 / 2);
    html::push_html(&mut rendered, events.into_iter());
    ammonia::Builder::default()
        .link_rel(Some("noopener noreferrer nofollow"))
        .url_schemes(["http", "https", "mailto"].into())
        .rm_tags(["img"])
        .clean(&rendered)
        .to_string()
}

/// The events to render: raw HTML as text, images as links, nesting and size bounded.
fn bounded<'a>(parser: impl Iterator<Item = Event<'a>>) -> Vec<Event<'a>> {
    let mut out = Vec::new();
    // Per open element: whether its start was kept (so its end is kept too).
    let mut open: Vec<bool> = Vec::new();
    let mut depth = 0_usize;
    let mut bytes = 0_usize;
    // The image being turned into a link, and whether its label has any text.
    let mut image: Option<(CowStr<'a>, bool)> = None;
    for event in parser {
        // Elements dropped for their depth cost nothing.
        let dropped = match &event {
            Event::Start(_) => depth >= MAX_NESTING,
            Event::End(_) => !open.last().copied().unwrap_or(false),
            _ => false,
        };
        if !dropped {
            bytes = bytes.saturating_add(html_cost(&event));
        }
        if bytes > MAX_HTML_BYTES {
            out.push(Event::Text("…".into()));
            break;
        }
        match event {
            Event::Start(tag) => {
                let keep = depth < MAX_NESTING;
                open.push(keep);
                if keep {
                    depth += 1;
                    out.push(Event::Start(match tag {
                        Tag::Image { link_type, dest_url, title, id } => {
                            image = Some((dest_url.clone(), false));
                            Tag::Link { link_type, dest_url, title, id }
                        }
                        other => other,
                    }));
                }
            }
            Event::End(end) => {
                if open.pop().unwrap_or(false) {
                    depth = depth.saturating_sub(1);
                    if end == TagEnd::Image {
                        if let Some((url, false)) = image.take() {
                            out.push(Event::Text(url));
                        }
                        out.push(Event::End(TagEnd::Link));
                    } else {
                        out.push(Event::End(end));
                    }
                }
            }
            Event::Html(raw) | Event::InlineHtml(raw) => out.push(Event::Text(raw)),
            other => {
                if let Some((_, labelled)) = image.as_mut() {
                    *labelled = true;
                }
                out.push(other);
            }
        }
    }
    out
}

/// An upper bound of the HTML an event renders to.
fn html_cost(event: &Event<'_>) -> usize {
    match event {
        // Attributes (a link's URL and title, a cell's alignment) and the tag itself.
        Event::Start(Tag::Link { dest_url, title, .. } | Tag::Image { dest_url, title, .. }) => {
            32 + 6 * (dest_url.len() + title.len())
        }
        Event::Start(_) => 40,
        Event::End(_) => 16,
        // Escaping turns a character into at most six (`&quot;`).
        Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => 16 + 6 * t.len(),
        _ => 16,
    }
}

/// The words of a Markdown text without its markup, whitespace collapsed, cut after at most
/// `max_chars` characters at a word's end with "…": a page's description for search engines.
pub fn to_plain_excerpt(source: &str, max_chars: usize) -> String {
    let mut words = String::new();
    for event in Parser::new_ext(source, Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES) {
        match event {
            Event::Text(text) | Event::Code(text) => words.push_str(&text),
            Event::SoftBreak | Event::HardBreak => words.push(' '),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::CodeBlock
                | TagEnd::BlockQuote(_),
            ) => words.push(' '),
            _ => {}
        }
    }
    excerpt(&words, max_chars)
}

/// `text` with its whitespace collapsed, cut as [`to_plain_excerpt`] cuts.
pub fn excerpt(text: &str, max_chars: usize) -> String {
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.chars().count() <= max_chars {
        return collapsed;
    }
    let cut: String = collapsed.chars().take(max_chars.saturating_sub(1)).collect();
    let at_word = match cut.rfind(' ') {
        Some(space) if space > 0 => &cut[..space],
        _ => cut.as_str(),
    };
    format!("{}…", at_word.trim_end_matches([',', '.', ';', ':', '–', '-']))
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

    #[test]
    fn images_become_links_and_load_nothing() {
        let html =
            to_safe_html("![seurantapikseli](https://tracker.example/p.gif) ![](https://x.example/i.png)");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains(r#"href="https://tracker.example/p.gif""#), "{html}");
        assert!(html.contains(">seurantapikseli</a>"), "{html}");
        // Without alt text, the address is the label.
        assert!(html.contains(">https://x.example/i.png</a>"), "{html}");
        let relative = to_safe_html("![kuva](/kuva.png)");
        assert!(!relative.contains("<img"), "{relative}");
    }

    #[test]
    fn deep_nesting_is_flattened_but_keeps_the_text() {
        let html = to_safe_html(&format!("{}syvällä", ">".repeat(10_000)));
        assert_eq!(html.matches("<blockquote>").count(), MAX_NESTING, "{}", html.len());
        assert!(html.contains("syvällä"));
        assert!(html.len() < 2_000, "{}", html.len());
        let lists = to_safe_html(&"- ".repeat(5_000));
        assert!(lists.matches("<ul>").count() <= MAX_NESTING);
        let shallow = to_safe_html("> lainaus\n>> sisempi");
        assert_eq!(shallow.matches("<blockquote>").count(), 2, "{shallow}");
    }

    #[test]
    fn the_html_of_a_text_is_bounded() {
        // A wide table repeats its cells in every row: quadratic without a bound.
        let columns = 1_600;
        let source = format!("{}|\n{}|\n{}", "|a".repeat(columns), "|-".repeat(columns), "x\n".repeat(3_000));
        let started = std::time::Instant::now();
        let html = to_safe_html(&source);
        assert!(html.len() <= MAX_HTML_BYTES + 1_024, "{}", html.len());
        assert!(
            html.ends_with("…</td></tr></tbody></table>\n") || html.contains('…'),
            "{}",
            &html[html.len() - 100..]
        );
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }

    #[test]
    fn plain_excerpts_keep_the_words_and_cut_at_a_word() {
        let source = "# Heading\n\nSome **bold** and `code`,\nand a [link](https://example.org).";
        assert_eq!(to_plain_excerpt(source, 200), "Heading Some bold and code, and a link.");
        assert_eq!(excerpt("one two three four", 12), "one two…");
        assert_eq!(excerpt("  short\n text ", 50), "short text");
        assert_eq!(excerpt("abcdefghijklmnop", 6), "abcde…");
        assert!(to_plain_excerpt(&"sana ".repeat(100), 160).chars().count() <= 160);
    }
}
