//! Party codes: the states that signed an agreement, two to four capital letters.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::ParseError;

/// A party's code, such as `TR` or `SY`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartyCode(String);

impl PartyCode {
    pub fn parse(text: &str) -> Result<PartyCode, ParseError> {
        let text = text.trim();
        let ok = (2..=4).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_uppercase());
        if !ok {
            return Err(ParseError::invalid("party", crate::Msg::new("invalid-party-code").arg("text", text)));
        }
        Ok(PartyCode(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PartyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for PartyCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for PartyCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        PartyCode::parse(&text).map_err(serde::de::Error::custom)
    }
}
