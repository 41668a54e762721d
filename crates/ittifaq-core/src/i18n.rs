//! The platform's words in English, Turkish and Arabic (Fluent, `locales/`),
//! and [`Msg`]: what the platform tells a user (a refusal, a validation
//! error), carried as a Fluent key with its arguments from the rule that
//! raised it to the page or API answer that shows it, and said there in the
//! reader's language. Its `Display` is English, for logs and the command line.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, langid};

use crate::Lang;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
    };
}

static EN: LanguageIdentifier = langid!("en");
static TR: LanguageIdentifier = langid!("tr");
static AR: LanguageIdentifier = langid!("ar");

fn id(lang: Lang) -> &'static LanguageIdentifier {
    match lang {
        Lang::En => &EN,
        Lang::Tr => &TR,
        Lang::Ar => &AR,
    }
}

/// The message `key` in `lang` (English where `lang` lacks it), if any language has it.
pub fn lookup(lang: Lang, key: &str) -> Option<String> {
    LOCALES.try_lookup(id(lang), key)
}

/// The message `key` in `lang` with its arguments.
pub fn lookup_with(lang: Lang, key: &str, args: &HashMap<Cow<'static, str>, FluentValue<'static>>) -> Option<String> {
    LOCALES.try_lookup_with_args(id(lang), key, args)
}

/// Removes the Unicode bidi isolation marks Fluent puts around arguments, for
/// plain text (logs, CSV cells, file names) where they would be noise.
pub fn strip_isolation(text: &str) -> String {
    text.chars().filter(|c| !matches!(c, '\u{2066}' | '\u{2067}' | '\u{2068}' | '\u{2069}')).collect()
}

/// An argument of a message.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    /// Shown as it is: a code, a name, a number as text.
    Text(String),
    /// A number, for the language's plural rules.
    Number(i64),
    /// Another message, said in the same language (a status's name).
    Msg(Box<Msg>),
}

/// A message for a user: a Fluent key and its arguments, or a plain text
/// shown as it is (data, such as a stored code that does not read). There is
/// no conversion from a string: every sentence a user reads has its key.
#[derive(Debug, Clone, PartialEq)]
pub struct Msg {
    key: Cow<'static, str>,
    args: Vec<(&'static str, Arg)>,
    plain: bool,
    /// For a list: its items, said one after the other.
    items: Vec<Msg>,
}

impl Msg {
    /// The message of `key`, which every language file must have.
    pub fn new(key: &'static str) -> Msg {
        Msg { key: Cow::Borrowed(key), args: Vec::new(), plain: false, items: Vec::new() }
    }

    /// The message of a key made at run time (`nomination-status-approved`
    /// from a status); the enum tests check that every such key exists.
    pub fn of_key(key: String) -> Msg {
        Msg { key: Cow::Owned(key), args: Vec::new(), plain: false, items: Vec::new() }
    }

    /// A text shown as it is, in every language: data, never a sentence.
    pub fn plain(text: impl Into<String>) -> Msg {
        Msg { key: Cow::Owned(text.into()), args: Vec::new(), plain: true, items: Vec::new() }
    }

    /// Several messages said one after the other (every broken rule), known
    /// together by `key` (whose own text, such as "not eligible", heads them
    /// where they are shown alone).
    pub fn list(key: &'static str, items: Vec<Msg>) -> Msg {
        Msg { key: Cow::Borrowed(key), args: Vec::new(), plain: false, items }
    }

    /// Adds an argument shown as it is.
    pub fn arg(mut self, name: &'static str, value: impl fmt::Display) -> Msg {
        self.args.push((name, Arg::Text(value.to_string())));
        self
    }

    /// Adds a number, for plural forms.
    pub fn num(mut self, name: &'static str, value: i64) -> Msg {
        self.args.push((name, Arg::Number(value)));
        self
    }

    /// Adds an argument that is itself a message (said in the reader's language).
    pub fn msg(mut self, name: &'static str, value: Msg) -> Msg {
        self.args.push((name, Arg::Msg(Box::new(value))));
        self
    }

    /// The Fluent key (the text itself for a plain message).
    pub fn key(&self) -> &str {
        &self.key
    }

    /// Whether it is a plain text shown as it is.
    pub fn is_plain(&self) -> bool {
        self.plain
    }

    /// The message in `lang`, its arguments marked for bidirectional text.
    pub fn in_lang(&self, lang: Lang) -> String {
        if !self.items.is_empty() {
            return self.items.iter().map(|m| m.in_lang(lang)).collect::<Vec<_>>().join("; ");
        }
        if self.plain {
            return self.key.to_string();
        }
        let args: HashMap<Cow<'static, str>, FluentValue<'static>> = self
            .args
            .iter()
            .map(|(name, a)| {
                let v = match a {
                    Arg::Text(t) => FluentValue::from(t.clone()),
                    Arg::Number(n) => FluentValue::from(*n),
                    Arg::Msg(m) => FluentValue::from(m.in_lang(lang)),
                };
                (Cow::Borrowed(*name), v)
            })
            .collect();
        lookup_with(lang, &self.key, &args).unwrap_or_else(|| self.key.to_string())
    }
}

/// English, without bidi marks.
impl fmt::Display for Msg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&strip_isolation(&self.in_lang(Lang::En)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The keys of a Fluent file.
    fn keys(source: &str) -> std::collections::BTreeSet<String> {
        source
            .lines()
            .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_lowercase()))
            .filter_map(|l| l.split_once(" =").map(|(k, _)| k.trim().to_owned()))
            .collect()
    }

    /// No file names a key twice: Fluent refuses such a file when it loads
    /// it, and every page would fail.
    #[test]
    fn no_language_names_a_key_twice() {
        for (lang, source) in [
            ("en", include_str!("../locales/en/main.ftl")),
            ("tr", include_str!("../locales/tr/main.ftl")),
            ("ar", include_str!("../locales/ar/main.ftl")),
        ] {
            let mut seen = std::collections::BTreeSet::new();
            for line in source.lines().filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_lowercase())) {
                if let Some((key, _)) = line.split_once(" =") {
                    assert!(seen.insert(key.trim()), "{lang} names {} twice", key.trim());
                }
            }
            assert!(lookup(Lang::En, "error-not-found").is_some());
        }
    }

    /// Every key the code raises (`Msg::new("…")`, `Msg::list("…", …)`) has
    /// its message in English, Turkish and Arabic.
    #[test]
    fn every_key_the_code_raises_is_said_in_every_language() {
        let files = [
            ("en", keys(include_str!("../locales/en/main.ftl"))),
            ("tr", keys(include_str!("../locales/tr/main.ftl"))),
            ("ar", keys(include_str!("../locales/ar/main.ftl"))),
        ];
        let crates = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut stack = vec![crates];
        let mut raised = std::collections::BTreeSet::new();
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    if !path.ends_with("target") {
                        stack.push(path);
                    }
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    for opener in ["Msg::new(\"", "Msg::list(\""] {
                        for (at, _) in text.match_indices(opener) {
                            let rest = &text[at + opener.len()..];
                            if let Some(end) = rest.find('"') {
                                raised.insert((rest[..end].to_owned(), path.display().to_string()));
                            }
                        }
                    }
                }
            }
        }
        assert!(raised.len() > 10, "{raised:?}");
        for (key, file) in &raised {
            if key == "…" {
                continue; // this test's own words
            }
            for (lang, known) in &files {
                assert!(known.contains(key), "{lang} lacks {key}, raised in {file}");
            }
        }
    }

    #[test]
    fn a_message_is_said_in_each_language_with_its_arguments() {
        let m = Msg::new("error-not-found");
        assert_eq!(m.in_lang(Lang::En), lookup(Lang::En, "error-not-found").unwrap());
        assert_ne!(m.in_lang(Lang::Tr), m.in_lang(Lang::En));
        let plain = Msg::plain("as it is");
        assert_eq!(plain.in_lang(Lang::Ar), "as it is");
        assert!(plain.is_plain() && !m.is_plain());
    }
}
