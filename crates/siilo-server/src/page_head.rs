//! The head of the web client's index for the pages of a call and of a proposal, which a search
//! engine lists. Their title and description go into `<title>` and
//! `<meta name="description">`, with the page's canonical address, so that a crawler which does
//! not run the client's code reads them too; the client keeps them as it navigates
//! (`usePageDescription` in the frontend). What a visitor may not read (a draft call, a hidden
//! proposal) gets the site's own head, as an address that does not exist does.

use siilo_domain::proposals::Sight;
use uuid::Uuid;

use crate::auth::SignedInOrVisitor;
use crate::error::ApiError;
use crate::markdown;
use crate::routes::calls::find_visible;
use crate::routes::proposals::visible_proposal;
use crate::state::AppState;

/// About what search engines show of a description.
const DESCRIPTION_CHARS: usize = 160;

/// What a page puts in its head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageHead {
    pub title: String,
    pub description: String,
    pub canonical: String,
}

/// The head of the page at `path`, when it is one a search engine lists and a visitor may read.
pub async fn for_path(state: &AppState, path: &str) -> Result<Option<PageHead>, ApiError> {
    let base = state.config.public_url.trim_end_matches('/');
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let visitor = SignedInOrVisitor(None);
    let head = match segments.as_slice() {
        ["calls", reference] if !reference.is_empty() => {
            let call = match find_visible(state, reference, &visitor).await {
                Err(ApiError::NotFound) => return Ok(None),
                other => other?,
            };
            PageHead {
                title: call.title.fi.clone(),
                description: markdown::to_plain_excerpt(&call.description.fi, DESCRIPTION_CHARS),
                canonical: format!("{base}/calls/{}", call.slug),
            }
        }
        ["proposals", id] => {
            let Ok(id) = Uuid::parse_str(id) else { return Ok(None) };
            let (_, proposal) = match visible_proposal(state, id, &visitor, Sight::Full).await {
                Err(ApiError::NotFound) => return Ok(None),
                other => other?,
            };
            PageHead {
                title: proposal.title.clone(),
                description: markdown::excerpt(&proposal.summary, DESCRIPTION_CHARS),
                canonical: format!("{base}/proposals/{}", proposal.id),
            }
        }
        _ => return Ok(None),
    };
    Ok(Some(head))
}

/// The index with `head` in it: the title ("Title – Siilo", as the client writes it), the
/// description, and a canonical link. A marker the index lacks leaves that part as it is.
pub fn apply(index: &str, head: &PageHead) -> String {
    let mut html = index.to_owned();
    replace_between(&mut html, "<title>", "</title>", &format!("{} – Siilo", escape(&head.title)));
    replace_between(&mut html, "<meta name=\"description\" content=\"", "\"", &escape(&head.description));
    if let Some(end) = html.find("</head>") {
        html.insert_str(end, &format!("<link rel=\"canonical\" href=\"{}\" />\n", escape(&head.canonical)));
    }
    html
}

fn replace_between(html: &mut String, start: &str, end: &str, with: &str) {
    let Some(from) = html.find(start).map(|i| i + start.len()) else { return };
    let Some(to) = html[from..].find(end).map(|i| from + i) else { return };
    html.replace_range(from..to, with);
}

fn escape(text: &str) -> String {
    quick_xml::escape::escape(text).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    const INDEX: &str = "<html lang=\"fi\"><head>\n<meta name=\"description\" content=\"Siilo – ideoita\" />\n<title>Siilo</title>\n</head><body></body></html>";

    #[test]
    fn the_head_goes_into_the_index_escaped() {
        let head = PageHead {
            title: "Kokeilu <b>\"A & B\"</b>".into(),
            description: "Kuvaus \"lainaus\" <script>".into(),
            canonical: "https://siilo.test/calls/a".into(),
        };

        let html = apply(INDEX, &head);

        assert!(
            html.contains("<title>Kokeilu &lt;b&gt;&quot;A &amp; B&quot;&lt;/b&gt; – Siilo</title>"),
            "{html}"
        );
        assert!(
            html.contains(
                "<meta name=\"description\" content=\"Kuvaus &quot;lainaus&quot; &lt;script&gt;\" />"
            ),
            "{html}"
        );
        assert!(
            html.contains("<link rel=\"canonical\" href=\"https://siilo.test/calls/a\" />\n</head>"),
            "{html}"
        );
        assert_eq!(html.matches("<title>").count(), 1);
    }
}
