//! The registry of people: search, read, create, edit, archive and import,
//! always through the actor's scope.

use ittifaq_core::Msg;
use ittifaq_core::id::PersonId;
use ittifaq_core::person::PersonRecord;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use serde::Serialize;

use crate::audit::{self, Event};
use crate::entity::{nomination, person, unit};
use crate::scope::{PersonView, Reach, ensure_own, person_view};
use crate::{Actor, Result, Store, StoreError, frame_list};
use ittifaq_core::audit::{Action, ObjectKind};

/// Filters of the people listing. Each filter on a field applies only to
/// records whose party released that field to the actor.
#[derive(Debug, Clone, Default)]
pub struct PeopleFilter {
    /// Words to find in the service number and names.
    pub q: Option<String>,
    pub party: Option<String>,
    pub unit_id: Option<i64>,
    pub rank_min: Option<ittifaq_core::Rank>,
    pub rank_max: Option<ittifaq_core::Rank>,
    pub language: Option<String>,
    pub qualification: Option<String>,
    pub include_archived: bool,
    /// Leaves out the people already nominated for this session.
    pub not_nominated_for: Option<i64>,
    /// 1-based page number.
    pub page: u64,
    pub per_page: u64,
}

/// One page of a listing.
#[derive(Debug, Clone, Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

fn search_text(r: &PersonRecord) -> String {
    let mut s = format!("{} {} {}", r.service_number, r.given_name, r.family_name);
    if let Some(n) = &r.native_name {
        s.push(' ');
        s.push_str(n);
    }
    s.to_lowercase()
}

fn to_json(m: &person::Model) -> serde_json::Value {
    serde_json::to_value(m).unwrap_or(serde_json::Value::Null)
}

/// A field condition that holds only where the actor may see the field.
fn where_visible(store_releases: &crate::Releases, actor: &Actor, field: &str, cond: Condition) -> Condition {
    let mut parties = store_releases.parties_releasing(actor, field);
    parties.push(actor.party.to_string());
    Condition::all().add(cond).add(person::Column::Party.is_in(parties))
}

/// The condition of a people filter, each field's filter applying only to
/// records whose party released that field to the actor.
fn people_condition(releases: &crate::Releases, actor: &Actor, reach: &Reach, f: &PeopleFilter) -> Condition {
    let mut cond = Condition::all();
    // A commander's people are those of their units alone.
    if actor.role == ittifaq_core::Role::UnitCommander {
        cond = cond
            .add(person::Column::Party.eq(actor.party.as_str()))
            .add(person::Column::UnitId.is_in(reach.units.iter().copied()));
    }
    if !f.include_archived {
        cond = cond.add(person::Column::Archived.eq(false));
    }
    if let Some(p) = &f.party {
        cond = cond.add(person::Column::Party.eq(p.as_str()));
    }
    if let Some(q) = f.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        let mut words = Condition::all();
        for word in q.to_lowercase().split_whitespace() {
            words = words.add(person::Column::SearchText.contains(word));
        }
        // Names are searchable only where released; the service number alone otherwise.
        let by_name = where_visible(releases, actor, "family_name", words);
        let by_number = where_visible(
            releases,
            actor,
            "service_number",
            Condition::all().add(person::Column::ServiceNumber.contains(q.to_uppercase())),
        );
        cond = cond.add(Condition::any().add(by_name).add(by_number));
    }
    if let Some(u) = f.unit_id {
        cond = cond.add(where_visible(releases, actor, "unit", Condition::all().add(person::Column::UnitId.eq(u))));
    }
    if let Some(r) = f.rank_min {
        cond = cond.add(where_visible(
            releases,
            actor,
            "rank",
            Condition::all().add(person::Column::RankOrdinal.gte(r.ordinal() as i32)),
        ));
    }
    if let Some(r) = f.rank_max {
        cond = cond.add(where_visible(
            releases,
            actor,
            "rank",
            Condition::all().add(person::Column::RankOrdinal.lte(r.ordinal() as i32)),
        ));
    }
    if let Some(l) = f.language.as_deref().filter(|l| !l.is_empty()) {
        cond = cond.add(where_visible(
            releases,
            actor,
            "languages",
            Condition::all().add(person::Column::Languages.contains(format!(",{l},"))),
        ));
    }
    if let Some(q) = f.qualification.as_deref().filter(|q| !q.is_empty()) {
        cond = cond.add(where_visible(
            releases,
            actor,
            "qualifications",
            Condition::all().add(person::Column::Qualifications.contains(format!(",{q},"))),
        ));
    }
    if let Some(session) = f.not_nominated_for {
        cond = cond.add(
            person::Column::Id.not_in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(nomination::Column::PersonId)
                    .from(nomination::Entity)
                    .and_where(nomination::Column::SessionId.eq(session))
                    .and_where(nomination::Column::Status.is_in(crate::exchange::ACTIVE.iter().copied()))
                    .to_owned(),
            ),
        );
    }
    cond
}

impl Store {
    pub async fn list_people(&self, actor: &Actor, f: &PeopleFilter) -> Result<Page<PersonView>> {
        let reach = Reach::load(self.connection(), actor).await?;
        let releases = self.releases().await;
        let query = person::Entity::find().filter(people_condition(&releases, actor, &reach, f));
        let total = query.clone().count(self.connection()).await?;
        let (items, page, per_page) = self.people_page(&releases, actor, query, f).await?;
        Ok(Page { items, total, page, per_page })
    }

    /// The people a filter finds, one page of them, without counting them all
    /// (a search that offers the first few asks for one more to know there are more).
    pub async fn find_people(&self, actor: &Actor, f: &PeopleFilter) -> Result<Vec<PersonView>> {
        let reach = Reach::load(self.connection(), actor).await?;
        let releases = self.releases().await;
        let query = person::Entity::find().filter(people_condition(&releases, actor, &reach, f));
        Ok(self.people_page(&releases, actor, query, f).await?.0)
    }

    async fn people_page(
        &self,
        releases: &crate::Releases,
        actor: &Actor,
        query: sea_orm::Select<person::Entity>,
        f: &PeopleFilter,
    ) -> Result<(Vec<PersonView>, u64, u64)> {
        let per_page = f.per_page.clamp(1, 500);
        let page = f.page.max(1);
        let rows = query
            .order_by_asc(person::Column::Party)
            .order_by_asc(person::Column::FamilyName)
            .order_by_asc(person::Column::Id)
            .offset(ittifaq_core::Paging::clamped_offset(page, per_page))
            .limit(per_page)
            .all(self.connection())
            .await?;
        Ok((rows.iter().map(|m| person_view(releases, actor, m)).collect(), page, per_page))
    }

    pub async fn get_person(&self, actor: &Actor, id: PersonId) -> Result<PersonView> {
        let reach = Reach::load(self.connection(), actor).await?;
        let m = person::Entity::find_by_id(id)
            .one(self.connection())
            .await?
            .filter(|m| reach.holds_person(actor, &m.party, m.unit_id))
            .ok_or_else(|| StoreError::not_found(ObjectKind::Person, id))?;
        Ok(person_view(&*self.releases().await, actor, &m))
    }

    /// Checks that a unit exists, is not archived and belongs to the actor's party.
    async fn own_unit<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
        reach: &Reach,
        unit_id: i64,
    ) -> Result<unit::Model> {
        let u = unit::Entity::find_by_id(unit_id)
            .one(conn)
            .await?
            .ok_or_else(|| StoreError::no_such("unit_id", ObjectKind::Unit, unit_id))?;
        if u.party != actor.party.as_str() {
            // A unit its party did not release is answered as one that does not exist.
            if !self.releases().await.visible(actor, &u.party, "unit") {
                return Err(StoreError::no_such("unit_id", ObjectKind::Unit, unit_id));
            }
            return Err(StoreError::Forbidden(
                Msg::new("forbidden-unit-other-party").arg("unit", unit_id).arg("party", &actor.party),
            ));
        }
        // A commander registers people in their units; another is answered as absent.
        if !reach.holds_person(actor, &u.party, u.id) {
            return Err(StoreError::no_such("unit_id", ObjectKind::Unit, unit_id));
        }
        if u.archived {
            return Err(StoreError::invalid(
                "unit_id",
                Msg::new("invalid-archived").msg("what", crate::record(ObjectKind::Unit, &u.code)),
            ));
        }
        Ok(u)
    }

    async fn insert_person<C: audit::Appender>(
        &self,
        conn: &C,
        actor: &Actor,
        reach: &Reach,
        r: &PersonRecord,
    ) -> Result<person::Model> {
        self.own_unit(conn, actor, reach, r.unit_id).await?;
        let now = self.now_ms();
        let m = person::ActiveModel {
            party: Set(actor.party.to_string()),
            service_number: Set(r.service_number.clone()),
            given_name: Set(r.given_name.clone()),
            family_name: Set(r.family_name.clone()),
            native_name: Set(r.native_name.clone()),
            rank: Set(r.rank.to_string()),
            rank_ordinal: Set(r.rank.ordinal() as i32),
            rank_title: Set(r.rank_title.clone()),
            unit_id: Set(r.unit_id),
            languages: Set(frame_list(&r.languages)),
            qualifications: Set(frame_list(&r.qualifications)),
            national_id: Set(r.national_id.clone()),
            phone: Set(r.phone.clone()),
            next_of_kin: Set(r.next_of_kin.clone()),
            search_text: Set(search_text(r)),
            archived: Set(false),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(conn)
        .await
        .map_err(|e| {
            StoreError::unique(e, || {
                Msg::new("conflict-service-number-registered")
                    .arg("number", &r.service_number)
                    .arg("party", &actor.party)
            })
        })?;
        let audited = Event::new(Action::Create, ObjectKind::Person, m.id, &m.party).with(None, Some(to_json(&m)));
        audit::record(conn, now, actor, audited).await?;
        Ok(m)
    }

    /// Registers a person of the actor's party in one of its units.
    pub async fn create_person(&self, actor: &Actor, r: &PersonRecord) -> Result<PersonView> {
        let txn = self.write().await?;
        let reach = Reach::load(&txn, actor).await?;
        let m = self.insert_person(&txn, actor, &reach, r).await?;
        txn.commit().await?;
        Ok(person_view(&*self.releases().await, actor, &m))
    }

    /// Imports people all or none. On failure, returns every rejected row
    /// (0-based index into `rows`) with the field and the reason.
    pub async fn import_people(&self, actor: &Actor, rows: &[PersonRecord]) -> Result<usize, Vec<(usize, StoreError)>> {
        let txn = self.write().await.map_err(|e| vec![(0, e)])?;
        // Whose units the actor may register people in, read once for every row.
        let reach = Reach::load(&*txn, actor).await.map_err(|e| vec![(0, e)])?;
        let mut rejected = Vec::new();
        for (i, r) in rows.iter().enumerate() {
            // A savepoint per row, so that one bad row does not hide the faults of the next.
            let sp = match sea_orm::TransactionTrait::begin(&*txn).await {
                Ok(sp) => sp,
                Err(e) => return Err(vec![(i, e.into())]),
            };
            match self.insert_person(&sp, actor, &reach, r).await {
                Ok(_) => {
                    if let Err(e) = sp.commit().await {
                        rejected.push((i, e.into()));
                    }
                }
                Err(e) => {
                    let _ = sp.rollback().await;
                    rejected.push((i, e));
                }
            }
        }
        if !rejected.is_empty() {
            let _ = txn.rollback().await;
            return Err(rejected);
        }
        txn.commit().await.map_err(|e| vec![(0, e.into())])?;
        Ok(rows.len())
    }

    /// Replaces the record of a person of the actor's party.
    pub async fn update_person(&self, actor: &Actor, id: PersonId, r: &PersonRecord) -> Result<PersonView> {
        let txn = self.write().await?;
        let old = person::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or_else(|| StoreError::not_found(ObjectKind::Person, id))?;
        ensure_own(actor, &old.party, crate::record(ObjectKind::Person, id))?;
        let reach = Reach::load(&txn, actor).await?;
        if !reach.holds_person(actor, &old.party, old.unit_id) {
            return Err(StoreError::not_found(ObjectKind::Person, id));
        }
        if old.archived {
            return Err(StoreError::Conflict(
                Msg::new("conflict-archived-edit").msg("what", crate::record(ObjectKind::Person, id)),
            ));
        }
        self.own_unit(&txn, actor, &reach, r.unit_id).await?;
        let now = self.now_ms();
        let mut am: person::ActiveModel = old.clone().into();
        am.service_number = Set(r.service_number.clone());
        am.given_name = Set(r.given_name.clone());
        am.family_name = Set(r.family_name.clone());
        am.native_name = Set(r.native_name.clone());
        am.rank = Set(r.rank.to_string());
        am.rank_ordinal = Set(r.rank.ordinal() as i32);
        am.rank_title = Set(r.rank_title.clone());
        am.unit_id = Set(r.unit_id);
        am.languages = Set(frame_list(&r.languages));
        am.qualifications = Set(frame_list(&r.qualifications));
        am.national_id = Set(r.national_id.clone());
        am.phone = Set(r.phone.clone());
        am.next_of_kin = Set(r.next_of_kin.clone());
        am.search_text = Set(search_text(r));
        am.updated_at = Set(now);
        let m = am.update(&txn).await.map_err(|e| {
            StoreError::unique(e, || {
                Msg::new("conflict-service-number-registered")
                    .arg("number", &r.service_number)
                    .arg("party", &actor.party)
            })
        })?;
        let audited =
            Event::new(Action::Update, ObjectKind::Person, id, &m.party).with(Some(to_json(&old)), Some(to_json(&m)));
        audit::record(&txn, now, actor, audited).await?;
        txn.commit().await?;
        Ok(person_view(&*self.releases().await, actor, &m))
    }

    /// Archives a person of the actor's party; the record stays, hidden from lists.
    pub async fn archive_person(&self, actor: &Actor, id: PersonId) -> Result<PersonView> {
        let txn = self.write().await?;
        let old = person::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or_else(|| StoreError::not_found(ObjectKind::Person, id))?;
        ensure_own(actor, &old.party, crate::record(ObjectKind::Person, id))?;
        if !Reach::load(&txn, actor).await?.holds_person(actor, &old.party, old.unit_id) {
            return Err(StoreError::not_found(ObjectKind::Person, id));
        }
        if old.archived {
            return Err(StoreError::Conflict(
                Msg::new("conflict-already-archived").msg("what", crate::record(ObjectKind::Person, id)),
            ));
        }
        let now = self.now_ms();
        let mut am: person::ActiveModel = old.clone().into();
        am.archived = Set(true);
        am.updated_at = Set(now);
        let m = am.update(&txn).await?;
        audit::record_archive(&txn, now, actor, ittifaq_core::audit::ObjectKind::Person, id.get(), &m.party).await?;
        txn.commit().await?;
        Ok(person_view(&*self.releases().await, actor, &m))
    }

    /// Counts people, for the dashboard.
    pub async fn count_people(&self, party: Option<&str>) -> Result<u64> {
        let mut q = person::Entity::find().filter(person::Column::Archived.eq(false));
        if let Some(p) = party {
            q = q.filter(person::Column::Party.eq(p));
        }
        Ok(q.count(self.connection()).await?)
    }
}
