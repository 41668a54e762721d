//! NATO STANAG 2116 rank codes, ordered so that ranks compare across armies:
//! OR-1 < … < OR-9 < WO-1 < … < WO-5 < OF-1 < … < OF-10.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::ParseError;

/// The band of a STANAG 2116 code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RankBand {
    /// Other ranks (enlisted), OR-1 to OR-9.
    Or,
    /// Warrant officers, WO-1 to WO-5.
    Wo,
    /// Officers, OF-1 to OF-10.
    Of,
}

/// A STANAG 2116 rank code. The derived order is the order of seniority.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Rank {
    band: RankBand,
    grade: u8,
}

impl Rank {
    /// The Fluent key of the rank's name (`rank-name-of-5`: Colonel, Albay, عقيد).
    pub fn key(&self) -> String {
        format!("rank-name-{}", self.to_string().to_lowercase())
    }

    /// Every valid code, from the most junior to the most senior.
    pub fn all() -> impl Iterator<Item = Rank> {
        let or = (1..=9).map(|g| Rank { band: RankBand::Or, grade: g });
        let wo = (1..=5).map(|g| Rank { band: RankBand::Wo, grade: g });
        let of = (1..=10).map(|g| Rank { band: RankBand::Of, grade: g });
        or.chain(wo).chain(of)
    }

    pub fn new(band: RankBand, grade: u8) -> Result<Rank, ParseError> {
        let max = match band {
            RankBand::Or => 9,
            RankBand::Wo => 5,
            RankBand::Of => 10,
        };
        if grade == 0 || grade > max {
            return Err(ParseError::invalid(
                "rank",
                crate::Msg::new("invalid-rank-grade").arg("grade", grade).arg("max", max),
            ));
        }
        Ok(Rank { band, grade })
    }

    pub fn parse(text: &str) -> Result<Rank, ParseError> {
        let text = text.trim();
        let bad = || ParseError::invalid("rank", crate::Msg::new("invalid-rank").arg("text", text));
        let (band, grade) = text.split_once('-').ok_or_else(bad)?;
        let band = match band.to_ascii_uppercase().as_str() {
            "OR" => RankBand::Or,
            "WO" => RankBand::Wo,
            "OF" => RankBand::Of,
            _ => return Err(bad()),
        };
        let grade: u8 = grade.parse().map_err(|_| bad())?;
        Rank::new(band, grade).map_err(|_| bad())
    }

    pub fn band(self) -> RankBand {
        self.band
    }

    pub fn grade(self) -> u8 {
        self.grade
    }

    /// Position in the seniority order, 0 for OR-1 up to 23 for OF-10.
    pub fn ordinal(self) -> u8 {
        match self.band {
            RankBand::Or => self.grade - 1,
            RankBand::Wo => 9 + self.grade - 1,
            RankBand::Of => 14 + self.grade - 1,
        }
    }
}

impl fmt::Display for Rank {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let band = match self.band {
            RankBand::Or => "OR",
            RankBand::Wo => "WO",
            RankBand::Of => "OF",
        };
        write!(f, "{band}-{}", self.grade)
    }
}

impl FromStr for Rank {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Rank::parse(s)
    }
}

impl Serialize for Rank {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Rank {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Rank::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_follows_stanag_bands() {
        let all: Vec<Rank> = Rank::all().collect();
        assert_eq!(all.len(), 24);
        assert!(all.windows(2).all(|w| w[0] < w[1]));
        assert!(Rank::parse("OR-9").unwrap() < Rank::parse("WO-1").unwrap());
        assert!(Rank::parse("WO-5").unwrap() < Rank::parse("OF-1").unwrap());
        assert_eq!(Rank::parse("of-10").unwrap().ordinal(), 23);
    }

    #[test]
    fn rejects_codes_outside_the_standard() {
        for bad in ["OR-0", "OR-10", "WO-6", "OF-11", "XX-1", "OF", "", "OF-x"] {
            let err = Rank::parse(bad).unwrap_err();
            assert_eq!(err.field(), "rank", "{bad}");
        }
    }

    #[test]
    fn display_round_trips() {
        for rank in Rank::all() {
            assert_eq!(Rank::parse(&rank.to_string()).unwrap(), rank);
        }
    }
}
