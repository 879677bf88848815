//! The shape every email shares: a greeting, paragraphs and links, and a footer that says
//! why the email was sent, rendered once as plain text and once as HTML (escaped: names,
//! addresses and titles in an email are the users' own text).

use std::fmt::Write as _;

use siilo_domain::accounts::Language;

use super::RenderedEmail;

/// One part of an email's body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A paragraph of plain text.
    Paragraph(String),
    /// A link: in the text its address on a line of its own, in HTML a button with `label`
    /// and the address below it for copying.
    Link { url: String, label: String },
    /// A list of items, each a line of text and optionally a link (a digest's notifications).
    List(Vec<Item>),
}

/// One item of a [`Block::List`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub text: String,
    pub url: Option<String>,
}

/// An email before it is rendered: what every template builds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email {
    pub language: Language,
    pub subject: String,
    /// "Hei Maija," (or "Hei," without a name).
    pub greeting: String,
    pub blocks: Vec<Block>,
    /// Why the recipient gets this email, and what to do if they did not expect it.
    pub reason: String,
    /// How to stop emails of this kind, for notification emails.
    pub unsubscribe: Option<Unsubscribe>,
}

/// The two addresses that stop notification emails.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsubscribe {
    /// The web page (`{public_url}/unsubscribe#token=…`): the link in the footer.
    pub page: String,
    /// The API address a mail reader posts to (RFC 8058): the `List-Unsubscribe` header.
    pub one_click: String,
}

/// Text from a user (a name, an address, a title) made fit for one line: control
/// characters and line breaks become spaces, so that it cannot start lines of its own (a
/// fake link, say) in the plain-text part.
pub fn inline(text: &str) -> String {
    let spaced: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const FONT: &str = "font-family:'Source Sans 3','Source Sans Pro',Arial,sans-serif";
const TEXT_COLOUR: &str = "#212121";
const BRAND: &str = "#003479";
const MUTED: &str = "#5f686d";

impl Email {
    pub fn render(&self) -> RenderedEmail {
        RenderedEmail {
            subject: inline(&self.subject),
            text: self.text(),
            html: self.html(),
            list_unsubscribe: self.unsubscribe.as_ref().map(|u| u.one_click.clone()),
        }
    }

    fn text(&self) -> String {
        let mut out = String::new();
        out.push_str(&self.greeting);
        out.push_str("\n\n");
        for block in &self.blocks {
            match block {
                Block::Paragraph(p) => out.push_str(p),
                Block::Link { url, .. } => out.push_str(url),
                Block::List(items) => {
                    for (i, item) in items.iter().enumerate() {
                        if i > 0 {
                            out.push('\n');
                        }
                        let _ = write!(out, "- {}", item.text);
                        if let Some(url) = &item.url {
                            let _ = write!(out, "\n  {url}");
                        }
                    }
                }
            }
            out.push_str("\n\n");
        }
        // The conventional signature separator: mail readers grey out what follows.
        out.push_str("-- \n");
        out.push_str(&self.reason);
        out.push('\n');
        if let Some(Unsubscribe { page: url, .. }) = &self.unsubscribe {
            let _ = writeln!(out, "{}: {url}", unsubscribe_label(self.language));
        }
        out
    }

    fn html(&self) -> String {
        let lang = self.language.into_str();
        let mut body = String::new();
        let p = format!("margin:0 0 16px;{FONT};font-size:16px;line-height:1.5;color:{TEXT_COLOUR}");
        let _ = write!(body, r#"<p style="{p}">{}</p>"#, escape_html(&self.greeting));
        for block in &self.blocks {
            match block {
                Block::Paragraph(text) => {
                    let _ = write!(body, r#"<p style="{p}">{}</p>"#, escape_html(text));
                }
                Block::Link { url, label } => {
                    let url = escape_html(url);
                    let _ = write!(
                        body,
                        r#"<p style="margin:24px 0 8px"><a href="{url}" style="display:inline-block;padding:10px 20px;background:{BRAND};color:#ffffff;{FONT};font-size:16px;font-weight:600;text-decoration:none;border-radius:2px">{label}</a></p><p style="margin:0 0 16px;{FONT};font-size:14px;line-height:1.4;color:{MUTED};word-break:break-all"><a href="{url}" style="color:{MUTED}">{url}</a></p>"#,
                        label = escape_html(label),
                    );
                }
                Block::List(items) => {
                    let _ = write!(body, r#"<ul style="margin:0 0 16px;padding-left:20px">"#);
                    for item in items {
                        let text = escape_html(&item.text);
                        let _ = match &item.url {
                            Some(url) => write!(
                                body,
                                r#"<li style="{p};margin-bottom:8px"><a href="{}" style="color:{BRAND}">{text}</a></li>"#,
                                escape_html(url)
                            ),
                            None => write!(body, r#"<li style="{p};margin-bottom:8px">{text}</li>"#),
                        };
                    }
                    body.push_str("</ul>");
                }
            }
        }
        let mut footer = format!(
            r#"<p style="margin:0 0 8px;{FONT};font-size:14px;line-height:1.4;color:{MUTED}">{}</p>"#,
            escape_html(&self.reason)
        );
        if let Some(Unsubscribe { page: url, .. }) = &self.unsubscribe {
            let _ = write!(
                footer,
                r#"<p style="margin:0;{FONT};font-size:14px;line-height:1.4"><a href="{}" style="color:{MUTED}">{}</a></p>"#,
                escape_html(url),
                escape_html(unsubscribe_label(self.language))
            );
        }
        format!(
            r#"<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
</head>
<body style="margin:0;padding:0;background:#f4f4f4">
<div style="max-width:600px;margin:0 auto;padding:24px;background:#ffffff">
<p style="margin:0 0 24px;{FONT};font-size:22px;font-weight:700;color:{BRAND}">Siilo</p>
{body}
<hr style="border:none;border-top:1px solid #c8cdd0;margin:24px 0 16px">
{footer}
</div>
</body>
</html>
"#,
            title = escape_html(&inline(&self.subject)),
        )
    }
}

fn unsubscribe_label(language: Language) -> &'static str {
    match language {
        Language::Fi => "Peru nämä sähköpostit",
        Language::Sv => "Avsluta de här e-postmeddelandena",
        Language::En => "Unsubscribe from these emails",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn email(blocks: Vec<Block>) -> Email {
        Email {
            language: Language::Sv,
            subject: "Ämne\r\nBcc: evil@example.com".into(),
            greeting: "Hej <b>Maija</b>,".into(),
            blocks,
            reason: "Du får det här meddelandet eftersom \"du\" & jag.".into(),
            unsubscribe: None,
        }
    }

    #[test]
    fn user_text_is_escaped_in_the_html_and_kept_in_the_text() {
        let rendered = email(vec![
            Block::Paragraph("<script>alert('x')</script>".into()),
            Block::Link { url: "https://siilo.test/a?b=1&c=\"2\"".into(), label: "Öppna <länken>".into() },
        ])
        .render();
        assert!(rendered.html.contains("Hej &lt;b&gt;Maija&lt;/b&gt;,"));
        assert!(rendered.html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
        assert!(rendered.html.contains(r#"href="https://siilo.test/a?b=1&amp;c=&quot;2&quot;""#));
        assert!(rendered.html.contains("Öppna &lt;länken&gt;"));
        assert!(rendered.html.contains("&quot;du&quot; &amp; jag."));
        assert!(!rendered.html.contains("<script>"));
        assert!(rendered.html.starts_with("<!DOCTYPE html>\n<html lang=\"sv\">"));
        assert!(rendered.text.starts_with("Hej <b>Maija</b>,\n\n<script>alert('x')</script>\n\n"));
        assert!(rendered.text.contains("\nhttps://siilo.test/a?b=1&c=\"2\"\n"));
        assert!(rendered.text.ends_with("-- \nDu får det här meddelandet eftersom \"du\" & jag.\n"));
    }

    #[test]
    fn a_subject_is_one_line() {
        assert_eq!(email(vec![]).render().subject, "Ämne Bcc: evil@example.com");
        assert_eq!(inline(" Maija\n\thttps://evil.example/x \u{7} "), "Maija https://evil.example/x");
    }

    #[test]
    fn lists_and_the_unsubscribe_link_appear_in_both_parts() {
        let mut e = email(vec![Block::List(vec![
            Item { text: "Första".into(), url: Some("https://siilo.test/p/1".into()) },
            Item { text: "Andra".into(), url: None },
        ])]);
        e.unsubscribe = Some(Unsubscribe {
            page: "https://siilo.test/unsubscribe#token=t".into(),
            one_click: "https://siilo.test/api/v1/email/unsubscribe?token=t".into(),
        });
        let rendered = e.render();
        assert!(rendered.text.contains("- Första\n  https://siilo.test/p/1\n- Andra\n\n"));
        assert!(
            rendered
                .text
                .contains("Avsluta de här e-postmeddelandena: https://siilo.test/unsubscribe#token=t")
        );
        assert!(
            rendered.html.contains(r#"<a href="https://siilo.test/p/1" style="color:#003479">Första</a>"#)
        );
        assert!(rendered.html.contains("Avsluta de här e-postmeddelandena</a>"));
        assert!(!rendered.text.contains("/api/v1/"));
        assert_eq!(
            rendered.list_unsubscribe.as_deref(),
            Some("https://siilo.test/api/v1/email/unsubscribe?token=t")
        );
    }
}
