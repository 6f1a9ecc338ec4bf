//! The pages of appointment reminders and self-booking (their routes are
//! with the clinical-system link's, in `crate::clinical::ui`).

mod appointment_settings;
mod book_appointment;
mod your_appointments;

pub use appointment_settings::AppointmentSettingsPage;
pub use book_appointment::BookAppointmentPage;
pub use your_appointments::YourAppointmentsPage;
