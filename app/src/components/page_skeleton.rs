use leptos::prelude::*;

use super::ErrorPage;
use crate::error::AppError;

/// The skeleton of a page that loads its data: `loading` ("Loading…"
/// unless given) while the data loads in the browser, then `page` with the
/// data, or the [`ErrorPage`] for an error (with its HTTP status during
/// server rendering). With `transition`, a reload (the data's resource
/// asked again) keeps showing the page until the new data is there
/// (`<Transition>` instead of `<Suspense>`).
#[component]
pub fn PageSkeleton<T, P, V>(
    /// The page's data.
    data: Resource<Result<T, AppError>>,
    /// The page, given its data.
    page: P,
    /// Shown while the data loads; "Loading…" unless given.
    #[prop(optional, into)]
    loading: Option<ViewFnOnce>,
    /// Keep the page shown while its data reloads.
    #[prop(optional)]
    transition: bool,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    P: Fn(T) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let fallback = loading
        .unwrap_or_else(|| ViewFnOnce::from(|| view! { <p class="nhsuk-body">"Loading…"</p> }));
    if transition {
        view! { <Transition fallback>{move || skeleton_content(data, page.clone())}</Transition> }
            .into_any()
    } else {
        view! { <Suspense fallback>{move || skeleton_content(data, page.clone())}</Suspense> }
            .into_any()
    }
}

/// The page once its data is there, or the error page.
fn skeleton_content<T, P, V>(data: Resource<Result<T, AppError>>, page: P) -> Suspend<AnyView>
where
    T: Clone + Send + Sync + 'static,
    P: Fn(T) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    Suspend::new(async move {
        match data.await {
            Ok(value) => page(value).into_any(),
            Err(error) => view! { <ErrorPage error/> }.into_any(),
        }
    })
}
