//! A Copy button for what is shown once (a key, an invite link, a snippet): it puts the text on
//! the clipboard and says "Copied" where it was pressed, or asks to copy by hand when the
//! browser refuses.

use crate::i18n::t;
use leptos::prelude::*;

/// What the last press did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Ready,
    Copied,
    // Only the browser copies, so only the browser is refused.
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    Refused,
}

/// Copies `text` when pressed; `testid` names the button.
#[component]
pub fn CopyButton(
    #[prop(into)] text: Signal<String>,
    #[prop(into)] testid: String,
    /// What the button says before it is pressed, when more than "Copy".
    #[prop(optional, into)]
    label: Option<String>,
) -> impl IntoView {
    let label = StoredValue::new(label.unwrap_or_else(|| t("clipboard-copy")));
    let outcome = RwSignal::new(Outcome::Ready);
    let press = move |_| {
        #[cfg(feature = "hydrate")]
        browser::write(text.get_untracked(), outcome);
        #[cfg(not(feature = "hydrate"))]
        let _ = text;
    };
    view! {
        <button type="button" class="button small copy" data-testid=testid
            data-copied=move || (outcome.get() == Outcome::Copied).to_string() on:click=press>
            {move || match outcome.get() {
                Outcome::Copied => t("clipboard-copied"),
                Outcome::Ready | Outcome::Refused => label.get_value(),
            }}
        </button>
        <span class="field-note" role="status" aria-live="polite">
            {move || match outcome.get() {
                Outcome::Ready => String::new(),
                Outcome::Copied => t("clipboard-copied-note"),
                Outcome::Refused => t("clipboard-refused"),
            }}
        </span>
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use super::Outcome;
    use leptos::prelude::*;
    use leptos::wasm_bindgen::closure::Closure;
    use leptos::wasm_bindgen::{JsCast, JsValue};
    use leptos::web_sys::js_sys::{global, Function, Promise, Reflect};

    /// `navigator.clipboard.writeText(text)`, reporting how it ended in `outcome`; "Copied"
    /// returns to the label after a few seconds, so a second copy is seen too.
    pub(super) fn write(text: String, outcome: RwSignal<Outcome>) {
        let clipboard = Reflect::get(&global(), &JsValue::from_str("navigator"))
            .and_then(|n| Reflect::get(&n, &JsValue::from_str("clipboard")));
        let promise = clipboard.and_then(|c| {
            Reflect::get(&c, &JsValue::from_str("writeText"))
                .and_then(|f| f.dyn_into::<Function>())
                .and_then(|f| f.call1(&c, &JsValue::from_str(&text)))
                .and_then(|p| p.dyn_into::<Promise>())
        });
        let Ok(promise) = promise else {
            outcome.set(Outcome::Refused);
            return;
        };
        let done = Closure::<dyn FnMut(JsValue)>::new(move |_| {
            outcome.set(Outcome::Copied);
            set_timeout(
                move || {
                    if outcome.get_untracked() == Outcome::Copied {
                        outcome.set(Outcome::Ready);
                    }
                },
                std::time::Duration::from_secs(4),
            );
        });
        let refused = Closure::<dyn FnMut(JsValue)>::new(move |_| outcome.set(Outcome::Refused));
        let _ = promise.then2(&done, &refused);
        // The promise calls one of them later, after this function returns.
        done.forget();
        refused.forget();
    }
}
