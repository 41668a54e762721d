//! A form as posted, read field by field: the text of a field, a name in
//! three languages, a number, and a refusal put beside the input it
//! concerns. For the forms whose inputs are named by the page (a form's
//! prefix and the store's field: `plan_code` for the plan form's `code`).

use crate::AppError;

/// The fields of a form as posted.
pub(crate) type Fields = std::collections::HashMap<String, String>;

pub(crate) fn field<'a>(f: &'a Fields, name: &str) -> &'a str {
    f.get(name).map(String::as_str).unwrap_or_default()
}

pub(crate) fn names_of(f: &Fields, prefix: &str) -> ittifaq_core::agreement::Names {
    let n = |lang: &str| field(f, &format!("{prefix}_{lang}")).to_owned();
    ittifaq_core::agreement::Names { en: n("en"), tr: n("tr"), ar: n("ar") }
}

/// A number typed in a form field `form_name` (the error names `store_field`).
pub(crate) fn number(f: &Fields, form_name: &str, store_field: &str) -> Result<f64, AppError> {
    let t = field(f, form_name).trim().replace(',', ".");
    t.parse::<f64>().ok().filter(|v| v.is_finite()).ok_or_else(|| {
        AppError::invalid(store_field, ittifaq_core::Msg::new("invalid-number").arg("text", field(f, form_name).trim()))
    })
}

/// A refusal of the form `form`: its field named as the form's input is.
pub(crate) fn refused_in(form: &'static str, e: AppError, tr: &crate::i18n::Tr) -> crate::pages::FormError {
    let mut err = crate::pages::FormError::of(&e, tr);
    // A refusal of no one field (a conflict) is said beside the form's button.
    err.field = Some(err.field.map_or_else(|| form.to_owned(), |f| format!("{form}.{f}")));
    err
}
