use leptos::prelude::*;

/// `nhsuk-back-link`.
#[component]
pub fn BackLink(
    #[prop(into)] href: String,
    #[prop(default = "Back")] text: &'static str,
) -> impl IntoView {
    view! { <a class="nhsuk-back-link" href=href>{text}</a> }
}

/// A confirmation panel (`nhsuk-panel`) with a heading and body.
#[component]
pub fn Panel(#[prop(into)] title: String, children: Children) -> impl IntoView {
    view! {
        <div class="nhsuk-panel">
            <h1 class="nhsuk-panel__heading">{title}</h1>
            <div class="nhsuk-panel__body">{children()}</div>
        </div>
    }
}

/// A notification banner; `success` uses the green variant with role alert.
#[component]
pub fn NotificationBanner(
    #[prop(into)] title: String,
    #[prop(optional)] success: bool,
    children: Children,
) -> impl IntoView {
    let class = if success {
        "nhsuk-notification-banner nhsuk-notification-banner--success"
    } else {
        "nhsuk-notification-banner"
    };
    let role = if success { "alert" } else { "region" };
    view! {
        <div
            class=class
            data-module="nhsuk-notification-banner"
            role=role
            aria-labelledby="nhsuk-notification-banner-title"
        >
            <div class="nhsuk-notification-banner__header">
                <h2 class="nhsuk-notification-banner__title" id="nhsuk-notification-banner-title">
                    {title}
                </h2>
            </div>
            <div class="nhsuk-notification-banner__content">{children()}</div>
        </div>
    }
}

/// `nhsuk-summary-list`; its children are `SummaryRow`s.
#[component]
pub fn SummaryList(children: Children) -> impl IntoView {
    view! { <dl class="nhsuk-summary-list">{children()}</dl> }
}

#[component]
pub fn SummaryRow(#[prop(into)] key: String, children: Children) -> impl IntoView {
    view! {
        <div class="nhsuk-summary-list__row">
            <dt class="nhsuk-summary-list__key">{key}</dt>
            <dd class="nhsuk-summary-list__value">{children()}</dd>
        </div>
    }
}

/// `nhsuk-table` with a caption and column headings; children are the body
/// rows. On a narrow screen the table scrolls sideways inside its own
/// region (which takes keyboard focus, so it can be scrolled by keyboard),
/// never the whole page.
#[component]
pub fn Table(
    #[prop(into)] caption: String,
    headings: Vec<&'static str>,
    children: Children,
) -> impl IntoView {
    let head = headings
        .into_iter()
        .map(|h| view! { <th class="nhsuk-table__header" scope="col">{h}</th> })
        .collect_view();
    let label = caption.clone();
    view! {
        <div class="gh-table-scroll" tabindex="0" role="region" aria-label=label>
            <table class="nhsuk-table">
                <caption class="nhsuk-table__caption nhsuk-table__caption--m">{caption}</caption>
                <thead class="nhsuk-table__head">
                    <tr class="nhsuk-table__row">{head}</tr>
                </thead>
                <tbody class="nhsuk-table__body">{children()}</tbody>
            </table>
        </div>
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TagColour {
    #[default]
    Blue,
    Grey,
    Green,
    Yellow,
    Orange,
    Red,
    Purple,
}

impl TagColour {
    fn class(self) -> &'static str {
        match self {
            TagColour::Blue => "nhsuk-tag",
            TagColour::Grey => "nhsuk-tag nhsuk-tag--grey",
            TagColour::Green => "nhsuk-tag nhsuk-tag--green",
            TagColour::Yellow => "nhsuk-tag nhsuk-tag--yellow",
            TagColour::Orange => "nhsuk-tag nhsuk-tag--orange",
            TagColour::Red => "nhsuk-tag nhsuk-tag--red",
            TagColour::Purple => "nhsuk-tag nhsuk-tag--purple",
        }
    }
}

/// A status tag (`nhsuk-tag`).
#[component]
pub fn Tag(#[prop(into)] text: String, #[prop(optional)] colour: TagColour) -> impl IntoView {
    view! { <strong class=colour.class()>{text}</strong> }
}
