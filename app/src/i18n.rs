//! The dashboard's language. The server chooses it for each page — the person's choice (kept
//! in a cookie, set again at every sign-in), else the browser's languages — and writes it into
//! `<html lang>`, which the browser reads back when it hydrates, so both render the same words.
//! The words are messages of the Fluent catalogues in `locales/`.

use baas::i18n::{Locale, Text};
use leptos::prelude::*;

/// The cookie that carries a person's choice of language.
pub const LANGUAGE_COOKIE: &str = "baas_lang";

/// The language of the page being rendered.
pub fn locale() -> Locale {
    use_context::<Locale>().unwrap_or_default()
}

/// Message `id` in the page's language.
pub fn t(id: &str) -> String {
    baas::i18n::render(locale(), &Text::new(id))
}

/// `text` (a message with its arguments) in the page's language.
pub fn tr(text: &Text) -> String {
    baas::i18n::render(locale(), text)
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
        chosen.unwrap_or_else(|| {
            parts
                .headers
                .get(http::header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .map(Locale::from_accept_language)
                .unwrap_or_default()
        })
    }
    #[cfg(not(feature = "ssr"))]
    {
        document()
            .document_element()
            .map(|html| Locale::from_tag(&html.get_attribute("lang").unwrap_or_default()))
            .unwrap_or_default()
    }
}
