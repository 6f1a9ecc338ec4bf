//! Uploaded files (issue 18), a platform piece: letter template bases and
//! documents on patient records use it, and hub documents will. A file
//! belongs to one organisation; its kind is judged by its bytes, never its
//! name; it is at most [`model::MAX_FILE_BYTES`]; it is kept in the
//! database (both backends) or in FILES_DIR. Who may read a file is the
//! using feature's rule: it authorises, then asks [`service::read`] for the
//! file of that organisation and answers with [`download::respond`].

#[cfg(feature = "ssr")]
pub mod download;
pub mod model;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
