//! Leptos components for the NHS.UK frontend patterns every feature uses,
//! and the page pieces pages share: the error pages, `PageReady`, the page
//! skeleton (`PageSkeleton`: "Loading…", then the page or its error page)
//! and the form hook (`use_form_errors`: error summary, focus, field
//! errors). The markup follows nhsuk-frontend 10's own templates.

mod error_page;
mod form;
mod form_hook;
mod layout;
mod lazy_page;
mod page_ready;
mod page_skeleton;
mod tabs;

pub use error_page::{ErrorPage, NotFound};
pub use form::{
    Button, ButtonKind, Checkbox, DateInput, ErrorSummary, PageHasErrors, Radios, Select,
    TextInput, Textarea,
};
pub use form_hook::{use_form_errors, FormErrors};
pub use layout::{
    BackLink, NotificationBanner, Panel, SummaryList, SummaryRow, Table, Tag, TagColour,
};
pub(crate) use lazy_page::lazy_page;
pub use page_ready::PageReady;
pub use page_skeleton::PageSkeleton;
pub use tabs::{TabItem, Tabs};

/// The field errors to show for a server action's latest result. An error
/// that belongs to no field is shown against `default_field`.
pub fn form_errors<T, S>(
    value: S,
    default_field: &'static str,
) -> leptos::prelude::Signal<crate::error::FieldErrors>
where
    T: Send + Sync + 'static,
    S: leptos::prelude::With<Value = Option<Result<T, crate::error::AppError>>>
        + Send
        + Sync
        + 'static,
{
    use crate::error::{AppError, FieldError, FieldErrors};
    leptos::prelude::Signal::derive(move || {
        value.with(|latest| match latest {
            Some(Err(AppError::Invalid(errors))) => errors.clone(),
            Some(Err(other)) => {
                FieldErrors(vec![FieldError::new(default_field, other.to_string())])
            }
            _ => FieldErrors::default(),
        })
    })
}

/// The current value of the form control with this id (input, select or
/// text area), read in the browser; empty on the server.
pub fn field_value(id: &str) -> String {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        use leptos::web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
        if let Some(el) = leptos::prelude::document().get_element_by_id(id) {
            if let Some(input) = el.dyn_ref::<HtmlInputElement>() {
                return input.value();
            }
            if let Some(select) = el.dyn_ref::<HtmlSelectElement>() {
                return select.value();
            }
            if let Some(area) = el.dyn_ref::<HtmlTextAreaElement>() {
                return area.value();
            }
        }
    }
    let _ = id;
    String::new()
}

/// Empties the text area with this id (after what was typed has been sent,
/// so it cannot be sent twice). Does nothing on the server.
pub fn clear_text_area(id: &str) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        let area = leptos::prelude::document()
            .get_element_by_id(id)
            .and_then(|el| el.dyn_into::<leptos::web_sys::HtmlTextAreaElement>().ok());
        if let Some(area) = area {
            area.set_value("");
        }
    }
    let _ = id;
}

/// Empties the input with this id (a password that was sent must not stay
/// on the page). Does nothing on the server.
pub fn clear_input(id: &str) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        let input = leptos::prelude::document()
            .get_element_by_id(id)
            .and_then(|el| el.dyn_into::<leptos::web_sys::HtmlInputElement>().ok());
        if let Some(input) = input {
            input.set_value("");
        }
    }
    let _ = id;
}

/// Once the page has drawn, moves keyboard focus to the element with this
/// id (it needs `tabindex="-1"`) and scrolls it into view: a confirmation
/// a screen-reader and keyboard user meets at once, and from which Enter
/// sends nothing again. Does nothing on the server.
pub fn focus_when_drawn(id: impl Into<String>) {
    let id: String = id.into();
    #[cfg(feature = "hydrate")]
    leptos::prelude::request_animation_frame(move || {
        use leptos::wasm_bindgen::JsCast;
        let element = leptos::prelude::document()
            .get_element_by_id(&id)
            .and_then(|el| el.dyn_into::<leptos::web_sys::HtmlElement>().ok());
        if let Some(element) = element {
            let _ = element.focus();
            element.scroll_into_view();
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}

/// Moves keyboard focus to the error summary after a failed submission
/// (NHS error summary pattern). Does nothing on the server.
pub fn focus_error_summary() {
    // Once the page has drawn: on a page reached by client-side navigation
    // the summary is not in the document yet when its errors arrive.
    #[cfg(feature = "hydrate")]
    leptos::prelude::request_animation_frame(|| {
        use leptos::prelude::document;
        use leptos::wasm_bindgen::JsCast;
        let summary = document()
            .query_selector(".nhsuk-error-summary")
            .ok()
            .flatten()
            .and_then(|el| el.dyn_into::<leptos::web_sys::HtmlElement>().ok());
        if let Some(summary) = summary {
            let _ = summary.focus();
        }
    });
}

/// An error summary link's click: moves keyboard focus to the field it
/// names (or the first input inside it, for a group such as a date), not
/// just the page's scroll position. Without WebAssembly the link still
/// jumps to the field.
pub fn focus_field(event: leptos::ev::MouseEvent, id: &str) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::prelude::document;
        use leptos::wasm_bindgen::JsCast;
        let Some(element) = document().get_element_by_id(id) else {
            return;
        };
        let field = if matches!(element.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA") {
            Some(element)
        } else {
            element
                .query_selector("input, select, textarea")
                .ok()
                .flatten()
        };
        if let Some(field) = field.and_then(|f| f.dyn_into::<leptos::web_sys::HtmlElement>().ok()) {
            event.prevent_default();
            let _ = field.focus();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (event, id);
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    //! Server-rendered markup of each component, checked against the
    //! nhsuk-frontend 10 templates' classes and ARIA wiring.
    use leptos::prelude::*;

    use super::*;
    use crate::error::{FieldError, FieldErrors};

    fn render<V: IntoView + 'static>(view: impl FnOnce() -> V + 'static) -> String {
        let owner = Owner::new();
        owner.with(|| view().to_html())
    }

    /// Whether some `<tag …>` element has all these attributes (any order)
    /// and, when given, starts with this text.
    fn has(html: &str, tag: &str, attrs: &[&str], text: Option<&str>) -> bool {
        let open = format!("<{tag} ");
        html.match_indices(&open).any(|(start, _)| {
            let rest = &html[start..];
            let Some(end) = rest.find('>') else {
                return false;
            };
            let head = &rest[..end];
            attrs.iter().all(|a| head.contains(a))
                && text.is_none_or(|t| rest[end + 1..].starts_with(t))
        })
    }

    #[test]
    fn a_text_input_with_an_error_links_hint_and_message_to_the_input() {
        let html = render(|| {
            view! {
                <TextInput
                    id="email"
                    label="Email address"
                    hint="Your NHS email"
                    error=Signal::derive(|| Some("Enter an email address".to_string()))
                />
            }
        });
        assert!(
            has(
                &html,
                "div",
                &[r#"class="nhsuk-form-group nhsuk-form-group--error""#],
                None
            ),
            "{html}"
        );
        assert!(has(
            &html,
            "label",
            &[r#"class="nhsuk-label""#, r#"for="email""#],
            Some("Email address")
        ));
        assert!(has(
            &html,
            "div",
            &[r#"class="nhsuk-hint""#, r#"id="email-hint""#],
            Some("Your NHS email")
        ));
        assert!(has(
            &html,
            "span",
            &[r#"class="nhsuk-error-message""#, r#"id="email-error""#],
            None
        ));
        assert!(html.contains("Enter an email address"));
        assert!(has(
            &html,
            "input",
            &[
                r#"id="email""#,
                r#"aria-describedby="email-hint email-error""#,
                "nhsuk-input--error"
            ],
            None
        ));
    }

    #[test]
    fn a_text_input_without_an_error_has_no_error_markup() {
        let html = render(|| view! { <TextInput id="name" label="Name"/> });
        assert!(
            has(
                &html,
                "input",
                &[r#"id="name""#, r#"name="name""#, r#"class="nhsuk-input""#],
                None
            ),
            "{html}"
        );
        assert!(!html.contains("nhsuk-form-group--error"));
        assert!(!html.contains("aria-describedby"));
        assert!(!html.contains("nhsuk-error-message"));
    }

    #[test]
    fn the_error_summary_links_each_message_to_its_field_and_is_absent_without_errors() {
        let errors = FieldErrors(vec![
            FieldError::new("password", "Enter a password"),
            FieldError::new("confirm", "Enter the password again"),
        ]);
        let html = render(move || view! { <ErrorSummary errors=Signal::stored(errors.clone())/> });
        assert!(
            has(
                &html,
                "h2",
                &[r#"class="nhsuk-error-summary__heading""#],
                Some("There is a problem")
            ),
            "{html}"
        );
        assert!(
            has(
                &html,
                "a",
                &[r##"href="#password""##],
                Some("Enter a password")
            ),
            "{html}"
        );
        assert!(
            has(
                &html,
                "a",
                &[r##"href="#confirm""##],
                Some("Enter the password again")
            ),
            "{html}"
        );
        let first = html.find(r##"href="#password""##);
        let second = html.find(r##"href="#confirm""##);
        assert!(first < second, "summary follows the order of the fields");
        let empty =
            render(|| view! { <ErrorSummary errors=Signal::stored(FieldErrors::default())/> });
        assert!(!empty.contains("nhsuk-error-summary"));
    }

    #[test]
    fn a_date_input_has_day_month_and_year_in_a_fieldset() {
        let html = render(|| {
            view! {
                <DateInput
                    id="dob"
                    name="dob"
                    legend="What is your date of birth?"
                    hint="For example, 15 3 1984"
                    error=Signal::derive(|| Some("Date of birth must be in the past".to_string()))
                />
            }
        });
        assert!(has(
            &html,
            "fieldset",
            &[
                r#"class="nhsuk-fieldset""#,
                r#"role="group""#,
                r#"aria-describedby="dob-hint dob-error""#
            ],
            None
        ));
        for (id, name, label) in [
            ("dob", "dob_day", "Day"),
            ("dob-month", "dob_month", "Month"),
            ("dob-year", "dob_year", "Year"),
        ] {
            assert!(
                has(&html, "label", &[&format!(r#"for="{id}""#)], Some(label)),
                "{label}"
            );
            assert!(
                has(
                    &html,
                    "input",
                    &[
                        &format!(r#"id="{id}""#),
                        &format!(r#"name="{name}""#),
                        r#"inputmode="numeric""#
                    ],
                    None
                ),
                "{name}"
            );
        }
        assert!(has(
            &html,
            "input",
            &[r#"id="dob-year""#, "nhsuk-input--width-4"],
            None
        ));
    }

    #[test]
    fn a_checkbox_with_an_error_links_the_message_to_the_box() {
        let html = render(|| {
            view! {
                <Checkbox
                    id="agree"
                    label="I agree"
                    error=Signal::derive(|| Some("Tick the box".to_string()))
                />
            }
        });
        assert!(
            has(
                &html,
                "div",
                &[r#"class="nhsuk-form-group nhsuk-form-group--error""#],
                None
            ),
            "{html}"
        );
        assert!(has(
            &html,
            "span",
            &[r#"class="nhsuk-error-message""#, r#"id="agree-error""#],
            None
        ));
        assert!(has(
            &html,
            "input",
            &[
                r#"class="nhsuk-checkboxes__input""#,
                r#"id="agree""#,
                r#"name="agree""#,
                r#"type="checkbox""#,
                r#"value="yes""#,
                r#"aria-describedby="agree-error""#
            ],
            None
        ));
        assert!(has(&html, "label", &[r#"for="agree""#], Some("I agree")));
        let plain = render(|| view! { <Checkbox id="enable" label="Enable"/> });
        assert!(!plain.contains("nhsuk-error-message"), "{plain}");
        assert!(!plain.contains("aria-describedby"), "{plain}");
    }

    #[test]
    fn tabs_select_the_first_tab_and_hide_the_other_panels() {
        let html = render(|| {
            let tabs = vec![
                TabItem {
                    id: "one",
                    label: "One",
                    content: ViewFn::from(|| "first"),
                },
                TabItem {
                    id: "two",
                    label: "Two",
                    content: ViewFn::from(|| "second"),
                },
            ];
            view! { <Tabs title="Contents" tabs/> }
        });
        assert!(
            has(
                &html,
                "ul",
                &[r#"class="nhsuk-tabs__list""#, r#"role="tablist""#],
                None
            ),
            "{html}"
        );
        assert!(has(
            &html,
            "li",
            &[r#"class="nhsuk-tabs__list-item nhsuk-tabs__list-item--selected""#],
            None
        ));
        assert!(has(
            &html,
            "a",
            &[
                r##"href="#one""##,
                r#"role="tab""#,
                r#"aria-controls="one""#,
                r#"aria-selected="true""#,
                r#"tabindex="0""#
            ],
            Some("One")
        ));
        assert!(has(
            &html,
            "a",
            &[
                r##"href="#two""##,
                r#"aria-selected="false""#,
                r#"tabindex="-1""#
            ],
            Some("Two")
        ));
        assert!(has(
            &html,
            "div",
            &[
                r#"id="one""#,
                r#"class="nhsuk-tabs__panel""#,
                r#"role="tabpanel""#
            ],
            None
        ));
        assert!(has(
            &html,
            "div",
            &[
                r#"id="two""#,
                r#"class="nhsuk-tabs__panel nhsuk-tabs__panel--hidden""#
            ],
            None
        ));
    }

    #[test]
    fn summary_list_table_tag_panel_banner_and_back_link_use_nhs_classes() {
        let html = render(|| {
            view! {
                <SummaryList>
                    <SummaryRow key="Name">"Karen Francis"</SummaryRow>
                </SummaryList>
                <Table caption="Shifts" headings=vec!["Date", "Practice"]>
                    <tr class="nhsuk-table__row"><td class="nhsuk-table__cell">"1 May"</td></tr>
                </Table>
                <Tag text="Active" colour=TagColour::Green/>
                <Panel title="Booking complete">"Done"</Panel>
                <NotificationBanner title="Success" success=true>"Saved"</NotificationBanner>
                <BackLink href="/"/>
                <Button kind=ButtonKind::Secondary>"Cancel"</Button>
            }
        });
        assert!(
            has(
                &html,
                "dt",
                &[r#"class="nhsuk-summary-list__key""#],
                Some("Name")
            ),
            "{html}"
        );
        assert!(has(
            &html,
            "dd",
            &[r#"class="nhsuk-summary-list__value""#],
            Some("Karen Francis")
        ));
        assert!(has(
            &html,
            "caption",
            &["nhsuk-table__caption"],
            Some("Shifts")
        ));
        assert!(has(
            &html,
            "th",
            &[r#"class="nhsuk-table__header""#, r#"scope="col""#],
            Some("Practice")
        ));
        assert!(has(
            &html,
            "strong",
            &[r#"class="nhsuk-tag nhsuk-tag--green""#],
            Some("Active")
        ));
        assert!(has(
            &html,
            "h1",
            &[r#"class="nhsuk-panel__heading""#],
            Some("Booking complete")
        ));
        assert!(has(
            &html,
            "div",
            &[
                r#"class="nhsuk-notification-banner nhsuk-notification-banner--success""#,
                r#"role="alert""#
            ],
            None
        ));
        assert!(has(
            &html,
            "a",
            &[r#"class="nhsuk-back-link""#, r#"href="/""#],
            Some("Back")
        ));
        assert!(has(
            &html,
            "button",
            &[
                r#"class="nhsuk-button nhsuk-button--secondary""#,
                r#"type="submit""#
            ],
            Some("Cancel")
        ));
    }
}
