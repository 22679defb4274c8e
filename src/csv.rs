//! CSV fields for the downloads: quoted when they need it, and never read as a formula by a
//! spreadsheet.

/// Quotes a CSV field when it holds a comma, quote or line break, and defuses spreadsheet
/// formulas (a leading `=`, `+`, `-`, `@`, tab or carriage return gets a `'` before it).
pub fn field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// A download file name's part from `name`: lowercase ASCII letters and digits, anything else
/// one `-`, at most `max` characters, no `-` at either end ("Loja São Paulo" → "loja-s-o-paulo").
pub fn file_slug(name: &str, max: usize) -> String {
    let mut slug = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug: String = slug.chars().take(max).collect();
    slug.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::field;

    #[test]
    fn fields_are_quoted_and_formulas_defused() {
        assert_eq!(field("Lobo"), "Lobo");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("line\nbreak"), "\"line\nbreak\"");
        assert_eq!(field("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(field("\t=1"), "'\t=1");
        assert_eq!(field("=1,2"), "\"'=1,2\"");
    }
}
