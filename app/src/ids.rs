//! Typed ids: an organisation's id cannot be passed where a person's is
//! expected. Each is a UUID (or a seeded id) held as text, stored as text
//! and sent to the browser as a plain string (`serde(transparent)`), so the
//! wire and the database are unchanged.
//!
//! Each id belongs to the feature that owns its table: `OrgId` and
//! `MembershipId` to `org`, `UserId` to `accounts`, `RequestId` to
//! `requests`, `InvitationId` to `staff::invitations`. They live here,
//! together, so that every layer can name them without depending on those
//! features.

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(
            Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord,
            serde::Serialize, serde::Deserialize,
        )]
        #[serde(transparent)]
        #[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(transparent))]
        pub struct $name(String);

        impl $name {
            pub fn new(id: impl Into<String>) -> Self {
                Self(id.into())
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }

            pub fn into_string(self) -> String {
                self.0
            }

            /// A new random id (a UUID), for a row about to be inserted.
            #[cfg(feature = "ssr")]
            pub fn generate() -> Self {
                Self(uuid::Uuid::new_v4().to_string())
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl std::ops::Deref for $name {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl From<String> for $name {
            fn from(id: String) -> Self {
                Self(id)
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                Self(id.to_string())
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl PartialEq<String> for $name {
            fn eq(&self, other: &String) -> bool {
                &self.0 == other
            }
        }

        // In views: as an attribute value (`value=id`) or as text.
        impl leptos::prelude::IntoAttributeValue for $name {
            type Output = String;
            fn into_attribute_value(self) -> String {
                self.0
            }
        }

        impl leptos::prelude::IntoRender for $name {
            type Output = String;
            fn into_render(self) -> String {
                self.0
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::convert::Infallible;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Ok(Self(s.to_string()))
            }
        }
    };
}

id_type!(
    /// An organisation: a network, a hub or a practice.
    OrgId
);
id_type!(
    /// A person with an account.
    UserId
);
id_type!(
    /// One role of one person in one organisation.
    MembershipId
);
id_type!(
    /// A patient's request to their practice.
    RequestId
);
id_type!(
    /// An invitation to join an organisation as staff.
    InvitationId
);
id_type!(
    /// A background job.
    JobId
);
id_type!(
    /// A patient's record at their practice.
    PatientId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_travels_as_a_plain_string_and_compares_with_text() {
        let id = OrgId::new("abc");
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"abc\"");
        let back: OrgId = serde_json::from_str("\"abc\"").unwrap();
        assert_eq!(back, id);
        assert_eq!(id, "abc");
        assert_eq!(id.to_string(), "abc");
    }
}
id_type!(
    /// An uploaded file.
    FileId
);
id_type!(
    /// A practice's letter template base (a Word file and a body).
    LetterBaseId
);
id_type!(
    /// A practice's letter template.
    LetterTemplateId
);
id_type!(
    /// A document on a patient's record.
    DocumentId
);
id_type!(
    /// A shift: a hub's, at one of its locations, or a practice's.
    ShiftId
);
id_type!(
    /// A locum's offer to cover a practice's requirement.
    OfferId
);
id_type!(
    /// A practice's request for cover from an available locum.
    CoverRequestId
);
