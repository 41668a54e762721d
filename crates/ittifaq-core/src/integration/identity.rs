//! One key for one name, however it was written: in Arabic script with or
//! without diacritics and with any of the alef, hamza, ta marbuta or alef
//! maqsura forms; or in Latin letters by a Turkish, English or French
//! transliteration (Mohammed, Muhammad, Mehmet; Abdulrahman,
//! Abd al-Rahman). The key is a consonant skeleton: Arabic letters are
//! spelled by their usual Latin consonants, vowels after the first letter
//! dropped, letters that transliterations confuse (d/t at the end, q/k,
//! kh/h, the article "al-") brought together, doubled letters once. Names
//! that differ by their vowels alone (Hassan, Hussein) share a key. Two
//! people with one key are the same name, to be compared by their date of
//! birth; the store compares keys only through a keyed HMAC, so no name
//! crosses between parties.

use std::collections::HashMap;

use hmac::{Hmac, Mac};
use sha2::Sha256;
use time::Date;

/// A keyed digest of an identity key, cut to 128 bits.
pub type Digest = [u8; 16];

/// The five digests of one identity (a name and a date of birth), each
/// keyed by the node's secret so that they reveal nothing without it: the
/// exact one (the name and the whole date), and four that match the same
/// name with one part of the date mistyped (year and month, year and day,
/// month and day) or its day and month swapped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct IdentityDigests {
    pub exact: Digest,
    pub near: [Digest; 4],
}

/// The keyed HMAC (SHA-256) identities are compared by.
#[derive(Clone)]
pub struct IdentityMac {
    mac: Hmac<Sha256>,
}

impl std::fmt::Debug for IdentityMac {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("IdentityMac(…)")
    }
}

impl IdentityMac {
    /// The HMAC under a secret key (any length; 32 random bytes in the store).
    pub fn new(secret: &[u8]) -> IdentityMac {
        // HMAC takes a key of any length: this cannot fail.
        let mac = <Hmac<Sha256> as Mac>::new_from_slice(secret).unwrap_or_else(|_| unreachable!());
        IdentityMac { mac }
    }

    fn digest(&self, parts: &[&[u8]]) -> Digest {
        let mut m = self.mac.clone();
        for part in parts {
            m.update(&(part.len() as u32).to_be_bytes());
            m.update(part);
        }
        let full = m.finalize().into_bytes();
        let mut out = [0u8; 16];
        out.copy_from_slice(&full[..16]);
        out
    }

    /// The digests of a name and a date of birth; none for a name that has
    /// no key (no letter in it).
    pub fn identity(&self, name: &str, born: Date) -> Option<IdentityDigests> {
        let key = name_key(name);
        if key.is_empty() {
            return None;
        }
        let k = key.as_bytes();
        let (y, m, d) = (born.year().to_string(), u8::from(born.month()).to_string(), born.day().to_string());
        let (y, m, d) = (y.as_bytes(), m.as_bytes(), d.as_bytes());
        let (lo, hi) = if m <= d { (m, d) } else { (d, m) };
        Some(IdentityDigests {
            exact: self.digest(&[b"exact", k, y, m, d]),
            near: [
                self.digest(&[b"ym", k, y, m]),
                self.digest(&[b"yd", k, y, d]),
                self.digest(&[b"md", k, m, d]),
                self.digest(&[b"swap", k, y, lo, hi]),
            ],
        })
    }
}

/// Groups the identities that share any near digest (the same name with at
/// most one part of the date of birth different, or day and month
/// swapped), transitively: each group of two or more is a set of
/// registrations to review as one person. Linear in the number of
/// identities (a hash map and a union-find), however many share a digest.
pub fn duplicate_groups(ids: &[IdentityDigests]) -> Vec<Vec<usize>> {
    let mut parent: Vec<usize> = (0..ids.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let mut first: HashMap<Digest, usize> = HashMap::with_capacity(ids.len() * 4);
    for (i, id) in ids.iter().enumerate() {
        for d in id.near {
            match first.entry(d) {
                std::collections::hash_map::Entry::Occupied(e) => {
                    let (a, b) = (root(&mut parent, *e.get()), root(&mut parent, i));
                    if a != b {
                        parent[a.max(b)] = a.min(b);
                    }
                }
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(i);
                }
            }
        }
    }
    let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
    for i in 0..ids.len() {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    let mut out: Vec<Vec<usize>> = groups.into_values().filter(|g| g.len() > 1).collect();
    out.sort();
    out
}

/// The key of a full name (its words' keys in order, one space between).
pub fn name_key(name: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    // An apostrophe marks an ain or a hamza inside a word (Mar'i): no break.
    for word in name.split(|c: char| c.is_whitespace() || matches!(c, '-' | '.' | ',')) {
        let arabic = word.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c));
        let mut latin = to_latin(word);
        // The article before a name ("al-", "el-", "ar-" …), in either script.
        if latin.is_empty() || !words.is_empty() && ARTICLES.contains(&latin.as_str()) {
            continue;
        }
        if word.starts_with("ال") && latin.len() > 4 {
            latin.replace_range(..2, "");
        }
        // "Abdul", "Abdel", "Abdal": "abd" and the article run together.
        for joined in ["abdul", "abdel", "abdal", "abdol", "abdur", "abdar"] {
            if latin == joined || latin.starts_with(joined) && latin.len() > joined.len() + 2 {
                latin.replace_range(..joined.len(), "abd");
            }
        }
        // "Allah" after a name joins it: "Nasr Allah" and "Nasrallah", "Abd Allah" and "Abdullah".
        if matches!(latin.as_str(), "allah" | "ullah" | "allh")
            && let Some(last) = words.last_mut()
        {
            last.push('l');
            continue;
        }
        let key = skeleton(&latin, arabic);
        if !key.is_empty() {
            words.push(key);
        }
    }
    // "Abd al-Rahman" and "Abdulrahman", "Abd Allah" and "Abdullah": a lone
    // "abd" joins the word after it, less the vowel that word starts with.
    let mut joined: Vec<String> = Vec::new();
    for w in words {
        match joined.last_mut() {
            Some(last) if last == "abd" => last.push_str(w.strip_prefix('a').filter(|r| !r.is_empty()).unwrap_or(&w)),
            _ => joined.push(w),
        }
    }
    joined.join(" ")
}

/// The article as transliterations write it before a name.
const ARTICLES: &[&str] = &["al", "el", "ul", "ol", "ar", "as", "ash", "ad", "an", "at", "az", "ad"];

/// The word in lower-case Latin letters: Arabic letters spelled by the one
/// consonant of the key (the alef and hamza forms, and the ain, as a
/// vowel), diacritics and Turkish and French accents dropped.
fn to_latin(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        let spelled: &str = match c {
            'ا' | 'أ' | 'إ' | 'آ' | 'ٱ' | 'ء' | 'ع' => "a",
            'ؤ' | 'و' => "w",
            'ئ' | 'ي' | 'ى' => "y",
            'ب' => "b",
            'ت' | 'ط' => "t",
            'ة' | 'ه' | 'ح' | 'خ' => "h",
            'ث' | 'س' | 'ص' | 'ش' | 'ز' => "s",
            'ج' | 'غ' => "j",
            'د' | 'ض' | 'ذ' | 'ظ' => "d",
            'ر' => "r",
            'ف' => "f",
            'ق' => "k",
            'ك' => "k",
            'ل' => "l",
            'م' => "m",
            'ن' => "n",
            // Diacritics, the dagger alef and the tatweel: dropped.
            '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' => "",
            'ç' | 'Ç' => "ch",
            'ğ' | 'Ğ' => "g",
            'ı' | 'İ' | 'î' | 'Î' | 'ï' => "i",
            'ö' | 'Ö' | 'ô' => "o",
            'ş' | 'Ş' => "sh",
            'ü' | 'Ü' | 'û' | 'ù' => "u",
            'â' | 'Â' | 'à' | 'ä' => "a",
            'é' | 'É' | 'è' | 'ê' | 'ë' => "e",
            c if c.is_ascii_alphabetic() => {
                out.push(c.to_ascii_lowercase());
                continue;
            }
            _ => "",
        };
        out.push_str(spelled);
    }
    out
}

/// The consonant skeleton of a word: a first vowel kept as "a", later
/// vowels and the half-vowels w and y dropped, doubled letters once, a
/// final "h" dropped and a final "t" as "d"; in a Latin word, first the
/// spellings transliterations confuse brought together (kh/h, q/k, th/s as
/// Turkish writes it, Turkish c and Egyptian g for j, v for w …). An
/// Arabic word is already spelled by those consonants.
fn skeleton(word: &str, arabic: bool) -> String {
    let mut w = word.to_owned();
    let digraphs: &[(&str, &str)] = &[
        ("kh", "h"),
        ("gh", "j"),
        ("ph", "f"),
        ("sh", "s"),
        ("ch", "s"),
        ("th", "s"),
        ("dh", "d"),
        ("q", "k"),
        ("x", "ks"),
        ("c", "j"),
        ("g", "j"),
        ("z", "s"),
        ("v", "w"),
        ("p", "b"),
    ];
    for (from, to) in if arabic { &[][..] } else { digraphs } {
        w = w.replace(from, to);
    }
    let mut out = String::new();
    for (i, c) in w.chars().enumerate() {
        if matches!(c, 'a' | 'e' | 'i' | 'o' | 'u') || (i > 0 && matches!(c, 'w' | 'y')) {
            if i == 0 {
                out.push('a');
            }
            continue;
        }
        if !out.ends_with(c) {
            out.push(c);
        }
    }
    if out.len() > 2 && out.ends_with('h') {
        out.pop();
    }
    if out.len() > 1 && out.ends_with('t') {
        out.pop();
        out.push('d');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_name_written_in_either_script_and_any_transliteration_has_one_key() {
        let same = |names: &[&str]| {
            let keys: Vec<String> = names.iter().map(|n| name_key(n)).collect();
            assert!(keys.windows(2).all(|w| w[0] == w[1]), "{names:?} → {keys:?}");
        };
        same(&["Mohammed", "Muhammad", "Mehmet", "Mohamad", "Mehmed", "محمد", "مُحَمَّد"]);
        same(&["Ahmad", "Ahmed", "أحمد", "احمد"]);
        same(&["Abdulrahman", "Abd al-Rahman", "Abdel Rahman", "عبد الرحمن"]);
        same(&["Fatima", "Fatma", "فاطمة", "فاطمه"]);
        same(&["Mustafa", "Mostafa", "Moustafa", "مصطفى", "مصطفي"]);
        same(&["Hussein", "Husayn", "Hüseyin", "حسين"]);
        same(&["Khaled", "Khalid", "Halit", "خالد"]);
        same(&["Yusuf", "Youssef", "Yousef", "يوسف"]);
        same(&["Ali Haydar", "ALI  HAYDAR", "علي حيدر"]);
    }

    fn day(text: &str) -> Date {
        Date::parse(text, &time::format_description::well_known::Iso8601::DATE).unwrap()
    }

    #[test]
    fn a_mistyped_date_or_a_transliterated_name_still_matches_and_others_do_not() {
        let mac = IdentityMac::new(b"secret");
        let ids: Vec<IdentityDigests> = [
            ("Mohammed Khaled Hassan", "1990-03-14"),
            ("محمد خالد حسن", "1990-03-14"),          // the same in Arabic script
            ("Muhammad Khalid Hassan", "1991-03-14"), // the year mistyped
            ("Mehmet Halit Hasan", "1990-03-17"),     // the day mistyped
            ("Omar Said", "1990-03-14"),
            ("Mohammed Khaled Hassan", "1985-07-02"), // another man of the same name
        ]
        .iter()
        .map(|(n, d)| mac.identity(n, day(d)).unwrap())
        .collect();
        assert_eq!(duplicate_groups(&ids), vec![vec![0, 1, 2, 3]]);
        assert_eq!(ids[0].exact, ids[1].exact);
        assert_ne!(ids[0].exact, ids[2].exact);
        assert_ne!(ids[0].exact, ids[5].exact);
        // Day and month swapped.
        let a = mac.identity("Ali Haydar", day("1988-04-09")).unwrap();
        let b = mac.identity("Ali Haydar", day("1988-09-04")).unwrap();
        assert_eq!(duplicate_groups(&[a, b]), vec![vec![0, 1]]);
        // Another key gives other digests: nothing to compare across keys.
        let other = IdentityMac::new(b"another secret").identity("Ali Haydar", day("1988-04-09")).unwrap();
        assert_ne!(a, other);
        assert!(mac.identity("-- ", day("1988-04-09")).is_none());
    }

    #[test]
    fn a_name_shared_by_thousands_groups_in_linear_time() {
        let mac = IdentityMac::new(b"k");
        let ids: Vec<IdentityDigests> =
            (0..20_000).map(|_| mac.identity("Ahmad", day("1990-01-01")).unwrap()).collect();
        let groups = duplicate_groups(&ids);
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].len(), 20_000);
    }

    #[test]
    fn different_names_keep_different_keys() {
        // Names apart by their consonants stay apart; those apart by their
        // vowels alone (Hassan, Hussein) share a key and are told apart by
        // the date of birth.
        let keys: Vec<String> = ["Mohammed", "Ahmad", "Hamid", "Omar", "Samir", "Said", "Hassan", "Khaled", "Yusuf"]
            .iter()
            .map(|n| name_key(n))
            .collect();
        let mut distinct = keys.clone();
        distinct.sort();
        distinct.dedup();
        assert_eq!(distinct.len(), keys.len(), "{keys:?}");
        assert_eq!(name_key(""), "");
        assert_eq!(name_key("  -- ' "), "");
    }
}
