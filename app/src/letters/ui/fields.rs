//! "Fields": the merge fields a letter body may use, each with the text to
//! type; once the page has hydrated, "Insert" puts one at the cursor of
//! the body.

use leptos::prelude::*;

use crate::letters::model::FIELDS;

/// The "Fields" list for the text area `target`; `extra` is a marker the
/// body may also hold (the base's `{{letter}}`), with what it means.
#[component]
pub fn FieldsList(
    target: &'static str,
    #[prop(optional)] extra: Option<(&'static str, &'static str)>,
) -> impl IntoView {
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    let rows = extra
        .into_iter()
        .chain(FIELDS.iter().map(|f| (f.key, f.label)))
        .map(|(key, label)| {
            let code = format!("{{{{{key}}}}}");
            let insert = code.clone();
            view! {
                <tr class="nhsuk-table__row">
                    <td class="nhsuk-table__cell">{label}</td>
                    <td class="nhsuk-table__cell"><code>{code}</code></td>
                    <td class="nhsuk-table__cell">
                        <Show when=move || hydrated.get()>
                            {
                                let insert = insert.clone();
                                view! {
                                    <button type="button" class="gh-link-button" on:click=move |_| insert_at_cursor(target, &insert)>
                                        "Insert" <span class="nhsuk-u-visually-hidden">{format!(" {label}")}</span>
                                    </button>
                                }
                            }
                        </Show>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <details class="nhsuk-details">
            <summary class="nhsuk-details__summary">
                <span class="nhsuk-details__summary-text">"Fields"</span>
            </summary>
            <div class="nhsuk-details__text">
                <p class="nhsuk-body">"Type a field where its information should go, or choose Insert. Information about the patient and the practice replaces it in each letter."</p>
                <table class="nhsuk-table">
                    <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">"Fields"</caption>
                    <thead class="nhsuk-table__head">
                        <tr class="nhsuk-table__row">
                            <th scope="col" class="nhsuk-table__header">"Information"</th>
                            <th scope="col" class="nhsuk-table__header">"Field"</th>
                            <th scope="col" class="nhsuk-table__header"><span class="nhsuk-u-visually-hidden">"Action"</span></th>
                        </tr>
                    </thead>
                    <tbody class="nhsuk-table__body">{rows}</tbody>
                </table>
            </div>
        </details>
    }
}

/// Puts `text` at the cursor of the text area `id` and gives it focus.
#[cfg(feature = "hydrate")]
fn insert_at_cursor(id: &str, text: &str) {
    use web_sys::wasm_bindgen::JsCast;
    let Some(area) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
    else {
        return;
    };
    let value = area.value();
    let chars: Vec<char> = value.chars().collect();
    // The selection is in UTF-16 units; count characters the same way.
    let to_index = |units: u32| {
        let mut seen = 0u32;
        chars
            .iter()
            .position(|c| {
                let here = seen;
                seen += c.len_utf16() as u32;
                here >= units
            })
            .unwrap_or(chars.len())
    };
    let start = to_index(area.selection_start().ok().flatten().unwrap_or(u32::MAX));
    let end = to_index(area.selection_end().ok().flatten().unwrap_or(u32::MAX)).max(start);
    let updated: String = chars[..start]
        .iter()
        .chain(text.chars().collect::<Vec<_>>().iter())
        .chain(chars[end..].iter())
        .collect();
    area.set_value(&updated);
    let cursor: u32 = chars[..start]
        .iter()
        .map(|c| c.len_utf16() as u32)
        .sum::<u32>()
        + text.encode_utf16().count() as u32;
    let _ = area.focus();
    let _ = area.set_selection_range(cursor, cursor);
}

#[cfg(not(feature = "hydrate"))]
fn insert_at_cursor(_id: &str, _text: &str) {}
