use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Route;
use leptos_router::{path, Lazy, SsrMode};

use super::api::{dev_mailbox_open, list_dev_mailbox};
use super::model::{link_pieces, MailboxEmail, TextPiece};
use crate::components::{lazy_page, PageSkeleton, SummaryList, SummaryRow};

/// `/dev/mailbox`: in development without `SMTP_URL`, the emails Gatehouse
/// would have sent, newest first, with their links clickable. A real 404 in
/// production.
#[component]
pub fn DevMailboxPage() -> impl IntoView {
    let emails = Resource::new(|| (), |_| list_dev_mailbox());
    view! {
        <PageSkeleton data=emails loading=|| view! { <p class="nhsuk-body">"Loading emails…"</p> } page=move |list| view! { <Mailbox emails=list/> }.into_any()/>
    }
}

/// The header's link to the development mailbox, shown only in
/// development: a newcomer finds the emails the app sent.
#[component]
pub fn DevMailboxLink() -> impl IntoView {
    let open = Resource::new(|| (), |_| dev_mailbox_open());
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                matches!(open.await, Ok(true)).then(|| view! {
                    <li class="nhsuk-header__account-item">
                        <a class="nhsuk-header__account-link" href="/dev/mailbox">"Mailbox (development)"</a>
                    </li>
                })
            })}
        </Transition>
    }
}

#[component]
fn Mailbox(emails: Vec<MailboxEmail>) -> impl IntoView {
    let list = if emails.is_empty() {
        view! {
            <div class="nhsuk-inset-text">
                <span class="nhsuk-u-visually-hidden">"Information: "</span>
                <p>"No emails yet."</p>
            </div>
        }
        .into_any()
    } else {
        emails
            .into_iter()
            .map(|email| view! { <KeptEmail email/> })
            .collect_view()
            .into_any()
    };
    view! {
        <Title text="Development mailbox"/>
        <h1>"Development mailbox"</h1>
        <p class="nhsuk-body-l">
            "Without " <code>"SMTP_URL"</code>
            ", emails stay on this computer and appear here, newest first. "
            "This page exists only in development."
        </p>
        {list}
    }
}

#[component]
fn KeptEmail(email: MailboxEmail) -> impl IntoView {
    let body = email
        .text
        .split("\n\n")
        .filter(|paragraph| !paragraph.trim().is_empty())
        .map(|paragraph| {
            let lines = paragraph
                .lines()
                .enumerate()
                .map(|(i, line)| {
                    let pieces = link_pieces(line)
                        .into_iter()
                        .map(|piece| match piece {
                            TextPiece::Words(words) => words.into_any(),
                            TextPiece::Link(url) => {
                                let href = url.clone();
                                view! { <a href=href>{url}</a> }.into_any()
                            }
                        })
                        .collect_view();
                    view! { {(i > 0).then(|| view! { <br/> })} {pieces} }
                })
                .collect_view();
            view! { <p class="nhsuk-body">{lines}</p> }
        })
        .collect_view();
    view! {
        <div class="nhsuk-card">
            <div class="nhsuk-card__content">
                <h2 class="nhsuk-card__heading">{email.subject}</h2>
                <SummaryList>
                    <SummaryRow key="To">{email.to}</SummaryRow>
                    <SummaryRow key="Sent">{email.delivered}</SummaryRow>
                </SummaryList>
                {body}
            </div>
        </div>
    }
}

lazy_page!(MailboxRoute, DevMailboxPage);

/// The routes of the development mailbox, each page in its own lazily
/// loaded chunk. The shell lists this component in its `<Routes>`; an
/// address matches the first route that fits, in this order.
#[component(transparent)]
pub fn MailRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <Route path=path!("/dev/mailbox") view={Lazy::<MailboxRoute>::new()} ssr=SsrMode::Async/>
    }
    .into_inner()
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    fn render(emails: Vec<MailboxEmail>) -> String {
        let owner = Owner::new();
        owner.with(|| {
            leptos_meta::provide_meta_context();
            view! { <Mailbox emails/> }.to_html()
        })
    }

    #[test]
    fn an_empty_mailbox_says_so() {
        let html = render(vec![]);
        assert!(html.contains("No emails yet."), "{html}");
        assert!(!html.contains("nhsuk-card"));
    }

    #[test]
    fn each_email_shows_who_it_is_to_its_subject_when_and_its_text_with_links_clickable() {
        let html = render(vec![MailboxEmail {
            id: "1".into(),
            to: "karen@nhs.net".into(),
            subject: "You are invited <now>".into(),
            delivered: "23 November 2026 at 10:15am".into(),
            text: "Dear Karen\n\nAccept the invitation:\nhttp://127.0.0.1:3000/invite/abc\n\nGatehouse\n"
                .into(),
        }]);
        assert!(html.contains("karen@nhs.net"), "{html}");
        assert!(html.contains("You are invited &lt;now&gt;"), "{html}");
        assert!(html.contains("23 November 2026 at 10:15am"));
        assert!(
            html.contains(
                r#"<a href="http://127.0.0.1:3000/invite/abc">http://127.0.0.1:3000/invite/abc"#
            ),
            "{html}"
        );
        assert!(html.contains("<br><a href="), "{html}");
    }
}
