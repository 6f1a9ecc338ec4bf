//! The bulk invite: a CSV file of people to invite.

pub mod csv;
