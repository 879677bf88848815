//! Text search that forgives case and accents: "paatos" finds "Päätös", "ÅTGÄRD" finds
//! "åtgärd". Both the stored text and the query are folded the same way.

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

/// The words of a query, folded; every one must occur for a match. At most 8 words of at
/// most 64 characters each, so a query cannot grow into an expensive scan.
pub fn query_terms(q: &str) -> Vec<String> {
    fold(q)
        .split(|c: char| c.is_whitespace() || c == ',' || c == '"')
        .filter(|w| !w.is_empty())
        .map(|w| w.chars().take(64).collect())
        .take(8)
        .collect()
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
}
