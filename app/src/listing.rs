//! The shape every list on a page shares: a line while it loads, a sentence when there is
//! nothing yet, the error as an alert when it failed, else the rows.

use crate::error::ApiError;
use crate::i18n::t;
use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;

/// Renders `items` with `rows` once it has at least one; `empty` when it has none.
#[component]
pub fn Listing<T, R, V>(
    items: Resource<Result<Vec<T>, ApiError>>,
    /// Shown when the list is empty: says what would appear here and how to get it.
    #[prop(into)]
    empty: ViewFn,
    rows: R,
    /// What shows while it loads; "Loading…" in the page's language unless given.
    #[prop(optional, into)]
    loading: Option<String>,
) -> impl IntoView
where
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
    R: Fn(Vec<T>) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let loading = StoredValue::new(loading.unwrap_or_else(|| t("shell-loading")));
    view! {
        <Suspense fallback=move || view! { <p class="muted">{loading.get_value()}</p> }>
            {move || {
                let (empty, rows) = (empty.clone(), rows.clone());
                Suspend::new(async move {
                    match items.await {
                        Ok(list) if list.is_empty() => empty.run(),
                        Ok(list) => rows(list).into_any(),
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}
