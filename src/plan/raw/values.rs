//! The values of a plan file that serde cannot read by derive alone: a value with its
//! span, a plain date, a check-in or change value, one name or a list, one id or a list,
//! and a key result's target (a number or `"tbd"`); each with its JSON Schema.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer};

/// A value with the byte range it was read from: `toml::Spanned`, plus a JSON Schema
/// that is simply the value's (so the schema is generated from these very types).
#[derive(Debug, Clone, PartialEq)]
pub struct Spanned<T>(toml::Spanned<T>);

impl<T> Spanned<T> {
    /// Byte range in the file.
    #[must_use]
    pub fn span(&self) -> std::ops::Range<usize> {
        self.0.span()
    }

    /// The value.
    #[must_use]
    pub fn get_ref(&self) -> &T {
        self.0.get_ref()
    }

    /// The value, mutably.
    pub fn get_mut(&mut self) -> &mut T {
        self.0.get_mut()
    }

    /// The value, its span dropped.
    #[must_use]
    pub fn into_inner(self) -> T {
        self.0.into_inner()
    }

    /// The same value read `by` bytes further into its file: a span within a chunk of a
    /// file made the file's.
    #[must_use]
    pub fn shifted(self, by: usize) -> Self {
        let span = self.span();
        Self::new(span.start + by..span.end + by, self.0.into_inner())
    }
}

/// [`Spanned::shifted`] for an optional value.
pub(crate) fn shift<T>(value: Option<Spanned<T>>, by: usize) -> Option<Spanned<T>> {
    value.map(|v| v.shifted(by))
}

impl<T> Spanned<T> {
    /// `value`, read from the byte range `span`.
    #[must_use]
    pub fn new(span: std::ops::Range<usize>, value: T) -> Self {
        Spanned(toml::Spanned::new(span, value))
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Spanned<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        toml::Spanned::<T>::deserialize(deserializer).map(Spanned)
    }
}

impl<T: JsonSchema> JsonSchema for Spanned<T> {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        generator.subschema_for::<T>()
    }
}

/// A TOML date as written in a plan (`2026-10-15`); validation insists on a plain date.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(transparent)]
pub struct Datetime(pub toml::value::Datetime);

impl JsonSchema for Datetime {
    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "format": "date",
            "description": "A bare TOML date, e.g. 2026-10-15"
        })
    }
}

/// A check-in value as written: a number, or true/false for a milestone.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(transparent)]
pub struct CheckinValue(pub toml::Value);

impl JsonSchema for CheckinValue {
    fn schema_name() -> Cow<'static, str> {
        "CheckinValue".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": ["number", "boolean"],
            "description": "A number; true/false for a milestone key result"
        })
    }
}

/// Who owns something: one name (`owner = "carol"`) or a list of names
/// (`owner = ["carol", "dev-infra"]`). An empty list names no one.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Owners(pub Vec<String>);

impl<'de> Deserialize<'de> for Owners {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Owners;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a name or a list of names")
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Owners, E> {
                Ok(Owners(vec![v.to_string()]))
            }

            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Owners, A::Error> {
                let mut names = Vec::new();
                while let Some(name) = seq.next_element::<String>()? {
                    names.push(name);
                }
                Ok(Owners(names))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

impl JsonSchema for Owners {
    fn schema_name() -> Cow<'static, str> {
        "Owners".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "anyOf": [
                { "type": "string" },
                { "type": "array", "items": { "type": "string" } }
            ],
            "description": "A name, or a list of names (people or teams)"
        })
    }
}

/// One id or a list of ids, each with its span: `team = "web"` or
/// `team = ["web", "mobile"]` (an objective, initiative or bet shared by several teams).
/// An empty list names none.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Ids(pub Vec<Spanned<String>>);

impl<'de> Deserialize<'de> for Ids {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        /// The value as written, before the one id takes the span of the whole value.
        enum Written {
            One(String),
            Many(Vec<Spanned<String>>),
        }
        impl<'de> Deserialize<'de> for Written {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Visitor;
                impl<'de> serde::de::Visitor<'de> for Visitor {
                    type Value = Written;

                    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                        f.write_str("an id or a list of ids")
                    }

                    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Written, E> {
                        Ok(Written::One(v.to_string()))
                    }

                    fn visit_seq<A: serde::de::SeqAccess<'de>>(
                        self,
                        mut seq: A,
                    ) -> Result<Written, A::Error> {
                        let mut ids = Vec::new();
                        while let Some(id) = seq.next_element::<Spanned<String>>()? {
                            ids.push(id);
                        }
                        Ok(Written::Many(ids))
                    }
                }
                deserializer.deserialize_any(Visitor)
            }
        }
        let written = toml::Spanned::<Written>::deserialize(deserializer)?;
        let span = written.span();
        Ok(Ids(match written.into_inner() {
            Written::One(id) => vec![Spanned::new(span, id)],
            Written::Many(ids) => ids,
        }))
    }
}

impl JsonSchema for Ids {
    fn schema_name() -> Cow<'static, str> {
        "Ids".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "anyOf": [
                { "type": "string" },
                { "type": "array", "items": { "type": "string" } }
            ],
            "description": "An id, or a list of ids"
        })
    }
}

/// A key result's target as written: a number, or the string `"tbd"` for a draft key
/// result whose target is still to be decided. Any other string is rejected with the
/// message the loader turns into an `invalid-value` diagnostic ([`TARGET_EXPECTED`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RawTarget {
    /// A target value.
    Number(f64),
    /// `"tbd"`: a draft.
    Tbd,
}

/// What a key result's `target` takes, as serde's errors name it.
pub const TARGET_EXPECTED: &str = "a number or \"tbd\"";

impl<'de> Deserialize<'de> for RawTarget {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = RawTarget;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(TARGET_EXPECTED)
            }

            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<RawTarget, E> {
                Ok(RawTarget::Number(v as f64))
            }

            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<RawTarget, E> {
                Ok(RawTarget::Number(v as f64))
            }

            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<RawTarget, E> {
                Ok(RawTarget::Number(v))
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RawTarget, E> {
                if v == "tbd" {
                    Ok(RawTarget::Tbd)
                } else {
                    Err(E::invalid_value(serde::de::Unexpected::Str(v), &self))
                }
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

impl JsonSchema for RawTarget {
    fn schema_name() -> Cow<'static, str> {
        "Target".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "anyOf": [{ "type": "number" }, { "const": "tbd" }],
            "description": "A number, or \"tbd\" for a draft key result whose target is still to be decided"
        })
    }
}

/// A goalpost value as a `[[change]]` records it: a number, or text (a period label,
/// `"tbd"`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(transparent)]
pub struct ChangeValue(pub toml::Value);

impl JsonSchema for ChangeValue {
    fn schema_name() -> Cow<'static, str> {
        "ChangeValue".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": ["number", "string"],
            "description": "A baseline, target, limit or weight; a period label; \"tbd\""
        })
    }
}
