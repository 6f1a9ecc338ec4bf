//! Pages of accounts: setting a password from a one-time link, the
//! forgotten password form, the first-run setup and locked accounts. One
//! page per file.

mod forgot_password;
mod locked_accounts;
mod password_set;
mod routes;
mod set_password;
mod setup;

pub use forgot_password::ForgotPasswordPage;
pub use locked_accounts::LockedAccountsPage;
pub use password_set::PasswordSetPage;
pub use routes::AccountsRoutes;
pub use set_password::SetPasswordPage;
pub use setup::SetupPage;
