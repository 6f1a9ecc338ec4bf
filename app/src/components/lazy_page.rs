/// Declares a route whose page is in its own WebAssembly chunk, fetched
/// when the page is first shown (`cargo leptos build --split`), so the
/// first page's bundle does not carry every page. The page loads its own
/// data. `lazy_page!(XRoute, XPage)` declares `XRoute`, for
/// `<Route … view={Lazy::<XRoute>::new()}/>`; the page is followed by
/// [`PageReady`](crate::components::PageReady). Route names must be unique
/// in the crate: each names its chunk.
macro_rules! lazy_page {
    ($route:ident, $page:ident) => {
        struct $route;

        #[::leptos_router::lazy_route]
        impl ::leptos_router::LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(this: Self) -> ::leptos::prelude::AnyView {
                use ::leptos::prelude::*;
                use $crate::components::PageReady;
                let $route = this;
                view! { <$page/> <PageReady/> }.into_any()
            }
        }
    };
}

pub(crate) use lazy_page;
