//! Paging of listings: which page, how many to a page, and the bounds that
//! keep an offset a database can take (a page number as large as `u64` allows
//! would overflow the offset).

use crate::ParseError;

/// The most rows a page may hold.
pub const MAX_PER_PAGE: u64 = 500;

/// The highest page number asked for (with [`MAX_PER_PAGE`], an offset of
/// 5 × 10⁸ rows, far past any listing and far inside what SQL offsets take).
pub const MAX_PAGE: u64 = 1_000_000;

/// A page of a listing: `page` from 1 to [`MAX_PAGE`], `per_page` from 1 to
/// [`MAX_PER_PAGE`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    page: u64,
    per_page: u64,
}

impl Paging {
    /// The page asked for, or the first; `per_page` rows, or `default_per_page`.
    pub fn parse(page: Option<u64>, per_page: Option<u64>, default_per_page: u64) -> Result<Paging, ParseError> {
        let page = page.unwrap_or(1);
        if !(1..=MAX_PAGE).contains(&page) {
            return Err(ParseError::invalid(
                "page",
                crate::Msg::new("invalid-page").arg("page", page).arg("max", MAX_PAGE),
            ));
        }
        let per_page = per_page.unwrap_or(default_per_page);
        if !(1..=MAX_PER_PAGE).contains(&per_page) {
            return Err(ParseError::invalid(
                "per_page",
                crate::Msg::new("invalid-per-page").arg("per_page", per_page).arg("max", MAX_PER_PAGE),
            ));
        }
        Ok(Paging { page, per_page })
    }

    pub fn page(self) -> u64 {
        self.page
    }

    pub fn per_page(self) -> u64 {
        self.per_page
    }

    /// The rows before this page.
    pub fn offset(self) -> u64 {
        (self.page - 1) * self.per_page
    }

    /// The offset of `page` of `per_page` rows for a caller that did not
    /// parse them (a store function called with any numbers): out-of-range
    /// values are brought to the nearest bound, so the offset never overflows.
    pub fn clamped_offset(page: u64, per_page: u64) -> u64 {
        (page.clamp(1, MAX_PAGE) - 1) * per_page.clamp(1, MAX_PER_PAGE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn bounds() {
        assert!(Paging::parse(Some(0), None, 50).is_err());
        assert!(Paging::parse(Some(MAX_PAGE + 1), None, 50).is_err());
        assert!(Paging::parse(Some(u64::MAX), Some(u64::MAX), 50).is_err());
        assert_eq!(Paging::parse(None, Some(0), 50).unwrap_err().field(), "per_page");
        let p = Paging::parse(Some(3), None, 50).unwrap();
        assert_eq!((p.page(), p.per_page(), p.offset()), (3, 50, 100));
    }

    proptest! {
        #[test]
        fn every_offset_fits_a_database(page in any::<u64>(), per_page in any::<u64>()) {
            let clamped = Paging::clamped_offset(page, per_page);
            prop_assert!(clamped <= (MAX_PAGE - 1) * MAX_PER_PAGE);
            if let Ok(p) = Paging::parse(Some(page), Some(per_page), 50) {
                prop_assert!(p.offset() <= i64::MAX as u64);
                prop_assert_eq!(p.offset(), clamped);
            }
        }
    }
}
