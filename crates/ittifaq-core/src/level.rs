//! Language levels as a vetting check records them, on one of two scales:
//! the Common European Framework (CEFR: A1 … C2), or NATO's STANAG 6001
//! Standardized Language Profile (four skills, listening, speaking, reading
//! and writing, each 0 to 5 with an optional "+", e.g. `3232` or `2+222`).

use std::fmt;

use serde::Serialize;

use crate::ParseError;

/// The scale an agreement's check records its level on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LevelScale {
    Cefr,
    Stanag6001,
}

const CEFR: [&str; 6] = ["A1", "A2", "B1", "B2", "C1", "C2"];

/// A level on its scale, comparable with another of the same scale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Level {
    /// Index into A1 … C2.
    Cefr(u8),
    /// Each skill in half steps: `2+` is 5.
    Stanag([u8; 4]),
}

impl LevelScale {
    pub fn parse(code: &str) -> Result<LevelScale, ParseError> {
        match code.trim() {
            "cefr" => Ok(LevelScale::Cefr),
            "stanag6001" => Ok(LevelScale::Stanag6001),
            other => Err(ParseError::invalid("scale", crate::Msg::new("invalid-scale").arg("scale", other))),
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            LevelScale::Cefr => "cefr",
            LevelScale::Stanag6001 => "stanag6001",
        }
    }

    /// The levels a form offers, lowest first (CEFR); STANAG profiles are typed.
    pub fn choices(self) -> &'static [&'static str] {
        match self {
            LevelScale::Cefr => &CEFR,
            LevelScale::Stanag6001 => &[],
        }
    }

    /// Reads a level written on this scale; the error says what the scale expects.
    pub fn level(self, text: &str) -> Result<Level, ParseError> {
        let t = text.trim();
        match self {
            LevelScale::Cefr => CEFR
                .iter()
                .position(|l| l.eq_ignore_ascii_case(t))
                .map(|i| Level::Cefr(i as u8))
                .ok_or_else(|| ParseError::invalid("level", crate::Msg::new("invalid-cefr").arg("level", t))),
            LevelScale::Stanag6001 => {
                let bad = || ParseError::invalid("level", crate::Msg::new("invalid-stanag").arg("level", t));
                let mut skills = [0u8; 4];
                let mut chars = t.chars().peekable();
                for skill in &mut skills {
                    let d = chars.next().and_then(|c| c.to_digit(10)).filter(|d| *d <= 5).ok_or_else(bad)?;
                    *skill = d as u8 * 2;
                    if chars.peek() == Some(&'+') {
                        if d == 5 {
                            return Err(bad());
                        }
                        chars.next();
                        *skill += 1;
                    }
                }
                if chars.next().is_some() {
                    return Err(bad());
                }
                Ok(Level::Stanag(skills))
            }
        }
    }
}

impl fmt::Display for LevelScale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Level {
    /// Whether this level reaches `min`: on STANAG 6001, in every skill.
    pub fn meets(&self, min: &Level) -> bool {
        match (self, min) {
            (Level::Cefr(a), Level::Cefr(b)) => a >= b,
            (Level::Stanag(a), Level::Stanag(b)) => a.iter().zip(b).all(|(x, y)| x >= y),
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cefr_levels_order_and_bad_ones_are_named() {
        let s = LevelScale::Cefr;
        assert!(s.level("b2").unwrap().meets(&s.level("B1").unwrap()));
        assert!(!s.level("B1").unwrap().meets(&s.level("B2").unwrap()));
        assert!(s.level("C2").unwrap().meets(&s.level("C2").unwrap()));
        let e = s.level("B3").unwrap_err().to_string();
        assert!(e.contains("B3") && e.contains("CEFR"), "{e}");
    }

    #[test]
    fn stanag_profiles_meet_a_minimum_in_every_skill() {
        let s = LevelScale::Stanag6001;
        let min = s.level("2222").unwrap();
        assert!(s.level("3232").unwrap().meets(&min));
        assert!(s.level("2+2+22").unwrap().meets(&min));
        assert!(!s.level("3212").unwrap().meets(&min), "speaking 1 is below 2");
        assert!(s.level("2+222").unwrap().meets(&s.level("2+222").unwrap()));
        assert!(!s.level("2222").unwrap().meets(&s.level("2+222").unwrap()));
        for bad in ["", "323", "32321", "6222", "5+222", "2-22", "B2", "2 2 2 2"] {
            let e = s.level(bad).unwrap_err().to_string();
            assert!(e.contains("STANAG 6001"), "{bad}: {e}");
        }
    }

    #[test]
    fn levels_of_different_scales_never_meet() {
        let cefr = LevelScale::Cefr.level("C2").unwrap();
        let stanag = LevelScale::Stanag6001.level("5555").unwrap();
        assert!(!cefr.meets(&stanag) && !stanag.meets(&cefr));
    }
}
