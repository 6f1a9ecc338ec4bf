//! Pages of signing in: sign in, the account page, the organisation
//! switcher, and the header's account menu. One page per file.

mod account;
mod account_menu;
mod routes;
mod sign_in;
mod switch_organisation;

pub use account::AccountPage;
pub use account_menu::AccountMenu;
pub use routes::AuthRoutes;
pub use sign_in::SignInPage;
pub use switch_organisation::SwitchOrganisationPage;
