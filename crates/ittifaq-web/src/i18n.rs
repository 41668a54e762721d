//! Translations in Fluent (English, Turkish, Arabic) and the choice of language
//! for a request: the `lang` cookie, then the user's setting, then the
//! browser's `Accept-Language`, then English.

use std::borrow::Cow;
use std::collections::HashMap;

use axum::http::{HeaderMap, StatusCode, header};
use fluent_templates::fluent_bundle::FluentValue;
use ittifaq_core::Lang;

/// The name of the cookie that holds the chosen language.
pub const LANG_COOKIE: &str = "ittifaq_lang";

/// A translator for one language.
#[derive(Debug, Clone, Copy)]
pub struct Tr {
    pub lang: Lang,
}

impl Tr {
    pub fn new(lang: Lang) -> Tr {
        Tr { lang }
    }

    /// Picks the language of a request.
    pub fn for_request(headers: &HeaderMap, user_locale: Option<&str>) -> Tr {
        let from_cookie = headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(cookie::Cookie::split_parse)
            .filter_map(Result::ok)
            .find(|c| c.name() == LANG_COOKIE)
            .and_then(|c| Lang::from_code(c.value()));
        let from_user = user_locale.and_then(Lang::from_code);
        let from_browser = headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).and_then(Lang::negotiate);
        Tr::new(from_cookie.or(from_user).or(from_browser).unwrap_or_default())
    }

    /// A message raised by a rule, in this language.
    pub fn msg(&self, m: &ittifaq_core::Msg) -> String {
        m.in_lang(self.lang)
    }

    /// The message `key`, or the key itself if no language has it.
    pub fn t(&self, key: &str) -> String {
        ittifaq_core::i18n::lookup(self.lang, key).unwrap_or_else(|| key.to_owned())
    }

    /// A line of a nomination's history: when (UTC, to the minute), the step,
    /// who took it for which party, and their comment.
    pub fn step_line(&self, h: &ittifaq_store::exchange::StepView) -> String {
        let comment = if h.comment.is_empty() { String::new() } else { format!(": {}", h.comment) };
        format!("{} — {} — {} ({}){comment}", utc_minute(h.at), self.step_name(&h.step), h.actor, h.actor_party)
    }

    /// The name of a step of a nomination's history, as stored: a step, or a
    /// vetting check's `vetting:<check>:<outcome>`; anything else as it is.
    pub fn step_name(&self, code: &str) -> String {
        use ittifaq_core::exchange::{Step, vetting_of};
        if let Ok(step) = Step::parse(code) {
            return self.t(&step.key());
        }
        match vetting_of(code) {
            Some((check, outcome)) => self.t_args(
                "step-vetting",
                &[("check", check.to_owned().into()), ("outcome", self.t(&outcome.key()).into())],
            ),
            None => code.to_owned(),
        }
    }

    /// The name of a stored session status (an unknown code as it is).
    pub fn session_status(&self, code: &str) -> String {
        use ittifaq_core::exchange::SessionStatus;
        SessionStatus::parse(code).map_or_else(|_| code.to_owned(), |s| self.t(&s.key()))
    }

    /// The name of a stored nomination status (an unknown code as it is).
    pub fn nomination_status(&self, code: &str) -> String {
        use ittifaq_core::exchange::NominationStatus;
        NominationStatus::parse(code).map_or_else(|_| code.to_owned(), |s| self.t(&s.key()))
    }

    /// The message `key` with arguments.
    pub fn t_args(&self, key: &str, args: &[(&'static str, FluentValue<'static>)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue<'static>> =
            args.iter().map(|(k, v)| (Cow::Borrowed(*k), v.clone())).collect();
        ittifaq_core::i18n::lookup_with(self.lang, key, &map).unwrap_or_else(|| key.to_owned())
    }

    /// A message with a count, using the language's plural rules (Arabic has six forms).
    ///
    /// Arabic messages select on `$plural`, the CLDR category computed by
    /// [`arabic_plural`]: the rules table of `intl_pluralrules` 7.0.2, which
    /// Fluent uses, drops the `% 100` of Arabic's `few` and `many` (so 640
    /// would read as "other"). English and Turkish select on `$count` as usual.
    pub fn count(&self, key: &str, n: u64) -> String {
        self.t_args(key, &[("count", FluentValue::from(n)), ("plural", FluentValue::from(arabic_plural(n)))])
    }

    /// The title of an error page for a status.
    pub fn status_title(&self, status: StatusCode) -> String {
        let key = match status.as_u16() {
            400 => "error-bad-request",
            401 => "error-unauthorized",
            403 => "error-forbidden",
            404 => "error-not-found",
            409 => "error-conflict",
            413 => "error-too-large",
            422 => "error-invalid",
            429 => "error-too-many",
            s if s >= 500 => "error-internal",
            _ => "error-bad-request",
        };
        self.t(key)
    }
}

/// The CLDR cardinal plural category of an integer in Arabic.
pub fn arabic_plural(n: u64) -> &'static str {
    match (n, n % 100) {
        (0, _) => "zero",
        (1, _) => "one",
        (2, _) => "two",
        (_, 3..=10) => "few",
        (_, 11..=99) => "many",
        _ => "other",
    }
}

pub use ittifaq_core::i18n::strip_isolation;

/// An instant (milliseconds since 1970, UTC) as `YYYY-MM-DD HH:MM UTC`.
pub fn utc_minute(at_ms: i64) -> String {
    utc(at_ms).map(|t| format!("{} {:02}:{:02} UTC", t.date(), t.hour(), t.minute())).unwrap_or_default()
}

/// An instant (milliseconds since 1970, UTC) as `YYYY-MM-DD HH:MM:SS UTC`.
pub fn utc_second(at_ms: i64) -> String {
    utc(at_ms)
        .map(|t| format!("{} {:02}:{:02}:{:02} UTC", t.date(), t.hour(), t.minute(), t.second()))
        .unwrap_or_default()
}

fn utc(at_ms: i64) -> Option<time::OffsetDateTime> {
    time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(at_ms) * 1_000_000).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(source: &str) -> Vec<String> {
        source
            .lines()
            .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_lowercase()))
            .filter_map(|l| l.split_once(" =").map(|(k, _)| k.trim().to_owned()))
            .collect()
    }

    #[test]
    fn every_language_has_every_message() {
        let en = keys(include_str!("../../ittifaq-core/locales/en/main.ftl"));
        assert!(en.len() > 50);
        for (name, other) in [
            ("tr", include_str!("../../ittifaq-core/locales/tr/main.ftl")),
            ("ar", include_str!("../../ittifaq-core/locales/ar/main.ftl")),
        ] {
            let other = keys(other);
            for k in &en {
                assert!(other.contains(k), "{name} lacks {k}");
            }
            for k in &other {
                assert!(en.contains(k), "{name} has {k}, which English lacks");
            }
        }
    }

    /// Every status, step and outcome of the exchange, and every action and
    /// kind of record of the audit, has its name in every language: a page
    /// never shows a code.
    #[test]
    fn every_status_step_and_outcome_has_a_name_in_every_language() {
        use ittifaq_core::exchange::{Mark, NominationStatus, SessionStatus, Step, VettingOutcome};
        let wanted: Vec<String> = NominationStatus::ALL
            .iter()
            .map(|s| s.key())
            .chain(Step::ALL.iter().map(|s| s.key()))
            .chain(SessionStatus::ALL.iter().map(|s| s.key()))
            .chain(VettingOutcome::ALL.iter().map(|s| s.key()))
            .chain(Mark::ALL.iter().map(|s| s.key()))
            .chain(ittifaq_core::decon::DeclarationStatus::ALL.iter().map(|s| s.key()))
            .chain(ittifaq_core::audit::Action::ALL.iter().map(|s| s.key()))
            .chain(ittifaq_core::audit::ObjectKind::ALL.iter().map(|s| s.key()))
            .chain(ittifaq_core::allocation::RunState::ALL.iter().map(|s| s.key()))
            .chain(ittifaq_core::allocation::Decision::ALL.iter().map(|s| s.key()))
            .chain(ittifaq_core::hotline::Priority::ALL.iter().map(|s| s.key()))
            .chain(ittifaq_core::hotline::MessageStatus::ALL.iter().map(|s| s.key()))
            .chain(ittifaq_core::notify::EmailStatus::ALL.iter().map(|s| s.key()))
            .chain(ittifaq_core::assistance::PlanStatus::ALL.iter().map(|s| s.key()))
            .chain(ittifaq_core::assistance::advisory::DeploymentStatus::ALL.iter().map(|s| s.key()))
            .chain(ittifaq_core::assistance::advisory::ReportStatus::ALL.iter().map(|s| s.key()))
            .chain(ittifaq_core::assistance::advisory::ReportStep::ALL.iter().map(|s| s.key()))
            .chain(ittifaq_core::assistance::advisory::Progress::ALL.iter().map(|s| s.key()))
            .chain(ittifaq_core::integration::Stage::ALL.iter().map(|s| s.key()))
            .chain(ittifaq_core::integration::Mode::ALL.iter().map(|s| s.key()))
            .chain(ittifaq_core::integration::FlagKind::ALL.iter().map(|s| s.key()))
            .chain(ittifaq_core::integration::Figure::ALL.iter().map(|s| s.key()))
            .chain(Step::ALL.iter().map(|s| format!("do-{}", s.key())))
            .chain(ittifaq_core::Rank::all().map(|r| r.key()))
            .collect();
        for lang in [Lang::En, Lang::Tr, Lang::Ar] {
            let tr = Tr::new(lang);
            for key in &wanted {
                assert_ne!(tr.t(key), *key, "{lang:?} lacks {key}");
            }
        }
    }

    #[test]
    fn arabic_uses_its_six_plural_forms() {
        let ar = Tr::new(Lang::Ar);
        // The sentence without its digits, so that only the plural form differs.
        let form = |n: u64| strip_isolation(&ar.count("people-count", n)).replace(|c: char| c.is_ascii_digit(), "");
        let forms: Vec<String> = [0u64, 1, 2, 3, 11, 100].iter().map(|&n| form(n)).collect();
        let mut distinct = forms.clone();
        distinct.sort();
        distinct.dedup();
        assert_eq!(distinct.len(), 6, "zero, one, two, few, many and other: {forms:?}");
        // 640 % 100 = 40 falls in CLDR's "many" (11..99), 600 in "other", 105 in "few".
        assert_eq!(form(640), form(11));
        assert_eq!(form(600), form(100));
        assert_eq!(form(105), form(3));
        assert_eq!(strip_isolation(&Tr::new(Lang::En).count("people-count", 1)), "1 person");
        assert_eq!(strip_isolation(&Tr::new(Lang::En).count("people-count", 5)), "5 people");
    }
}
