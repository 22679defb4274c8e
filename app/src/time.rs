//! Times as a workspace reads them: in its own time zone, written the reader's way. The server
//! takes the zone's offset from its bundled tz database; the browser asks its own (`Intl`), so
//! the WASM carries no tz database and both sides write the same digits.

use crate::error::ApiError;
use crate::i18n::{locale, t};
use leptos::prelude::*;

/// The time zone of the workspace being shown (IANA name), as the shell was given it or as
/// saved since (so the sidebar follows a change without a reload); set by the shell.
#[derive(Clone, Copy)]
pub struct WorkspaceZone {
    tenant: Memo<String>,
    given: Signal<String>,
    /// The zone saved on this page, and for which workspace.
    saved: RwSignal<Option<(String, String)>>,
}

impl WorkspaceZone {
    /// The zone of workspace `tenant`, `given` by the shell.
    pub fn new(tenant: Memo<String>, given: Signal<String>) -> Self {
        Self {
            tenant,
            given,
            saved: RwSignal::new(None),
        }
    }

    /// The zone now (tracked).
    pub fn get(&self) -> String {
        let tenant = self.tenant.get();
        match self.saved.get() {
            Some((saved_for, zone)) if saved_for == tenant => zone,
            _ => self.given.get(),
        }
    }

    /// The workspace's zone was saved as `zone`.
    pub fn saved(&self, zone: String) {
        self.saved.set(Some((self.tenant.get_untracked(), zone)));
    }
}

/// The workspace's time zone, or UTC outside a workspace.
pub fn zone() -> String {
    use_context::<WorkspaceZone>()
        .map(|z| untrack(|| z.get()))
        .filter(|z| !z.is_empty())
        .unwrap_or_else(|| "UTC".into())
}

/// Unix seconds `at` as a local date and time in the workspace's zone.
pub fn local_time(at: i64) -> String {
    baas::time::format_local(at, offset_at(&zone(), at), locale())
}

/// A time zone field: every IANA zone the server knows, searchable by typing any part of the
/// name ("Sao" finds America/Sao_Paulo); the server still refuses a name it does not know.
/// The list and the browser's own zone (for an empty field) arrive once the page is live, so
/// the server-rendered page and the hydrated one start the same.
#[component]
pub fn ZonePicker(
    /// The form field's name.
    name: &'static str,
    /// The zone shown at first (empty: the browser's own zone, once the page is live).
    value: String,
    #[prop(into, optional)] disabled: Signal<bool>,
    testid: &'static str,
) -> impl IntoView {
    let zone = RwSignal::new(value.clone());
    let zones = RwSignal::new(Vec::<String>::new());
    Effect::new(move |_| {
        if zone.get_untracked().is_empty() {
            if let Some(own) = browser_zone() {
                zone.set(own);
            }
        }
        leptos::task::spawn_local(async move {
            if let Ok(list) = time_zones().await {
                zones.set(list);
            }
        });
    });
    let list_id = format!("{testid}-zones");
    view! {
        <input type="text" name=name value=value prop:value=move || zone.get() maxlength="64"
            on:input=move |ev| zone.set(event_target_value(&ev))
            list=list_id.clone() autocomplete="off" spellcheck="false"
            placeholder=t("zone-placeholder") disabled=move || disabled.get() data-testid=testid />
        <datalist id=list_id>
            {move || zones.get().into_iter().map(|z| view! { <option value=z></option> }).collect_view()}
        </datalist>
    }
}

/// Every IANA time zone name the server's tz database knows, sorted.
#[server(prefix = "/api", endpoint = "time_zones")]
pub async fn time_zones() -> Result<Vec<String>, ApiError> {
    Ok(baas::tz::Zone::all_names())
}

/// The browser's own time zone.
fn browser_zone() -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        use js_sys::{Array, Intl, Object, Reflect};
        let options = Intl::DateTimeFormat::new(&Array::new(), &Object::new()).resolved_options();
        Reflect::get(&options, &"timeZone".into()).ok()?.as_string()
    }
    #[cfg(not(feature = "hydrate"))]
    None
}

/// Seconds east of UTC in `zone` at `at`.
#[cfg(feature = "ssr")]
fn offset_at(zone: &str, at: i64) -> i32 {
    baas::tz::Zone::stored(zone).offset_at(at)
}

/// Seconds east of UTC in `zone` at `at`, from the browser's own tz database: the zone's
/// wall-clock fields at `at`, read as if they were UTC, minus `at`.
#[cfg(not(feature = "ssr"))]
fn offset_at(zone: &str, at: i64) -> i32 {
    browser::offset_at(zone, at).unwrap_or(0)
}

#[cfg(not(feature = "ssr"))]
mod browser {
    use js_sys::wasm_bindgen::JsValue;
    use js_sys::{Array, Date, Intl, Object, Reflect};

    pub fn offset_at(zone: &str, at: i64) -> Option<i32> {
        let options = Object::new();
        for (k, v) in [
            ("timeZone", zone),
            ("hourCycle", "h23"),
            ("year", "numeric"),
            ("month", "numeric"),
            ("day", "numeric"),
            ("hour", "numeric"),
            ("minute", "numeric"),
            ("second", "numeric"),
        ] {
            Reflect::set(&options, &k.into(), &v.into()).ok()?;
        }
        let format = Intl::DateTimeFormat::new(&Array::of1(&"en-US".into()), &options);
        let date = Date::new(&JsValue::from_f64(at as f64 * 1000.0));
        let parts = format.format_to_parts(&date);
        let mut fields = [0i64; 6];
        for part in parts.iter() {
            let kind = Reflect::get(&part, &"type".into()).ok()?.as_string()?;
            let value = Reflect::get(&part, &"value".into()).ok()?.as_string()?;
            let slot = match kind.as_str() {
                "year" => 0,
                "month" => 1,
                "day" => 2,
                "hour" => 3,
                "minute" => 4,
                "second" => 5,
                _ => continue,
            };
            fields[slot] = value.parse().ok()?;
        }
        let [y, mo, d, h, mi, s] = fields;
        let days = baas::time::days_from_civil(y, mo as u32, d as u32);
        let wall = days * 86_400 + (h % 24) * 3600 + mi * 60 + s;
        i32::try_from(wall - at).ok()
    }
}
