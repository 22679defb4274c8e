//! What every form and destructive button shares: a save's state shown beside its button
//! ("Saving…", "Saved" or the error, read out by screen readers), and a confirmation asked in
//! place, naming what will happen, before anything that cannot be undone.
//!
//! A form keeps what the person typed when the server refuses it (pages reload their data on
//! success only, see `pages::successes`), so the error is read next to the value that caused
//! it; a new save replaces the old error with "Saving…".

use crate::i18n::t;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// Where a form's last save stands.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum SaveState {
    /// Nothing saved since the page loaded.
    #[default]
    Idle,
    Saving,
    Saved,
    /// The server refused it, with the reason to show.
    Failed(String),
}

impl SaveState {
    /// The state of `action`'s latest save: in flight, or how the last one ended.
    pub fn of<S>(action: ServerAction<S>) -> Signal<SaveState>
    where
        S: ServerFn + Clone + Send + Sync + 'static,
        S::Output: Send + Sync + 'static,
        S::Error: std::fmt::Display + Send + Sync + 'static,
    {
        Signal::derive(move || {
            if action.pending().get() {
                return SaveState::Saving;
            }
            action.value().with(|v| match v {
                None => SaveState::Idle,
                Some(Ok(_)) => SaveState::Saved,
                Some(Err(e)) => SaveState::Failed(e.to_string()),
            })
        })
    }

    fn name(&self) -> &'static str {
        match self {
            SaveState::Idle => "idle",
            SaveState::Saving => "saving",
            SaveState::Saved => "saved",
            SaveState::Failed(_) => "failed",
        }
    }
}

/// The saves of many forms sharing one action (the rows of a table), each row's outcome shown
/// in that row only. Made beside the action, outside the rows, so the outcome outlives the rows
/// being drawn again when a success reloads the list.
pub struct RowSaves<K: Send + Sync + 'static> {
    state: Signal<SaveState>,
    last: RwSignal<Option<K>>,
}

impl<K: Send + Sync + 'static> Clone for RowSaves<K> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<K: Send + Sync + 'static> Copy for RowSaves<K> {}

impl<K: Clone + PartialEq + Send + Sync + 'static> RowSaves<K> {
    /// `key` names the row a save's arguments came from.
    pub fn new<S>(action: ServerAction<S>, key: impl Fn(&S) -> K + 'static) -> Self
    where
        S: ServerFn + Clone + Send + Sync + 'static,
        S::Output: Send + Sync + 'static,
        S::Error: std::fmt::Display + Send + Sync + 'static,
    {
        let last = RwSignal::new(None);
        // The arguments are only readable while the save is in flight: remember whose it was.
        Effect::new(move |_| {
            if let Some(row) = action.input().with(|i| i.as_ref().map(&key)) {
                last.set(Some(row));
            }
        });
        Self {
            state: SaveState::of(action),
            last,
        }
    }

    /// The state of row `row`'s save: idle unless the latest save was this row's.
    pub fn of(self, row: K) -> Signal<SaveState> {
        Signal::derive(move || {
            if self.last.with(|l| l.as_ref() == Some(&row)) {
                self.state.get()
            } else {
                SaveState::Idle
            }
        })
    }
}

/// A save's state, beside the form's button. `testid` names the status itself; its success
/// and its error carry `<testid>-saved` and `<testid>-error`.
#[component]
pub fn SaveStatus(
    #[prop(into)] state: Signal<SaveState>,
    #[prop(into)] testid: String,
    /// What a success says, when more than "Saved" (a version number).
    #[prop(optional, into)]
    saved: Option<Signal<String>>,
) -> impl IntoView {
    let ids = StoredValue::new((format!("{testid}-saved"), format!("{testid}-error")));
    view! {
        <span
            class="save-status"
            role="status"
            aria-live="polite"
            data-testid=testid
            data-state=move || state.with(SaveState::name)
        >
            {move || match state.get() {
                SaveState::Idle => ().into_any(),
                SaveState::Saving => view! { <span class="muted">{t("forms-saving")}</span> }.into_any(),
                SaveState::Saved => view! {
                    <span class="saved" data-testid=ids.with_value(|i| i.0.clone())>
                        {saved.map_or_else(|| t("forms-saved"), |s| s.get())}
                    </span>
                }.into_any(),
                SaveState::Failed(e) => view! {
                    <span class="error" data-testid=ids.with_value(|i| i.1.clone())>{e}</span>
                }.into_any(),
            }}
        </span>
    }
}

/// A destructive action's button. The first press asks, in its place, what will happen
/// (`question`), with `confirm` and "Cancel"; only `confirm` runs `on_confirm`. The confirm
/// button's test id is `<testid>-confirm`, Cancel's `<testid>-cancel`.
#[component]
pub fn ConfirmButton(
    /// The button as first shown, e.g. "Revoke".
    #[prop(into)]
    label: String,
    /// What will happen, e.g. "Revoke key “prod-1”? Bots using it stop working at once."
    #[prop(into)]
    question: Signal<String>,
    /// The button that does it, e.g. "Revoke key".
    #[prop(into)]
    confirm: Signal<String>,
    #[prop(into)] testid: String,
    on_confirm: Callback<()>,
    /// Whether to ask at all; when it is false the first press acts at once.
    #[prop(optional, into)]
    ask: Option<Signal<bool>>,
    #[prop(optional, into)] disabled: Signal<bool>,
    #[prop(default = "link-button danger")] class: &'static str,
) -> impl IntoView {
    let asking = RwSignal::new(false);
    let ask = ask.unwrap_or_else(|| Signal::stored(true));
    let ids = StoredValue::new((
        testid.clone(),
        format!("{testid}-confirm"),
        format!("{testid}-cancel"),
    ));
    let label = StoredValue::new(label);
    let cancel = NodeRef::<leptos::html::Button>::new();
    // The safe choice has the focus while the question stands, so Enter does not destroy.
    Effect::new(move |_| {
        if asking.get() {
            if let Some(button) = cancel.get() {
                let _ = button.focus();
            }
        }
    });
    let press = move |_| {
        if ask.get_untracked() {
            asking.set(true);
        } else {
            on_confirm.run(());
        }
    };
    view! {
        <Show
            when=move || asking.get()
            fallback=move || view! {
                <button type="button" class=class data-testid=ids.with_value(|i| i.0.clone())
                    disabled=move || disabled.get() on:click=press>
                    {label.get_value()}
                </button>
            }
        >
            <span class="confirm" role="group" aria-label=move || question.get()
                on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                    if ev.key() == "Escape" {
                        asking.set(false);
                    }
                }>
                <span class="confirm-question">{move || question.get()}</span>
                <button type="button" class="button small danger" data-testid=ids.with_value(|i| i.1.clone())
                    on:click=move |_| {
                        asking.set(false);
                        on_confirm.run(());
                    }>
                    {move || confirm.get()}
                </button>
                <button type="button" class="button small" node_ref=cancel data-testid=ids.with_value(|i| i.2.clone())
                    on:click=move |_| asking.set(false)>
                    {t("forms-cancel")}
                </button>
            </span>
        </Show>
    }
}
