//! Text search that forgives case, accents and inflection.
//!
//! Folding: "paatos" finds "Päätös", "ÅTGÄRD" finds "åtgärd"; the stored text and the query
//! are folded the same way ([`fold`], used as is for people's names).
//!
//! Full text (proposals): a text is cut into words (runs of letters and digits), each word is
//! folded and then stemmed by the Snowball algorithms for Finnish, Swedish and English — the
//! algorithms of PostgreSQL's `finnish_stem`, `swedish_stem` and `english_stem`, which the
//! PostgreSQL index uses after `unaccent` the same way — so "ikääntyneet" finds
//! "Ikääntyneen" and "kommunerna" finds "kommun". Folding comes before stemming so that a
//! word typed without its accents is stemmed exactly like the word with them. A query word
//! matches a text word when one of its stems equals one of the text word's stems, or when
//! it begins the folded text word ("rekist" finds "rekisteri", as the old substring search
//! did for word starts). Every query word must match.
//!
//! Words are extracted, never passed on as query syntax: `"`, `*`, `NEAR(`, `OR`, `-` and
//! the like are separators or plain words, so no input is a syntax error in either engine.

use rust_stemmers::{Algorithm, Stemmer};

/// Lower-cases and strips the accents of Latin letters (ä→a, ö→o, å→a, é→e, ü→u, ø→o, æ→ae).
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        match c {
            'ä' | 'å' | 'á' | 'à' | 'â' | 'ã' => out.push('a'),
            'ö' | 'ø' | 'ó' | 'ò' | 'ô' | 'õ' => out.push('o'),
            'é' | 'è' | 'ê' | 'ë' => out.push('e'),
            'ü' | 'ú' | 'ù' | 'û' => out.push('u'),
            'í' | 'ì' | 'î' | 'ï' => out.push('i'),
            'š' => out.push('s'),
            'ž' => out.push('z'),
            'ç' => out.push('c'),
            'ñ' => out.push('n'),
            'æ' => out.push_str("ae"),
            'ß' => out.push_str("ss"),
            c if c.is_whitespace() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// At most this many words of a query count, so a query cannot grow into an expensive one.
pub const MAX_QUERY_WORDS: usize = 8;
/// A query word is cut to this many characters.
pub const MAX_WORD_CHARS: usize = 64;

/// The folded words of a query; every one must occur for a match. At most
/// [`MAX_QUERY_WORDS`] words of at most [`MAX_WORD_CHARS`] characters each. (People search:
/// substring match on the folded name and e-mail.)
pub fn query_terms(q: &str) -> Vec<String> {
    fold(q)
        .split(|c: char| c.is_whitespace() || c == ',' || c == '"')
        .filter(|w| !w.is_empty())
        .map(|w| w.chars().take(MAX_WORD_CHARS).collect())
        .take(MAX_QUERY_WORDS)
        .collect()
}

/// The words of a text: maximal runs of letters and digits, lower-cased. Everything else
/// (spaces, punctuation, symbols, control characters) separates words.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase)
}

/// The languages stemmed, in PostgreSQL's configuration order.
const LANGUAGES: [Algorithm; 3] = [Algorithm::Finnish, Algorithm::Swedish, Algorithm::English];

/// A folded word's distinct stems other than the word itself.
fn stems(folded: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(LANGUAGES.len());
    for lang in LANGUAGES {
        let stem = Stemmer::create(lang).stem(folded).into_owned();
        if !stem.is_empty() && stem != folded && !out.contains(&stem) {
            out.push(stem);
        }
    }
    out
}

/// What a full-text index holds for `text` (SQLite's FTS5 column): for each word, its
/// folded form and its folded stems, separated by spaces. Every term is letters and digits
/// only, so a tokenizer that splits at ASCII punctuation and spaces (FTS5's `ascii`) reads
/// back exactly these terms.
pub fn index_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for word in words(text) {
        let folded = fold(&word);
        for term in std::iter::once(folded.clone()).chain(stems(&folded)) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&term);
        }
    }
    out
}

/// One word of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryWord {
    /// As typed, lower-cased (PostgreSQL folds and stems it itself).
    pub word: String,
    /// Folded: matches the start of a folded text word.
    pub folded: String,
    /// Its folded stems (other than `folded`): each matches a text word's stem.
    pub stems: Vec<String>,
}

/// A full-text query: every word must match. Built only by [`SearchQuery::parse`], so its
/// words are letters and digits, never query syntax.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchQuery {
    words: Vec<QueryWord>,
}

impl SearchQuery {
    /// The query in `q`, or `None` when `q` is blank (no search). A query with no word in it
    /// (only punctuation, say) matches nothing. Repeated words count once; words beyond
    /// [`MAX_QUERY_WORDS`] are left out and each is cut to [`MAX_WORD_CHARS`].
    pub fn parse(q: &str) -> Option<SearchQuery> {
        if q.trim().is_empty() {
            return None;
        }
        let mut out: Vec<QueryWord> = Vec::new();
        for word in words(q) {
            let word: String = word.chars().take(MAX_WORD_CHARS).collect();
            if out.iter().any(|w| w.word == word) {
                continue;
            }
            if out.len() == MAX_QUERY_WORDS {
                break;
            }
            let folded = fold(&word);
            let stems = stems(&folded);
            out.push(QueryWord { word, folded, stems });
        }
        Some(SearchQuery { words: out })
    }

    pub fn words(&self) -> &[QueryWord] {
        &self.words
    }

    /// Whether nothing can match (the query had no word).
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The query in FTS5's syntax over an [`index_text`] column: for each word, its folded
    /// form as a prefix or one of its stems, and every word required:
    /// `("kokeiluja"* OR "kokeilu") AND ("data"*)`. `None` when there is no word.
    pub fn fts5(&self) -> Option<String> {
        if self.words.is_empty() {
            return None;
        }
        // Terms are letters and digits; the doubling of quotes is a second guard.
        let quote = |t: &str| format!("\"{}\"", t.replace('"', "\"\""));
        let clauses: Vec<String> = self
            .words
            .iter()
            .map(|w| {
                let alternatives: Vec<String> = std::iter::once(format!("{}*", quote(&w.folded)))
                    .chain(w.stems.iter().map(|s| quote(s)))
                    .collect();
                format!("({})", alternatives.join(" OR "))
            })
            .collect();
        Some(clauses.join(" AND "))
    }
}

/// Similar proposals use at most this many words of a draft, so a long text stays fast.
pub const MAX_SIMILAR_WORDS: usize = 16;
/// A word shorter than this (folded) says too little to find a similar proposal by.
pub const MIN_SIMILAR_WORD_CHARS: usize = 3;

/// Words of three letters or more that say nothing of a proposal's subject in Finnish,
/// Swedish or English, folded (as [`fold`] leaves them). Shorter words are left out anyway.
const STOP_WORDS: &[&str] = &[
    // Finnish
    "aina",
    "alla",
    "eivat",
    "ella",
    "ellei",
    "eli",
    "emme",
    "ensin",
    "eri",
    "etta",
    "ettei",
    "haluan",
    "haluamme",
    "han",
    "heidan",
    "hyva",
    "ilman",
    "itse",
    "jne",
    "joka",
    "jolla",
    "jonka",
    "jos",
    "joskus",
    "jossa",
    "josta",
    "jota",
    "jotka",
    "jotta",
    "kaikki",
    "kanssa",
    "kautta",
    "koska",
    "kuin",
    "kuinka",
    "kun",
    "lisaksi",
    "mahdollisesti",
    "meidan",
    "meille",
    "mika",
    "miksi",
    "mina",
    "mita",
    "mitka",
    "miten",
    "myos",
    "mutta",
    "naiden",
    "nama",
    "niiden",
    "niin",
    "nyt",
    "ole",
    "olemme",
    "olen",
    "olet",
    "oli",
    "olisi",
    "olla",
    "ollut",
    "ovat",
    "paljon",
    "sama",
    "seka",
    "sen",
    "siis",
    "sita",
    "sitten",
    "siita",
    "taman",
    "tassa",
    "tama",
    "tasta",
    "tata",
    "tulee",
    "tai",
    "vaan",
    "vai",
    "vain",
    "voi",
    "voida",
    "voidaan",
    "voisi",
    "yha",
    // Swedish
    "allt",
    "andra",
    "att",
    "bara",
    "blir",
    "bli",
    "dar",
    "den",
    "denna",
    "dess",
    "dessa",
    "det",
    "detta",
    "dig",
    "din",
    "ditt",
    "eftersom",
    "efter",
    "eller",
    "ett",
    "fick",
    "fran",
    "for",
    "genom",
    "har",
    "hade",
    "hon",
    "hur",
    "inom",
    "inte",
    "kan",
    "kunde",
    "man",
    "med",
    "mellan",
    "men",
    "mer",
    "mot",
    "nar",
    "nagon",
    "nagot",
    "och",
    "ocksa",
    "oss",
    "over",
    "sig",
    "sin",
    "sina",
    "sitt",
    "ska",
    "skulle",
    "som",
    "till",
    "under",
    "utan",
    "vad",
    "var",
    "vara",
    "vid",
    "vill",
    "vilka",
    "vilken",
    "aven",
    // English
    "about",
    "after",
    "all",
    "also",
    "and",
    "any",
    "are",
    "because",
    "been",
    "but",
    "can",
    "could",
    "does",
    "for",
    "from",
    "had",
    "has",
    "have",
    "how",
    "into",
    "its",
    "more",
    "most",
    "not",
    "our",
    "out",
    "should",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "too",
    "was",
    "were",
    "what",
    "when",
    "where",
    "which",
    "who",
    "why",
    "will",
    "with",
    "would",
    "you",
    "your",
];

/// Whether a folded word says something of a proposal's subject: at least
/// [`MIN_SIMILAR_WORD_CHARS`] characters, not only digits, not a stop word.
pub fn is_meaningful(folded: &str) -> bool {
    folded.chars().count() >= MIN_SIMILAR_WORD_CHARS
        && !folded.chars().all(|c| c.is_ascii_digit())
        && !STOP_WORDS.contains(&folded)
}

/// What a draft is compared by: its first [`MAX_SIMILAR_WORDS`] distinct meaningful words
/// (title first, then summary, then the rest), each with its stems. A proposal is similar when
/// it has ANY of them (unlike [`SearchQuery`], which needs every word); the engine ranks by
/// how many and where (a title word weighs most). Built only by [`SimilarQuery::from_texts`],
/// so its words are letters and digits, never query syntax.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimilarQuery {
    words: Vec<QueryWord>,
}

impl SimilarQuery {
    /// The meaningful words of `texts`, in order, repeated words (by folded form) once.
    pub fn from_texts(texts: &[&str]) -> SimilarQuery {
        let mut out: Vec<QueryWord> = Vec::new();
        'texts: for text in texts {
            for word in words(text) {
                if out.len() == MAX_SIMILAR_WORDS {
                    break 'texts;
                }
                let word: String = word.chars().take(MAX_WORD_CHARS).collect();
                let folded = fold(&word);
                if !is_meaningful(&folded) || out.iter().any(|w| w.folded == folded) {
                    continue;
                }
                let stems = stems(&folded);
                out.push(QueryWord { word, folded, stems });
            }
        }
        SimilarQuery { words: out }
    }

    pub fn words(&self) -> &[QueryWord] {
        &self.words
    }

    /// Whether there is nothing to compare by (no meaningful word).
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The words for PostgreSQL's `to_tsquery`, each quoted and all OR'ed:
    /// `'kirjastojen' | 'aukioloajat'`. Each configuration stems them itself. `None` without
    /// words.
    pub fn tsquery(&self) -> Option<String> {
        if self.words.is_empty() {
            return None;
        }
        // Words are letters and digits; the doubling of quotes is a second guard.
        let quoted: Vec<String> = self
            .words
            .iter()
            .map(|w| format!("'{}'", w.folded.replace('\'', "''").replace('\\', "")))
            .collect();
        Some(quoted.join(" | "))
    }

    /// The one term each word is looked up by in an [`index_text`] column: its shortest stem
    /// (the index holds every stem of every text word, so an exact match has it too), or the
    /// folded word when no stemmer changes it. One term a word, so that FTS5's `bm25`, which
    /// sums over the query's terms, weighs a word found in the title above the same word
    /// found in the idea in several forms.
    pub fn fts5_terms(&self) -> Vec<&str> {
        self.words
            .iter()
            .map(|w| w.stems.iter().min_by_key(|s| s.chars().count()).unwrap_or(&w.folded).as_str())
            .collect()
    }

    /// The words in FTS5's syntax over an [`index_text`] column: each word's term
    /// ([`Self::fts5_terms`]) quoted, all OR'ed: `"kirjasto" OR "aukioloaj"`. `None` without
    /// words.
    pub fn fts5(&self) -> Option<String> {
        if self.words.is_empty() {
            return None;
        }
        let quote = |t: &str| format!("\"{}\"", t.replace('"', "\"\""));
        let mut terms: Vec<String> = Vec::with_capacity(self.words.len());
        for term in self.fts5_terms() {
            let quoted = quote(term);
            if !terms.contains(&quoted) {
                terms.push(quoted);
            }
        }
        Some(terms.join(" OR "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finnish_and_swedish_letters_fold_to_their_base() {
        assert_eq!(fold("Päätös ÅTGÄRD Över"), "paatos atgard over");
        assert_eq!(fold("Kokeilu"), "kokeilu");
        assert_eq!(fold("Šakki Ærø"), "sakki aero");
    }

    #[test]
    fn queries_split_into_folded_words() {
        assert_eq!(query_terms("  Yhteinen   päätös, \"data\" "), vec!["yhteinen", "paatos", "data"]);
        assert!(query_terms("   ").is_empty());
        assert_eq!(query_terms("a b c d e f g h i j").len(), 8);
    }

    /// Whether the query finds `text`, the way the FTS5 index does: every query word matches
    /// one of the text's terms by a stem or as a prefix of its folded form.
    fn finds(q: &str, text: &str) -> bool {
        let terms: Vec<String> = index_text(text).split(' ').map(str::to_owned).collect();
        let query = SearchQuery::parse(q).expect("a query");
        !query.is_empty()
            && query
                .words()
                .iter()
                .all(|w| terms.iter().any(|t| t.starts_with(&w.folded) || w.stems.contains(t)))
    }

    #[test]
    fn words_are_runs_of_letters_and_digits_lower_cased() {
        let w: Vec<String> = words("Päätös: e-mail, 2026! ÅTGÄRD\u{0}x  ").collect();
        assert_eq!(w, vec!["päätös", "e", "mail", "2026", "åtgärd", "x"]);
        assert_eq!(words(" .,;!? \"*()").count(), 0);
    }

    #[test]
    fn inflected_finnish_finds_its_base_form() {
        assert!(finds("ikääntyneet", "Palvelut ikääntyneen arkeen"));
        assert!(finds("kokeiluja", "Kokeilu kunnissa"));
        assert!(finds("kunnissa", "kunta"), "case endings of one noun");
        assert!(finds("palveluiden", "Palvelut"));
    }

    #[test]
    fn inflected_swedish_finds_its_base_form() {
        assert!(finds("kommunerna", "En kommun i Norden"));
        assert!(finds("tjänsterna", "Digitala tjänster"));
    }

    #[test]
    fn english_words_and_word_starts_are_found() {
        assert!(finds("registries", "open data registry"));
        assert!(finds("rekist", "rekisteri"), "a word start, as typed");
        assert!(finds("data", "Avoin data"));
    }

    #[test]
    fn case_and_accents_are_forgiven() {
        assert!(finds("paatos", "Päätös"));
        assert!(finds("PÄÄTÖS", "paatos"));
        assert!(finds("atgard", "ÅTGÄRD"));
        assert!(finds("paatoksen", "Päätöksen tekeminen"));
    }

    #[test]
    fn every_word_must_match() {
        assert!(finds("avoin data", "Avoin data kunnille"));
        assert!(!finds("avoin kissa", "Avoin data kunnille"));
        assert!(!finds("kissa", "Avoin data kunnille"));
    }

    #[test]
    fn the_index_text_is_words_of_letters_and_digits() {
        let text = index_text("Ikääntyneen \"palvelut\" -- NEAR(x) * 2026");
        assert!(text.split(' ').all(|t| !t.is_empty() && t.chars().all(char::is_alphanumeric)), "{text}");
        assert!(text.starts_with("ikaantyneen "), "{text}");
        assert!(text.contains("2026"));
    }

    #[test]
    fn hostile_queries_become_plain_quoted_words() {
        assert_eq!(SearchQuery::parse("   "), None);
        assert!(SearchQuery::parse("\"*^-:()").expect("not blank").is_empty());
        assert_eq!(SearchQuery::parse("!!!").and_then(|q| q.fts5()), None);
        let q = SearchQuery::parse("NEAR(a b) OR \"c* -d ^e\u{7}").expect("a query");
        let fts = q.fts5().expect("words");
        assert_eq!(fts.matches(" AND ").count(), q.words().len() - 1);
        for w in q.words() {
            assert!(w.word.chars().all(char::is_alphanumeric));
        }
        // Ten kilobytes of one word and of many words stay small.
        let long = "a".repeat(10_000);
        let q = SearchQuery::parse(&long).expect("a query");
        assert_eq!(q.words().len(), 1);
        assert_eq!(q.words().first().map(|w| w.word.chars().count()), Some(MAX_WORD_CHARS));
        let many = "sana ".repeat(2_000) + &(0..2_000).map(|i| format!("w{i} ")).collect::<String>();
        assert_eq!(SearchQuery::parse(&many).expect("a query").words().len(), MAX_QUERY_WORDS);
    }

    #[test]
    fn the_fts5_query_ors_a_words_forms_and_ands_the_words() {
        let q = SearchQuery::parse("Kokeiluja data").expect("a query");
        let fts = q.fts5().expect("words");
        assert!(fts.starts_with("(\"kokeiluja\"* OR \"kokeilu\""), "{fts}");
        assert!(fts.contains(") AND (\"data\"*"), "{fts}");
        assert_eq!(fts.matches(" AND ").count(), 1, "{fts}");
        assert_eq!(SearchQuery::parse("data DATA Data").expect("a query").words().len(), 1);
    }

    fn similar(texts: &[&str]) -> Vec<String> {
        SimilarQuery::from_texts(texts).words().iter().map(|w| w.folded.clone()).collect()
    }

    /// Whether the similar query finds `text` the way the FTS5 index does: any term equal.
    fn similar_finds(draft: &str, text: &str) -> bool {
        let terms: Vec<String> = index_text(text).split(' ').map(str::to_owned).collect();
        SimilarQuery::from_texts(&[draft]).fts5_terms().iter().any(|t| terms.iter().any(|x| x == t))
    }

    #[test]
    fn stop_words_and_short_words_say_nothing() {
        assert!(
            SimilarQuery::from_texts(&["ja se on että kun", "och att det som", "the and with"]).is_empty()
        );
        assert!(SimilarQuery::from_texts(&["2026 1234 ab x"]).is_empty(), "digits and short words");
        assert!(SimilarQuery::from_texts(&["", "  ", "\"*^-:()"]).is_empty());
        assert_eq!(
            similar(&["Kirjastojen ja koulujen aukioloajat"]),
            ["kirjastojen", "koulujen", "aukioloajat"]
        );
        assert!(!is_meaningful(&fold("että")) && !is_meaningful(&fold("Även")) && !is_meaningful("with"));
        assert!(is_meaningful("kirjasto") && is_meaningful("bibliotek") && is_meaningful("data"));
    }

    #[test]
    fn the_stop_list_is_folded_and_without_short_words() {
        for w in STOP_WORDS {
            assert_eq!(fold(w), *w, "{w} is folded");
            assert!(w.chars().count() >= MIN_SIMILAR_WORD_CHARS || !is_meaningful(w), "{w}");
        }
    }

    #[test]
    fn similar_words_come_title_first_distinct_and_capped() {
        assert_eq!(
            similar(&["Avoin data", "avoin DATA rajapinta", "Rajapinta"]),
            ["avoin", "data", "rajapinta"]
        );
        let long = (0..5_000).map(|i| format!("sana{i} ")).collect::<String>();
        let q = SimilarQuery::from_texts(&["Kirjasto", &long]);
        assert_eq!(q.words().len(), MAX_SIMILAR_WORDS);
        assert_eq!(q.words().first().map(|w| w.folded.as_str()), Some("kirjasto"));
        let huge = "a".repeat(10_000);
        let q = SimilarQuery::from_texts(&[&huge]);
        assert_eq!(q.words().first().map(|w| w.folded.chars().count()), Some(MAX_WORD_CHARS));
    }

    #[test]
    fn any_meaningful_word_makes_a_proposal_similar_across_inflection() {
        assert!(similar_finds("Kirjastojen aukioloajat", "Kirjastossa pidempi aukioloaika"));
        assert!(similar_finds("Kirjastojen aukioloajat", "Kirjasto kaikille"), "one word is enough");
        assert!(similar_finds("Biblioteken i kommunerna", "Ett bibliotek för alla"));
        assert!(!similar_finds("Kirjastojen aukioloajat", "Avoin data kunnille"));
        assert!(!similar_finds("ja että kun", "ja että kun"), "stop words find nothing");
        assert!(similar_finds("registries", "Open data registry"));
        assert!(similar_finds("palveluiden", "Palvelut"));
        assert!(similar_finds("tjänsterna", "Digitala tjänster"));
        assert!(similar_finds("Kokeilu", "kokeilu"), "the same word");
        assert!(similar_finds("data", "Avoin data"));
    }

    #[test]
    fn hostile_drafts_become_quoted_words_ored() {
        let q = SimilarQuery::from_texts(&["NEAR(kissa koira) OR \"hevonen* -lehmä ^e\u{7}' | & !"]);
        let fts = q.fts5().expect("words");
        let ts = q.tsquery().expect("words");
        assert!(!fts.contains(" AND ") && !fts.contains('*') && !fts.contains('('), "{fts}");
        assert_eq!(ts.matches(" | ").count(), q.words().len() - 1, "{ts}");
        assert!(!ts.contains('&') && !ts.contains('!') && !ts.contains('*'), "{ts}");
        for w in q.words() {
            assert!(w.folded.chars().all(char::is_alphanumeric), "{w:?}");
        }
        assert_eq!(
            SimilarQuery::from_texts(&["OR AND NOT"]).fts5(),
            None,
            "operators are short or stop words"
        );
        assert_eq!(SimilarQuery::from_texts(&["!!!"]).tsquery(), None);
    }
}
