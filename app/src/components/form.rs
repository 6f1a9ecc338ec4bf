use leptos::prelude::*;

use crate::error::FieldErrors;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ButtonKind {
    #[default]
    Primary,
    Secondary,
    Warning,
}

/// `nhsuk-button`; a submit button unless `button_type` says otherwise.
#[component]
pub fn Button(
    children: Children,
    #[prop(optional)] kind: ButtonKind,
    #[prop(default = "submit")] button_type: &'static str,
    #[prop(optional, into)] id: Option<String>,
    #[prop(optional, into)] disabled: Signal<bool>,
) -> impl IntoView {
    let class = match kind {
        ButtonKind::Primary => "nhsuk-button",
        ButtonKind::Secondary => "nhsuk-button nhsuk-button--secondary",
        ButtonKind::Warning => "nhsuk-button nhsuk-button--warning",
    };
    view! {
        <button
            class=class
            data-module="nhsuk-button"
            type=button_type
            id=id
            disabled=move || disabled.get()
            aria-disabled=move || disabled.get().then_some("true")
        >
            {children()}
        </button>
    }
}

/// Whether the page shows an error summary: the page title then starts
/// with "Error: " (the app's title formatter reads it).
#[derive(Debug, Clone, Copy)]
pub struct PageHasErrors(pub RwSignal<bool>);

impl PageHasErrors {
    /// Provides the flag for the whole app and returns it.
    pub fn provide() -> Self {
        let flag = PageHasErrors(RwSignal::new(false));
        provide_context(flag);
        flag
    }

    /// The page title: "Error: " first while the page shows errors, in the
    /// browser. The server writes the title outside the page's reactive
    /// arena, after its owner may be gone, where reading any signal panics
    /// (seen under load), so the server's title never reads the flag.
    pub fn title(self, text: &str) -> String {
        #[cfg(feature = "hydrate")]
        if self.0.try_get().unwrap_or(false) {
            return format!("Error: {text}");
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = self;
        text.to_string()
    }
}

/// The error summary at the top of a form: one link per field error. Renders
/// nothing while there are no errors; while it has some, the page title
/// starts with "Error: ".
#[component]
pub fn ErrorSummary(#[prop(into)] errors: Signal<FieldErrors>) -> impl IntoView {
    let flag = use_context::<PageHasErrors>();
    on_cleanup(move || {
        if let Some(flag) = flag {
            flag.0.try_set(false);
        }
    });
    move || {
        let errors = errors.get();
        if let Some(flag) = flag {
            if flag.0.try_get_untracked() == Some(errors.is_empty()) {
                flag.0.try_set(!errors.is_empty());
            }
        }
        (!errors.is_empty()).then(|| {
            let items = errors
                .0
                .into_iter()
                .map(|e| {
                    let href = format!("#{}", e.field);
                    let field = e.field.clone();
                    view! {
                        <li><a href=href on:click=move |ev| super::focus_field(ev, &field)>{e.message}</a></li>
                    }
                })
                .collect_view();
            view! {
                <div class="nhsuk-error-summary" data-module="nhsuk-error-summary" tabindex="-1">
                    <div role="alert">
                        <h2 class="nhsuk-error-summary__heading">"There is a problem"</h2>
                        <div class="nhsuk-error-summary__body">
                            <ul class="nhsuk-list nhsuk-error-summary__list">{items}</ul>
                        </div>
                    </div>
                </div>
            }
        })
    }
}

/// A field's error message (NHS error message pattern); nothing without one.
#[component]
fn ErrorMessage(#[prop(into)] id: String, error: Signal<Option<String>>) -> impl IntoView {
    move || {
        error.get().map(|message| {
            view! {
                <span class="nhsuk-error-message" id=id.clone()>
                    <span class="nhsuk-u-visually-hidden">"Error: "</span>
                    {message}
                </span>
            }
        })
    }
}

/// The `aria-describedby` of a field: its hint (if it has one) and its
/// error (while it has one).
fn described_by(
    hint_id: String,
    has_hint: bool,
    error_id: String,
    error: Signal<Option<String>>,
) -> impl Fn() -> Option<String> + Send + Sync + Clone + 'static {
    move || {
        let mut ids = Vec::new();
        if has_hint {
            ids.push(hint_id.clone());
        }
        if error.get().is_some() {
            ids.push(error_id.clone());
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

/// A labelled text area (NHS textarea pattern).
#[component]
pub fn Textarea(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    #[prop(optional, into)] name: Option<String>,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(optional, into)] error: Signal<Option<String>>,
    #[prop(default = 5)] rows: u32,
    #[prop(optional, into)] value: Option<String>,
) -> impl IntoView {
    let name = name.unwrap_or_else(|| id.clone());
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described = described_by(hint_id.clone(), hint.is_some(), error_id.clone(), error);
    view! {
        <div class="nhsuk-form-group" class:nhsuk-form-group--error=move || error.get().is_some()>
            <label class="nhsuk-label" for=id.clone()>{label}</label>
            {hint.map(|h| view! { <div class="nhsuk-hint" id=hint_id.clone()>{h}</div> })}
            <ErrorMessage id=error_id error/>
            <textarea
                class="nhsuk-textarea"
                class:nhsuk-textarea--error=move || error.get().is_some()
                id=id
                name=name
                rows=rows
                aria-describedby=described
            >{value}</textarea>
        </div>
    }
}

/// A labelled text input with optional hint and error message.
#[component]
pub fn TextInput(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    #[prop(optional, into)] name: Option<String>,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(optional, into)] error: Signal<Option<String>>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    /// The keyboard a phone shows (`numeric` for digits).
    #[prop(optional)]
    inputmode: Option<&'static str>,
    #[prop(optional, into)] value: Option<String>,
    #[prop(optional)] label_is_heading: bool,
) -> impl IntoView {
    let name = name.unwrap_or_else(|| id.clone());
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described_by = described_by(hint_id.clone(), hint.is_some(), error_id.clone(), error);
    let label_view = if label_is_heading {
        view! {
            <h1 class="nhsuk-label-wrapper">
                <label class="nhsuk-label nhsuk-label--l" for=id.clone()>{label}</label>
            </h1>
        }
        .into_any()
    } else {
        view! { <label class="nhsuk-label" for=id.clone()>{label}</label> }.into_any()
    };
    view! {
        <div class="nhsuk-form-group" class:nhsuk-form-group--error=move || error.get().is_some()>
            {label_view}
            {hint.map(|h| view! { <div class="nhsuk-hint" id=hint_id.clone()>{h}</div> })}
            <ErrorMessage id=error_id.clone() error/>
            <input
                class="nhsuk-input"
                class:nhsuk-input--error=move || error.get().is_some()
                id=id
                name=name
                type=input_type
                autocomplete=autocomplete
                inputmode=inputmode
                value=value
                aria-describedby=described_by
            />
        </div>
    }
}

/// Day, month and year inputs in a fieldset (NHS date input pattern). The
/// inputs are named `{name}_day`, `{name}_month` and `{name}_year`; the first
/// has the id `id` so the error summary can link to it.
#[component]
pub fn DateInput(
    #[prop(into)] id: String,
    #[prop(into)] name: String,
    #[prop(into)] legend: String,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(optional, into)] error: Signal<Option<String>>,
    #[prop(optional)] values: (String, String, String),
    /// The three inputs' names when they are not `{name}_day`… (e.g. the
    /// fields of a nested server function argument).
    #[prop(optional)]
    names: Option<[String; 3]>,
    /// A date of birth: browsers may fill it in (`autocomplete="bday-day"`…).
    #[prop(optional)]
    birthday: bool,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described_by = described_by(hint_id.clone(), hint.is_some(), error_id.clone(), error);
    let (day, month, year) = values;
    let parts = [
        ("day", "Day", "nhsuk-input--width-2", day, id.clone()),
        (
            "month",
            "Month",
            "nhsuk-input--width-2",
            month,
            format!("{id}-month"),
        ),
        (
            "year",
            "Year",
            "nhsuk-input--width-4",
            year,
            format!("{id}-year"),
        ),
    ];
    let items = parts
        .into_iter()
        .map(|(part, label, width, value, input_id)| {
            let class = format!("nhsuk-input nhsuk-date-input__input {width}");
            let input_name = match &names {
                Some([day, month, year]) => match part {
                    "day" => day.clone(),
                    "month" => month.clone(),
                    _ => year.clone(),
                },
                None => format!("{name}_{part}"),
            };
            view! {
                <div class="nhsuk-date-input__item">
                    <div class="nhsuk-form-group">
                        <label class="nhsuk-label nhsuk-date-input__label" for=input_id.clone()>
                            {label}
                        </label>
                        <input
                            class=class
                            class:nhsuk-input--error=move || error.get().is_some()
                            id=input_id
                            name=input_name
                            type="text"
                            inputmode="numeric"
                            autocomplete=birthday.then(|| format!("bday-{part}"))
                            value=value
                        />
                    </div>
                </div>
            }
        })
        .collect_view();
    view! {
        <div class="nhsuk-form-group" class:nhsuk-form-group--error=move || error.get().is_some()>
            <fieldset class="nhsuk-fieldset" role="group" aria-describedby=described_by>
                <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">{legend}</legend>
                {hint.map(|h| view! { <div class="nhsuk-hint" id=hint_id.clone()>{h}</div> })}
                <ErrorMessage id=error_id.clone() error/>
                <div class="nhsuk-date-input" id=format!("{id}-group")>{items}</div>
            </fieldset>
        </div>
    }
}

/// A labelled select (NHS select pattern). `options` are (value, label);
/// `selected` picks one; the first option may be a "Select …" prompt with
/// an empty value.
#[component]
pub fn Select(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    options: Vec<(String, String)>,
    #[prop(optional, into)] name: Option<String>,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(optional, into)] error: Signal<Option<String>>,
    #[prop(optional, into)] selected: Option<String>,
) -> impl IntoView {
    let name = name.unwrap_or_else(|| id.clone());
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described_by = described_by(hint_id.clone(), hint.is_some(), error_id.clone(), error);
    let options = options
        .into_iter()
        .map(|(value, text)| {
            let is_selected = selected.as_deref() == Some(value.as_str());
            view! { <option value=value selected=is_selected>{text}</option> }
        })
        .collect_view();
    view! {
        <div class="nhsuk-form-group" class:nhsuk-form-group--error=move || error.get().is_some()>
            <label class="nhsuk-label" for=id.clone()>{label}</label>
            {hint.map(|h| view! { <div class="nhsuk-hint" id=hint_id.clone()>{h}</div> })}
            <ErrorMessage id=error_id.clone() error/>
            <select
                class="nhsuk-select"
                class:nhsuk-select--error=move || error.get().is_some()
                id=id
                name=name
                aria-describedby=described_by
            >
                {options}
            </select>
        </div>
    }
}

/// Radios in a fieldset (NHS radios pattern). The first radio has the id
/// `id` so the error summary can link to it; the others `{id}-2`, `{id}-3`…
#[component]
pub fn Radios(
    #[prop(into)] id: String,
    #[prop(into)] name: String,
    #[prop(into)] legend: String,
    options: Vec<(String, String)>,
    #[prop(optional, into)] error: Signal<Option<String>>,
    #[prop(optional, into)] selected: Option<String>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let described_by = {
        let error_id = error_id.clone();
        move || error.get().is_some().then(|| error_id.clone())
    };
    let radios = options
        .into_iter()
        .enumerate()
        .map(|(index, (value, text))| {
            let radio_id = if index == 0 {
                id.clone()
            } else {
                format!("{id}-{}", index + 1)
            };
            let checked = selected.as_deref() == Some(value.as_str());
            view! {
                <div class="nhsuk-radios__item">
                    <input class="nhsuk-radios__input" id=radio_id.clone() name=name.clone() type="radio" value=value checked=checked/>
                    <label class="nhsuk-label nhsuk-radios__label" for=radio_id>{text}</label>
                </div>
            }
        })
        .collect_view();
    view! {
        <div class="nhsuk-form-group" class:nhsuk-form-group--error=move || error.get().is_some()>
            <fieldset class="nhsuk-fieldset" aria-describedby=described_by>
                <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{legend}</legend>
                <ErrorMessage id=error_id.clone() error/>
                <div class="nhsuk-radios">{radios}</div>
            </fieldset>
        </div>
    }
}

/// A single tick box (NHS checkboxes pattern), named and identified by
/// `id`, sending `yes` when ticked.
#[component]
pub fn Checkbox(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    #[prop(optional, into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    view! {
        <div class="nhsuk-form-group" class:nhsuk-form-group--error=move || error.get().is_some()>
            {
                let error_id = error_id.clone();
                move || error.get().map(|message| view! {
                    <span class="nhsuk-error-message" id=error_id.clone()>
                        <span class="nhsuk-u-visually-hidden">"Error: "</span>{message}
                    </span>
                })
            }
            <div class="nhsuk-checkboxes">
                <div class="nhsuk-checkboxes__item">
                    <input class="nhsuk-checkboxes__input" id=id.clone() name=id.clone() type="checkbox" value="yes"
                        aria-describedby=move || error.get().is_some().then(|| error_id.clone())/>
                    <label class="nhsuk-label nhsuk-checkboxes__label" for=id>{label}</label>
                </div>
            </div>
        </div>
    }
}
