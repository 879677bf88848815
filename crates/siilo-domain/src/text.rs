//! What characters a text from a client may hold.
//!
//! Control characters have no place in what people write: a NUL cannot even be stored in
//! PostgreSQL, and the others hide text or break displays and logs. Every text input (body
//! fields, query parameters, path segments) is checked against this one rule at the boundary.

/// Whether a text is a single line (names, titles, addresses, parameters) or may run over
/// several lines (descriptions, comments, the parts of a proposal).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    SingleLine,
    MultiLine,
}

/// The first control character `text` may not hold, if any: every control character
/// (U+0000–U+001F, U+007F–U+009F), except that a multi-line text may hold tabs, line feeds
/// and carriage returns.
pub fn forbidden_control(text: &str, kind: TextKind) -> Option<char> {
    text.chars().find(|c| c.is_control() && !(kind == TextKind::MultiLine && matches!(c, '\t' | '\n' | '\r')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_text_passes() {
        for kind in [TextKind::SingleLine, TextKind::MultiLine] {
            assert_eq!(forbidden_control("Yhteinen avustusrekisteri – ÅÄÖ 🦔", kind), None);
            assert_eq!(forbidden_control("", kind), None);
        }
    }

    #[test]
    fn nul_and_other_controls_are_refused_everywhere() {
        for kind in [TextKind::SingleLine, TextKind::MultiLine] {
            assert_eq!(forbidden_control("a\0b", kind), Some('\0'));
            assert_eq!(forbidden_control("bell\u{7}", kind), Some('\u{7}'));
            assert_eq!(forbidden_control("esc\u{1b}[31m", kind), Some('\u{1b}'));
            assert_eq!(forbidden_control("del\u{7f}", kind), Some('\u{7f}'));
            assert_eq!(forbidden_control("c1\u{85}", kind), Some('\u{85}'));
        }
    }

    #[test]
    fn line_breaks_and_tabs_only_in_multi_line_texts() {
        for c in ['\t', '\n', '\r'] {
            let text = format!("yksi{c}kaksi");
            assert_eq!(forbidden_control(&text, TextKind::MultiLine), None);
            assert_eq!(forbidden_control(&text, TextKind::SingleLine), Some(c));
        }
    }
}
