//! The dashboard's language. The server chooses it for each page — the person's choice (kept
//! in a cookie, set again at every sign-in), else the browser's languages — and writes it into
//! `<html lang>`, which the browser reads back when it hydrates, so both render the same words.
//! The words are messages of the Fluent catalogues in `locales/`.

use baas::i18n::{Locale, Text};
use leptos::prelude::*;

/// The cookie that carries a person's choice of language.
pub const LANGUAGE_COOKIE: &str = "baas_lang";

/// The language a workspace speaks by default (from its time zone), for a person who chose
/// none and whose browser names none BaaS speaks; the server attaches it to page requests.
#[derive(Debug, Clone, Copy)]
pub struct WorkspaceLanguage(pub Locale);

/// The language of the page being rendered; in a server function, that of the page calling it
/// (what [`page_locale`] reads from the request), so its refusals are said in the same words.
pub fn locale() -> Locale {
    use_context::<Locale>().unwrap_or_else(page_locale)
}

/// Message `id` in the page's language.
pub fn t(id: &str) -> String {
    baas::i18n::render(locale(), &Text::new(id))
}

/// `text` (a message with its arguments) in the page's language.
pub fn tr(text: &Text) -> String {
    baas::i18n::render(locale(), text)
}

/// One word of a select message in the page's language: message `id` with its `$key` set to
/// `value` (a state, a kind, a tone).
pub fn word(id: &str, key: &str, value: &str) -> String {
    tr(&Text::new(id).str(key, value))
}

/// A state in words from the catalogue (`prefix-state`, e.g. `health-down`), or the state
/// itself when the catalogue has no word for it.
pub fn state_word(prefix: &str, state: &str) -> String {
    let id = format!("{prefix}-{state}");
    let word = t(&id);
    if word == id {
        state.to_string()
    } else {
        word
    }
}

/// The `Set-Cookie` value that keeps `choice` (or, for `None`, forgets the choice).
#[cfg(feature = "ssr")]
pub fn language_cookie(choice: Option<Locale>, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    match choice {
        Some(l) => format!(
            "{LANGUAGE_COOKIE}={}; Path=/; HttpOnly; SameSite=Lax; Max-Age=31536000{secure}",
            l.tag()
        ),
        None => format!("{LANGUAGE_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}"),
    }
}

/// The language this page is rendered in.
pub(crate) fn page_locale() -> Locale {
    #[cfg(feature = "ssr")]
    {
        use http::request::Parts;
        let Some(parts) = use_context::<Parts>() else {
            return Locale::default();
        };
        let chosen = parts
            .headers
            .get_all(http::header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(k, _)| *k == LANGUAGE_COOKIE)
            .and_then(|(_, v)| Locale::parse(v));
        chosen
            .or_else(|| {
                parts
                    .headers
                    .get(http::header::ACCEPT_LANGUAGE)
                    .and_then(|v| v.to_str().ok())
                    .and_then(Locale::find_in_accept_language)
            })
            .or_else(|| parts.extensions.get::<WorkspaceLanguage>().map(|w| w.0))
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        document()
            .document_element()
            .map(|html| Locale::from_tag(&html.get_attribute("lang").unwrap_or_default()))
            .unwrap_or_default()
    }
}

/// A stored message in the reader's language, else the English it was stored with.
pub fn said(text: Option<&Text>, english: &str) -> String {
    text.map_or_else(|| english.to_string(), tr)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// The message ids written literally in the app's sources: `t("…")` and `Text::new("…")`.
    fn ids_in(dir: &Path, out: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).expect("app sources") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                ids_in(&path, out);
                continue;
            }
            let source = std::fs::read_to_string(&path).expect("source");
            for opener in ["t(\"", "Text::new(\""] {
                for (at, _) in source.match_indices(opener) {
                    let before = source[..at].chars().next_back();
                    if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                        continue;
                    }
                    let rest = &source[at + opener.len()..];
                    let id = rest.split('"').next().unwrap_or("");
                    let is_id =
                        !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
                    if is_id {
                        out.push((id.to_string(), path.display().to_string()));
                    }
                }
            }
        }
    }

    /// A mistyped id would show itself to the reader instead of the words: every id the pages
    /// use must be in the catalogue (the catalogue test makes the three languages agree).
    #[test]
    fn every_message_the_pages_use_is_in_the_catalogue() {
        let mut ids = Vec::new();
        ids_in(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut ids);
        assert!(ids.len() > 20, "the scan finds the pages' messages");
        let missing: Vec<_> = ids
            .iter()
            .filter(|(id, _)| baas::i18n::render(Locale::En, &Text::new(id)) == *id)
            .collect();
        assert!(missing.is_empty(), "not in locales/en: {missing:?}");
    }
}
