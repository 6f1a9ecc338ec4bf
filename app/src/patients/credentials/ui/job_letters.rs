//! `/practices/:id/patients/bulk-credentials/:job`: the letters of a
//! "Create credentials for many patients" job, each letter in parts of
//! `LETTERS_PER_PART` patients: a print view and a Word file (one page a
//! patient). `…/:job/print?letter=…&part=…` is the print view.

use crate::ids::{JobId, OrgId};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::components::{BackLink, PageSkeleton};
use crate::patients::credentials::api::{get_job_letters, get_job_letters_to_print};
use crate::patients::credentials::model::{JobLetters, LettersToPrint};

fn ids() -> impl Fn() -> (OrgId, JobId) + Clone + Send + Sync + 'static {
    let params = use_params_map();
    move || {
        let p = params.read();
        (
            OrgId::new(p.get("id").unwrap_or_default()),
            JobId::new(p.get("job").unwrap_or_default()),
        )
    }
}

/// `/practices/:id/patients/bulk-credentials/:job`.
#[component]
pub fn JobLettersPage() -> impl IntoView {
    let ids = ids();
    let data = Resource::new(ids.clone(), |(org, job)| get_job_letters(org, job));
    view! {
        <Title text="Letters for many patients"/>
        <PageSkeleton data page=move |letters: JobLetters| {
            let (org, job) = ids();
            view! { <Letters org job letters/> }
        }/>
    }
}

#[component]
fn Letters(org: OrgId, job: JobId, letters: JobLetters) -> impl IntoView {
    let base = format!("/practices/{org}/patients/bulk-credentials/{job}");
    let jobs = format!("/organisations/{org}/jobs/{job}");
    let body = if letters.letters.is_empty() {
        view! {
            <p class="nhsuk-body">"This job made credentials without letters: print each patient's letter from their record (\u{201c}Distribute Patient Profile Credentials\u{201d})."</p>
        }
        .into_any()
    } else if letters.patients == 0 {
        view! { <p class="nhsuk-body">"No letters yet: the job has not made credentials for any patient."</p> }.into_any()
    } else {
        let sections = letters
            .letters
            .iter()
            .map(|(id, name)| {
                let parts = letters
                    .parts
                    .iter()
                    .enumerate()
                    .map(|(n, (first, last))| {
                        let part = n + 1;
                        let query = format!("letter={id}&part={part}");
                        let which = if letters.parts.len() == 1 {
                            String::new()
                        } else {
                            format!(", patients {first} to {last}")
                        };
                        view! {
                            <li>
                                <a href=format!("{base}/print?{query}") target="_blank">{format!("Print view{which} (opens in a new tab)")}</a>
                                " \u{00b7} "
                                <a href=format!("{base}/letters.docx?{query}") download>{format!("Word document{which} (.docx)")}</a>
                            </li>
                        }
                    })
                    .collect_view();
                view! {
                    <h2 class="nhsuk-heading-m">{name.clone()}</h2>
                    <ul class="nhsuk-list">{parts}</ul>
                }
            })
            .collect_view();
        view! {
            <p class="nhsuk-body">{format!(
                "Letters for {} patients, one page each. Print them on your letterhead and post them; each patient's Patient Profile activity shows the letters made.",
                letters.patients
            )}</p>
            {sections}
        }
        .into_any()
    };
    view! {
        <BackLink href=jobs text="Back to the job"/>
        <span class="nhsuk-caption-l">{letters.practice_name.clone()}</span>
        <h1>"Letters for many patients"</h1>
        {letters.running.then(|| view! {
            <div class="nhsuk-inset-text"><p>"The job is still running: more letters come as it goes on. Reload this page when it is done."</p></div>
        })}
        {body}
    }
}

/// `/practices/:id/patients/bulk-credentials/:job/print?letter=…&part=…`:
/// the part's letters alone, one a page.
#[component]
pub fn JobLettersPrintPage() -> impl IntoView {
    let ids = ids();
    let query = use_query_map();
    let args = move || {
        let (org, job) = ids();
        let q = query.read();
        (
            org,
            job,
            q.get("letter").unwrap_or_default(),
            q.get("part")
                .and_then(|p| p.parse::<i64>().ok())
                .unwrap_or(1),
        )
    };
    let data = Resource::new(args, |(org, job, letter, part)| {
        get_job_letters_to_print(org, job, letter, part)
    });
    view! {
        <Title text="Letters to print"/>
        <PageSkeleton data page=|letters: LettersToPrint| {
            let pages = letters
                .pages
                .into_iter()
                .map(|lines| {
                    let paragraphs = lines
                        .into_iter()
                        .map(|line| {
                            if line.trim().is_empty() {
                                view! { <br/> }.into_any()
                            } else {
                                view! { <p class="nhsuk-body gh-letter__line">{line}</p> }.into_any()
                            }
                        })
                        .collect_view();
                    view! { <article class="gh-letter gh-letters-page">{paragraphs}</article> }
                })
                .collect_view();
            view! {
                <h1 class="nhsuk-u-visually-hidden">{format!("{}: {}", letters.practice_name, letters.letter_name)}</h1>
                {pages}
            }
        }/>
    }
}
