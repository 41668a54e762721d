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

/// The key of a full name (its words' keys in order, one space between).
pub fn name_key(name: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    for word in name.split(|c: char| c.is_whitespace() || matches!(c, '-' | '\'' | '’' | '.' | ',')) {
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
        let key = skeleton(&latin);
        if !key.is_empty() {
            words.push(key);
        }
    }
    // "Abd al-Rahman" and "Abdulrahman": a lone "abd" joins the word after it.
    let mut joined: Vec<String> = Vec::new();
    for w in words {
        match joined.last_mut() {
            Some(last) if last == "abd" => last.push_str(&w),
            _ => joined.push(w),
        }
    }
    joined.join(" ")
}

/// The article as transliterations write it before a name.
const ARTICLES: &[&str] = &["al", "el", "ul", "ol", "ar", "as", "ash", "ad", "an", "at", "az", "ad"];

/// The word in lower-case Latin letters: Arabic letters spelled by their
/// usual consonants (the alef and hamza forms, and the ain, as a vowel),
/// diacritics and Turkish and French accents dropped.
fn to_latin(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        let spelled: &str = match c {
            'ا' | 'أ' | 'إ' | 'آ' | 'ٱ' | 'ء' | 'ع' => "a",
            'ؤ' | 'و' => "w",
            'ئ' | 'ي' | 'ى' => "y",
            'ب' => "b",
            'ت' | 'ط' => "t",
            'ة' | 'ه' => "h",
            'ث' => "th",
            'ج' => "j",
            'ح' => "h",
            'خ' => "kh",
            'د' | 'ض' => "d",
            'ذ' | 'ظ' => "dh",
            'ر' => "r",
            'ز' => "z",
            'س' | 'ص' => "s",
            'ش' => "sh",
            'غ' => "gh",
            'ف' => "f",
            'ق' => "q",
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

/// The consonant skeleton of a Latin word: a first vowel kept as "a",
/// later vowels and the half-vowels w and y dropped, the spellings
/// transliterations confuse brought together (kh/h, q/k, Turkish c/j …),
/// doubled letters once, a final "h" dropped and a final "t" as "d".
fn skeleton(word: &str) -> String {
    let mut w = word.to_owned();
    for (from, to) in [
        ("kh", "h"),
        ("gh", "g"),
        ("ph", "f"),
        ("sh", "s"),
        ("ch", "s"),
        ("th", "t"),
        ("dh", "d"),
        ("q", "k"),
        ("x", "ks"),
        ("c", "j"),
        ("z", "s"),
        ("v", "f"),
        ("p", "b"),
    ] {
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
