//! The nominee search shared by the session page and the replacement form:
//! as a commander types, the people of their party they may put forward.

use ittifaq_core::id::SessionId;
use ittifaq_store::people::PeopleFilter;
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::pages::PageCtx;
use crate::{AppError, AppState};

/// How many people a nominee search offers at once.
const CANDIDATES: u64 = 20;

/// The form that searches for a nominee (`nominee_search.html`): as the
/// words are typed, the options of the select `select` are asked of the
/// session's candidates route; without script the form reloads `page`.
pub(crate) struct NomineeSearch {
    pub page: String,
    pub class: &'static str,
    /// The ids of the search field and of the select it fills.
    pub input: &'static str,
    pub select: &'static str,
    pub session_id: i64,
    pub q: String,
}

/// People offered as nominees, as the options of a select.
#[derive(Default)]
pub(crate) struct CandidateList {
    /// Person and label: name, rank and service number.
    pub options: Vec<(i64, String)>,
    /// What the select says when it offers no one, or not everyone found.
    pub note: Option<String>,
}

/// Finds the people a commander may put forward for a session: the own
/// party's, not already nominated for it, by words of their names or service
/// number, and by a rank code among the words (`OR-5 haddad`). Offers the
/// first [`CANDIDATES`] in the order of the people listing.
pub(crate) async fn find_candidates(
    state: &AppState,
    ctx: &PageCtx,
    u: &CurrentUser,
    session_id: SessionId,
    q: &str,
) -> Result<CandidateList, AppError> {
    let mut words = Vec::new();
    let mut rank = None;
    for word in q.split_whitespace() {
        match ittifaq_core::Rank::parse(word) {
            Ok(r) => rank = Some(r),
            Err(_) => words.push(word),
        }
    }
    let filter = PeopleFilter {
        q: Some(words.join(" ")),
        party: Some(u.party.to_string()),
        rank_min: rank,
        rank_max: rank,
        not_nominated_for: Some(session_id.get()),
        per_page: CANDIDATES + 1,
        page: 1,
        ..Default::default()
    };
    let mut found = state.store.find_people(&u.actor(), &filter).await?;
    let more = found.len() as u64 > CANDIDATES;
    found.truncate(CANDIDATES as usize);
    let options: Vec<(i64, String)> = found.into_iter().map(|p| (p.id.get(), p.label())).collect();
    let note = if options.is_empty() {
        Some(ctx.t("candidates-none"))
    } else if more {
        Some(ctx.tr.t_args("candidates-shown", &[("shown", CANDIDATES.into())]))
    } else {
        None
    };
    Ok(CandidateList { options, note })
}

/// The words of a nominee search.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct CandidateQuery {
    #[serde(default)]
    pub q: String,
}
