use leptos::prelude::*;

/// One tab: `id` is the panel's id (and the link's fragment).
#[derive(Clone)]
pub struct TabItem {
    pub id: &'static str,
    pub label: &'static str,
    pub content: ViewFn,
}

/// NHS tabs. Server-rendered with the first tab selected; after hydration the
/// tabs switch in place, and Left/Right/Home/End move between them
/// (WAI-ARIA tabs pattern). Without the `nhsuk-frontend-supported` body class
/// (set by the hydrated client) every panel shows as a plain section.
#[component]
pub fn Tabs(#[prop(into)] title: String, tabs: Vec<TabItem>) -> impl IntoView {
    let first = tabs.first().map(|t| t.id).unwrap_or_default();
    let selected = RwSignal::new(first);
    let ids: Vec<&'static str> = tabs.iter().map(|t| t.id).collect();

    let focus_tab = move |id: &'static str| {
        selected.set(id);
        #[cfg(feature = "hydrate")]
        {
            if let Some(el) = document().get_element_by_id(&format!("tab_{id}")) {
                use leptos::wasm_bindgen::JsCast;
                if let Ok(el) = el.dyn_into::<leptos::web_sys::HtmlElement>() {
                    let _ = el.focus();
                }
            }
        }
    };

    let on_keydown = {
        let ids = ids.clone();
        move |ev: leptos::ev::KeyboardEvent| {
            let Some(pos) = ids.iter().position(|id| *id == selected.get_untracked()) else {
                return;
            };
            let next = match ev.key().as_str() {
                "ArrowRight" => Some((pos + 1) % ids.len()),
                "ArrowLeft" => Some((pos + ids.len() - 1) % ids.len()),
                "Home" => Some(0),
                "End" => Some(ids.len() - 1),
                _ => None,
            };
            if let Some(next) = next {
                ev.prevent_default();
                focus_tab(ids[next]);
            }
        }
    };

    let list = tabs
        .iter()
        .map(|tab| {
            let id = tab.id;
            let is_selected = move || selected.get() == id;
            view! {
                <li
                    class="nhsuk-tabs__list-item"
                    class:nhsuk-tabs__list-item--selected=is_selected
                    role="presentation"
                >
                    <a
                        class="nhsuk-tabs__tab"
                        href=format!("#{id}")
                        id=format!("tab_{id}")
                        role="tab"
                        aria-controls=id
                        aria-selected=move || if is_selected() { "true" } else { "false" }
                        tabindex=move || if is_selected() { "0" } else { "-1" }
                        on:click=move |ev| {
                            ev.prevent_default();
                            selected.set(id);
                        }
                    >
                        {tab.label}
                    </a>
                </li>
            }
        })
        .collect_view();

    let panels = tabs
        .into_iter()
        .map(|tab| {
            let id = tab.id;
            view! {
                <div
                    class="nhsuk-tabs__panel"
                    class:nhsuk-tabs__panel--hidden=move || selected.get() != id
                    id=id
                    role="tabpanel"
                    aria-labelledby=format!("tab_{id}")
                >
                    {tab.content.run()}
                </div>
            }
        })
        .collect_view();

    view! {
        <div class="nhsuk-tabs" data-module="nhsuk-tabs">
            <h2 class="nhsuk-tabs__heading">{title}</h2>
            <ul class="nhsuk-tabs__list" role="tablist" on:keydown=on_keydown>
                {list}
            </ul>
            {panels}
        </div>
    }
}
