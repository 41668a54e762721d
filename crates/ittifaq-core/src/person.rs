//! A person in the registry: validated input and the fields a party can release.

use serde::{Deserialize, Serialize};

use crate::ParseError;
use crate::lang::is_language_code;
use crate::rank::Rank;

/// Fields of a person that a party may release to the other parties.
pub const RELEASABLE_FIELDS: &[&str] = &[
    "service_number",
    "given_name",
    "family_name",
    "native_name",
    "rank",
    "rank_title",
    "unit",
    "languages",
    "qualifications",
    "national_id",
    "phone",
    "next_of_kin",
];

/// Fields that stay with the owning party unless it releases them explicitly.
pub const PRIVATE_FIELDS: &[&str] = &["national_id", "phone", "next_of_kin"];

/// A person's record as entered by a user of the owning party, not yet validated.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PersonInput {
    pub service_number: String,
    pub given_name: String,
    pub family_name: String,
    #[serde(default)]
    pub native_name: Option<String>,
    pub rank: String,
    #[serde(default)]
    pub rank_title: Option<String>,
    pub unit_id: i64,
    #[serde(default)]
    pub languages: Vec<String>,
    #[serde(default)]
    pub qualifications: Vec<String>,
    #[serde(default)]
    pub national_id: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub next_of_kin: Option<String>,
}

/// A validated person record; it cannot hold an invalid rank, language or name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonRecord {
    pub service_number: String,
    pub given_name: String,
    pub family_name: String,
    pub native_name: Option<String>,
    pub rank: Rank,
    pub rank_title: Option<String>,
    pub unit_id: i64,
    pub languages: Vec<String>,
    pub qualifications: Vec<String>,
    pub national_id: Option<String>,
    pub phone: Option<String>,
    pub next_of_kin: Option<String>,
}

const MAX_TEXT: usize = 200;

fn required(field: &'static str, value: &str) -> Result<String, ParseError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(ParseError::invalid(field, crate::Msg::new("invalid-required")));
    }
    optional(field, Some(value)).map(|v| v.unwrap_or_default())
}

fn optional(field: &'static str, value: Option<&str>) -> Result<Option<String>, ParseError> {
    let Some(value) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    if value.chars().count() > MAX_TEXT {
        return Err(ParseError::invalid(field, crate::Msg::new("invalid-too-long").arg("max", MAX_TEXT)));
    }
    if value.chars().any(|c| c.is_control()) {
        return Err(ParseError::invalid(field, crate::Msg::new("invalid-control-characters")));
    }
    Ok(Some(value.to_owned()))
}

/// Checks a qualification code: capital letters, digits and dashes.
pub fn is_qualification_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= 40
        && code.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

impl PersonInput {
    /// Validates every field, returning the first fault found with its field name.
    pub fn validate(&self) -> Result<PersonRecord, ParseError> {
        let service_number = required("service_number", &self.service_number)?;
        if !service_number.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            return Err(ParseError::invalid("service_number", crate::Msg::new("invalid-service-number")));
        }
        let mut languages = Vec::new();
        for lang in &self.languages {
            let lang = lang.trim().to_ascii_lowercase();
            if !is_language_code(&lang) {
                return Err(ParseError::invalid("languages", crate::Msg::new("invalid-language").arg("code", &lang)));
            }
            if !languages.contains(&lang) {
                languages.push(lang);
            }
        }
        let mut qualifications = Vec::new();
        for q in &self.qualifications {
            let q = q.trim().to_owned();
            if !is_qualification_code(&q) {
                return Err(ParseError::invalid(
                    "qualifications",
                    crate::Msg::new("invalid-qualification").arg("code", &q),
                ));
            }
            if !qualifications.contains(&q) {
                qualifications.push(q);
            }
        }
        if self.unit_id <= 0 {
            return Err(ParseError::invalid("unit_id", crate::Msg::new("invalid-unit-required")));
        }
        Ok(PersonRecord {
            service_number,
            given_name: required("given_name", &self.given_name)?,
            family_name: required("family_name", &self.family_name)?,
            native_name: optional("native_name", self.native_name.as_deref())?,
            rank: Rank::parse(&self.rank)?,
            rank_title: optional("rank_title", self.rank_title.as_deref())?,
            unit_id: self.unit_id,
            languages,
            qualifications,
            national_id: optional("national_id", self.national_id.as_deref())?,
            phone: optional("phone", self.phone.as_deref())?,
            next_of_kin: optional("next_of_kin", self.next_of_kin.as_deref())?,
        })
    }
}

/// Splits a list typed in one text field ("ar, en tr") into items.
pub fn split_list(text: &str) -> Vec<String> {
    text.split([',', ' ', ';']).map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> PersonInput {
        PersonInput {
            service_number: "SY-000123".into(),
            given_name: "Omar".into(),
            family_name: "Haddad".into(),
            native_name: Some("عمر حداد".into()),
            rank: "OR-5".into(),
            rank_title: Some("رقيب".into()),
            unit_id: 3,
            languages: vec!["ar".into(), "EN".into(), "ar".into()],
            qualifications: vec!["EOD-BASIC".into()],
            ..Default::default()
        }
    }

    #[test]
    fn accepts_and_normalises() {
        let p = valid().validate().unwrap();
        assert_eq!(p.languages, ["ar", "en"]);
        assert_eq!(p.rank.to_string(), "OR-5");
    }

    #[test]
    fn names_the_bad_field() {
        let cases: Vec<(PersonInput, &str)> = vec![
            (PersonInput { rank: "Captain".into(), ..valid() }, "rank"),
            (PersonInput { given_name: " ".into(), ..valid() }, "given_name"),
            (PersonInput { languages: vec!["arabic".into()], ..valid() }, "languages"),
            (PersonInput { qualifications: vec!["eod basic".into()], ..valid() }, "qualifications"),
            (PersonInput { service_number: "SY 1".into(), ..valid() }, "service_number"),
            (PersonInput { unit_id: 0, ..valid() }, "unit_id"),
            (PersonInput { phone: Some("x".repeat(300)), ..valid() }, "phone"),
        ];
        for (input, field) in cases {
            assert_eq!(input.validate().unwrap_err().field(), field);
        }
    }
}
