//! Parties, institutions, units and the course catalog.

use ittifaq_core::Agreement;
use ittifaq_core::Msg;
use ittifaq_core::agreement::Names;
use ittifaq_core::id::{CourseId, InstitutionId, UnitId};
use sea_orm::{ActiveModelTrait, ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set};
use serde::{Deserialize, Serialize};

use crate::audit::{self, Event};
use crate::entity::{agreement, course, institution, party, person, unit};
use crate::scope::ensure_own;
use crate::{Actor, Result, Store, StoreError, frame_list};
use ittifaq_core::audit::{Action, ObjectKind};

fn json<T: Serialize>(v: &T) -> Option<serde_json::Value> {
    serde_json::to_value(v).ok()
}

/// A new unit, as entered by a user of its party.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UnitInput {
    pub code: String,
    pub parent_id: Option<i64>,
    pub name_en: String,
    pub name_tr: String,
    pub name_ar: String,
    pub max_away: Option<i32>,
}

/// A new institution, as entered by a user of its party.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct InstitutionInput {
    pub code: String,
    pub name: Names,
    pub city: String,
    #[serde(default)]
    pub domains: Vec<String>,
}

/// A new course of the catalog.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CourseInput {
    pub code: String,
    pub institution_id: i64,
    pub domain: String,
    #[serde(default)]
    pub article: Option<String>,
    pub title: Names,
    pub language: String,
    #[serde(default)]
    pub min_rank: Option<String>,
    #[serde(default)]
    pub max_rank: Option<String>,
    pub duration_days: i32,
    pub capacity: i32,
    #[serde(default)]
    pub requires: Vec<String>,
    #[serde(default)]
    pub grants: Option<String>,
    /// What the course teaches, in the three languages.
    #[serde(default)]
    pub description: Option<Names>,
}

pub(crate) fn check_code(field: &str, code: &str) -> Result<()> {
    let ok = !code.is_empty()
        && code.len() <= 64
        && code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'/');
    if ok { Ok(()) } else { Err(StoreError::invalid(field, Msg::new("invalid-code").arg("code", code))) }
}

/// A free text of at most `max` characters (lines allowed, no other
/// control character), trimmed; `required`: not empty.
pub(crate) fn text_field(field: &'static str, value: &str, max: usize, required: bool) -> Result<String> {
    let v = value.trim();
    if required && v.is_empty() {
        return Err(StoreError::invalid(field, Msg::new("invalid-required")));
    }
    if v.chars().count() > max || v.chars().any(|c| c.is_control() && c != '\n' && c != '\r') {
        return Err(StoreError::invalid(field, Msg::new("invalid-text-max").num("max", max as i64)));
    }
    Ok(v.to_owned())
}

pub(crate) fn check_text(field: &str, text: &str) -> Result<()> {
    if text.trim().is_empty() {
        return Err(StoreError::invalid(field, Msg::new("invalid-required")));
    }
    if text.chars().count() > 200 || text.chars().any(char::is_control) {
        return Err(StoreError::invalid(field, Msg::new("invalid-text-200")));
    }
    Ok(())
}

pub(crate) async fn load_agreement(store: &Store, a: &Agreement, source: &str) -> Result<()> {
    let txn = store.write().await?;
    let now = store.now_ms();
    let host = crate::Actor::system(a.host_party.clone());
    agreement::Entity::delete_many().exec(&txn).await?;
    agreement::ActiveModel { id: Set(a.id.clone()), source: Set(source.to_owned()), loaded_at: Set(now) }
        .insert(&txn)
        .await?;
    let audited = Event {
        action: Action::Load.code(),
        object_type: ObjectKind::Agreement,
        object_id: a.id.clone(),
        object_party: a.host_party.as_str(),
        before: None,
        after: Some(serde_json::json!({"id": a.id, "parties": a.parties.len(), "institutions": a.institutions.len()})),
    };
    audit::record(&txn, now, &host, audited).await?;
    for p in &a.parties {
        let row = party::ActiveModel {
            code: Set(p.code.to_string()),
            name_en: Set(p.name.en.clone()),
            name_tr: Set(p.name.tr.clone()),
            name_ar: Set(p.name.ar.clone()),
            released_fields: Set(frame_list(&p.released_fields)),
        };
        if party::Entity::find_by_id(p.code.to_string()).one(&txn).await?.is_some() {
            row.update(&txn).await?;
        } else {
            row.insert(&txn).await?;
        }
    }
    for i in &a.institutions {
        let existing =
            institution::Entity::find().filter(institution::Column::Code.eq(i.code.as_str())).one(&txn).await?;
        let mut row = institution::ActiveModel {
            code: Set(i.code.clone()),
            party: Set(i.party.to_string()),
            name_en: Set(i.name.en.clone()),
            name_tr: Set(i.name.tr.clone()),
            name_ar: Set(i.name.ar.clone()),
            city: Set(i.city.clone()),
            domains: Set(frame_list(&i.domains)),
            archived: Set(false),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        };
        let actor = crate::Actor::system(i.party.clone());
        let (m, before) = match existing {
            Some(old) => {
                row.id = Set(old.id);
                row.created_at = Set(old.created_at);
                (row.update(&txn).await?, json(&old))
            }
            None => (row.insert(&txn).await?, None),
        };
        let audited = Event {
            action: if before.is_some() { Action::Update } else { Action::Create }.code(),
            object_type: ObjectKind::Institution,
            object_id: m.id.to_string(),
            object_party: &m.party,
            before,
            after: json(&m),
        };
        audit::record(&txn, now, &actor, audited).await?;
    }
    crate::integration::plan_formations(&txn, a, now).await?;
    crate::integration::plan_target_units(&txn, a, now).await?;
    txn.commit().await?;
    Ok(())
}

impl Store {
    /// Parties of the loaded agreement.
    pub async fn parties(&self) -> Result<Vec<party::Model>> {
        Ok(party::Entity::find().order_by_asc(party::Column::Code).all(self.connection()).await?)
    }

    /// Units the actor may see: all of its own party's, and the other parties'
    /// where they released the `unit` field.
    pub async fn list_units(&self, actor: &Actor) -> Result<Vec<unit::Model>> {
        let releases = self.releases().await;
        let mut parties = releases.parties_releasing(actor, "unit");
        parties.push(actor.party.to_string());
        Ok(unit::Entity::find()
            .filter(unit::Column::Party.is_in(parties))
            .order_by_asc(unit::Column::Party)
            .order_by_asc(unit::Column::Code)
            .all(self.connection())
            .await?)
    }

    pub async fn create_unit(&self, actor: &Actor, input: &UnitInput) -> Result<unit::Model> {
        check_code("code", &input.code)?;
        check_text("name_en", &input.name_en)?;
        check_text("name_tr", &input.name_tr)?;
        check_text("name_ar", &input.name_ar)?;
        if input.max_away.is_some_and(|m| m < 0) {
            return Err(StoreError::invalid("max_away", Msg::new("invalid-negative")));
        }
        let txn = self.write().await?;
        if let Some(parent) = input.parent_id {
            let p = self
                .released_unit(&txn, actor, parent)
                .await?
                .ok_or_else(|| StoreError::no_such("parent_id", ObjectKind::Unit, parent))?;
            ensure_own(actor, &p.party, crate::record(ObjectKind::Unit, parent))?;
        }
        let now = self.now_ms();
        let m = unit::ActiveModel {
            code: Set(input.code.clone()),
            party: Set(actor.party.to_string()),
            parent_id: Set(input.parent_id),
            name_en: Set(input.name_en.trim().to_owned()),
            name_tr: Set(input.name_tr.trim().to_owned()),
            name_ar: Set(input.name_ar.trim().to_owned()),
            max_away: Set(input.max_away),
            archived: Set(false),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(|e| StoreError::code_taken(e, ObjectKind::Unit, &input.code))?;
        let audited = Event::new(Action::Create, ObjectKind::Unit, m.id, &m.party).with(None, json(&m));
        audit::record(&txn, now, actor, audited).await?;
        txn.commit().await?;
        Ok(m)
    }

    /// Renames or re-parents a unit of the actor's party.
    pub async fn update_unit(&self, actor: &Actor, id: UnitId, input: &UnitInput) -> Result<unit::Model> {
        check_code("code", &input.code)?;
        check_text("name_en", &input.name_en)?;
        check_text("name_tr", &input.name_tr)?;
        check_text("name_ar", &input.name_ar)?;
        if input.max_away.is_some_and(|m| m < 0) {
            return Err(StoreError::invalid("max_away", Msg::new("invalid-negative")));
        }
        let txn = self.write().await?;
        let old = self
            .released_unit(&txn, actor, id.get())
            .await?
            .ok_or_else(|| StoreError::not_found(ObjectKind::Unit, id))?;
        editable(
            actor,
            &old.party,
            old.archived,
            crate::record(ObjectKind::Unit, &old.code),
            "conflict-archived-edit",
        )?;
        // The new parent must be the actor's, and not the unit itself or one of its descendants.
        let mut cursor = input.parent_id;
        while let Some(parent) = cursor {
            if parent == id.get() {
                return Err(StoreError::invalid("parent_id", Msg::new("invalid-unit-cycle")));
            }
            let p = self
                .released_unit(&txn, actor, parent)
                .await?
                .ok_or_else(|| StoreError::no_such("parent_id", ObjectKind::Unit, parent))?;
            ensure_own(actor, &p.party, crate::record(ObjectKind::Unit, parent))?;
            cursor = p.parent_id;
        }
        let now = self.now_ms();
        let mut am: unit::ActiveModel = old.clone().into();
        am.code = Set(input.code.clone());
        am.parent_id = Set(input.parent_id);
        am.name_en = Set(input.name_en.trim().to_owned());
        am.name_tr = Set(input.name_tr.trim().to_owned());
        am.name_ar = Set(input.name_ar.trim().to_owned());
        am.max_away = Set(input.max_away);
        am.updated_at = Set(now);
        let m = am.update(&txn).await.map_err(|e| StoreError::code_taken(e, ObjectKind::Unit, &input.code))?;
        let audited = Event::new(Action::Update, ObjectKind::Unit, id, &m.party).with(json(&old), json(&m));
        audit::record(&txn, now, actor, audited).await?;
        txn.commit().await?;
        Ok(m)
    }

    /// Archives a unit of the actor's party that no active person or sub-unit belongs to.
    pub async fn archive_unit(&self, actor: &Actor, id: UnitId) -> Result<unit::Model> {
        let txn = self.write().await?;
        let old = self
            .released_unit(&txn, actor, id.get())
            .await?
            .ok_or_else(|| StoreError::not_found(ObjectKind::Unit, id))?;
        let what = crate::record(ObjectKind::Unit, &old.code);
        editable(actor, &old.party, old.archived, what, "conflict-already-archived")?;
        let members = person::Entity::find()
            .filter(person::Column::UnitId.eq(id.get()))
            .filter(person::Column::Archived.eq(false))
            .count(&txn)
            .await?;
        if members > 0 {
            return Err(StoreError::Conflict(
                Msg::new("conflict-unit-members").arg("unit", &old.code).num("count", members as i64),
            ));
        }
        let children = unit::Entity::find()
            .filter(unit::Column::ParentId.eq(id.get()))
            .filter(unit::Column::Archived.eq(false))
            .count(&txn)
            .await?;
        if children > 0 {
            return Err(StoreError::Conflict(
                Msg::new("conflict-unit-children").arg("unit", &old.code).num("count", children as i64),
            ));
        }
        let now = self.now_ms();
        let mut am: unit::ActiveModel = old.clone().into();
        am.archived = Set(true);
        am.updated_at = Set(now);
        let m = am.update(&txn).await?;
        audit::record_archive(&txn, now, actor, ittifaq_core::audit::ObjectKind::Unit, id.get(), &m.party).await?;
        txn.commit().await?;
        Ok(m)
    }

    /// A unit the actor may see, read through `conn`: `None` when it does not
    /// exist or its party did not release it, which are answered alike.
    async fn released_unit<C: sea_orm::ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
        id: i64,
    ) -> Result<Option<unit::Model>> {
        let found = unit::Entity::find_by_id(id).one(conn).await?;
        let releases = self.releases().await;
        Ok(found.filter(|u| releases.visible(actor, &u.party, "unit")))
    }

    pub async fn get_unit(&self, actor: &Actor, id: UnitId) -> Result<unit::Model> {
        let u = unit::Entity::find_by_id(id)
            .one(self.connection())
            .await?
            .ok_or_else(|| StoreError::not_found(ObjectKind::Unit, id))?;
        if !self.releases().await.visible(actor, &u.party, "unit") {
            return Err(StoreError::not_found(ObjectKind::Unit, id));
        }
        Ok(u)
    }

    pub async fn get_institution(&self, id: InstitutionId) -> Result<institution::Model> {
        institution::Entity::find_by_id(id)
            .one(self.connection())
            .await?
            .ok_or_else(|| StoreError::not_found(ObjectKind::Institution, id))
    }

    /// Edits an institution of the actor's party.
    pub async fn update_institution(
        &self,
        actor: &Actor,
        id: InstitutionId,
        input: &InstitutionInput,
    ) -> Result<institution::Model> {
        check_code("code", &input.code)?;
        check_text("name.en", &input.name.en)?;
        check_text("name.tr", &input.name.tr)?;
        check_text("name.ar", &input.name.ar)?;
        check_text("city", &input.city)?;
        self.check_domains(&input.domains).await?;
        let txn = self.write().await?;
        let old = institution::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or_else(|| StoreError::not_found(ObjectKind::Institution, id))?;
        let what = crate::record(ObjectKind::Institution, &old.code);
        editable(actor, &old.party, old.archived, what, "conflict-archived-edit")?;
        let now = self.now_ms();
        let mut am: institution::ActiveModel = old.clone().into();
        am.code = Set(input.code.clone());
        am.name_en = Set(input.name.en.trim().to_owned());
        am.name_tr = Set(input.name.tr.trim().to_owned());
        am.name_ar = Set(input.name.ar.trim().to_owned());
        am.city = Set(input.city.trim().to_owned());
        am.domains = Set(frame_list(&input.domains));
        am.updated_at = Set(now);
        let m = am.update(&txn).await.map_err(|e| StoreError::code_taken(e, ObjectKind::Institution, &input.code))?;
        let audited = Event::new(Action::Update, ObjectKind::Institution, id, &m.party).with(json(&old), json(&m));
        audit::record(&txn, now, actor, audited).await?;
        txn.commit().await?;
        Ok(m)
    }

    /// Archives an institution of the actor's party.
    pub async fn archive_institution(&self, actor: &Actor, id: InstitutionId) -> Result<institution::Model> {
        let txn = self.write().await?;
        let old = institution::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or_else(|| StoreError::not_found(ObjectKind::Institution, id))?;
        let what = crate::record(ObjectKind::Institution, &old.code);
        editable(actor, &old.party, old.archived, what, "conflict-already-archived")?;
        let now = self.now_ms();
        let mut am: institution::ActiveModel = old.clone().into();
        am.archived = Set(true);
        am.updated_at = Set(now);
        let m = am.update(&txn).await?;
        audit::record_archive(&txn, now, actor, ittifaq_core::audit::ObjectKind::Institution, id.get(), &m.party)
            .await?;
        txn.commit().await?;
        Ok(m)
    }

    async fn check_domains(&self, domains: &[String]) -> Result<()> {
        if let Some(a) = self.agreement().await? {
            for d in domains {
                if a.domain(d).is_none() {
                    return Err(StoreError::invalid("domains", Msg::new("invalid-domain").arg("domain", d)));
                }
            }
        }
        Ok(())
    }

    /// Institutions are named by the agreement and visible to every party.
    pub async fn list_institutions(&self) -> Result<Vec<institution::Model>> {
        Ok(institution::Entity::find()
            .filter(institution::Column::Archived.eq(false))
            .order_by_asc(institution::Column::Party)
            .order_by_asc(institution::Column::Code)
            .all(self.connection())
            .await?)
    }

    pub async fn create_institution(&self, actor: &Actor, input: &InstitutionInput) -> Result<institution::Model> {
        check_code("code", &input.code)?;
        check_text("name.en", &input.name.en)?;
        check_text("name.tr", &input.name.tr)?;
        check_text("name.ar", &input.name.ar)?;
        check_text("city", &input.city)?;
        self.check_domains(&input.domains).await?;
        let txn = self.write().await?;
        let now = self.now_ms();
        let m = institution::ActiveModel {
            code: Set(input.code.clone()),
            party: Set(actor.party.to_string()),
            name_en: Set(input.name.en.trim().to_owned()),
            name_tr: Set(input.name.tr.trim().to_owned()),
            name_ar: Set(input.name.ar.trim().to_owned()),
            city: Set(input.city.trim().to_owned()),
            domains: Set(frame_list(&input.domains)),
            archived: Set(false),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(|e| StoreError::code_taken(e, ObjectKind::Institution, &input.code))?;
        let audited = Event::new(Action::Create, ObjectKind::Institution, m.id, &m.party).with(None, json(&m));
        audit::record(&txn, now, actor, audited).await?;
        txn.commit().await?;
        Ok(m)
    }

    pub async fn list_courses(&self) -> Result<Vec<course::Model>> {
        Ok(course::Entity::find()
            .filter(course::Column::Archived.eq(false))
            .order_by_asc(course::Column::Domain)
            .order_by_asc(course::Column::Code)
            .all(self.connection())
            .await?)
    }

    /// Adds a course to the catalog of an institution of the actor's party.
    pub async fn create_course(&self, actor: &Actor, input: &CourseInput) -> Result<course::Model> {
        self.check_course(input).await?;
        let txn = self.write().await?;
        let inst = institution::Entity::find_by_id(input.institution_id)
            .one(&txn)
            .await?
            .ok_or_else(|| StoreError::no_such("institution_id", ObjectKind::Institution, input.institution_id))?;
        ensure_own(actor, &inst.party, crate::record(ObjectKind::Institution, &inst.code))?;
        let now = self.now_ms();
        let m = course::ActiveModel {
            code: Set(input.code.clone()),
            institution_id: Set(input.institution_id),
            domain: Set(input.domain.clone()),
            article: Set(input.article.clone()),
            title_en: Set(input.title.en.clone()),
            title_tr: Set(input.title.tr.clone()),
            title_ar: Set(input.title.ar.clone()),
            language: Set(input.language.clone()),
            min_rank: Set(input.min_rank.clone()),
            max_rank: Set(input.max_rank.clone()),
            duration_days: Set(input.duration_days),
            capacity: Set(input.capacity),
            requires: Set(frame_list(&input.requires)),
            grants: Set(input.grants.clone()),
            description_en: Set(input.description.as_ref().map(|d| d.en.trim().to_owned())),
            description_tr: Set(input.description.as_ref().map(|d| d.tr.trim().to_owned())),
            description_ar: Set(input.description.as_ref().map(|d| d.ar.trim().to_owned())),
            archived: Set(false),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(|e| StoreError::code_taken(e, ObjectKind::Course, &input.code))?;
        let audited = Event::new(Action::Create, ObjectKind::Course, m.id, &inst.party).with(None, json(&m));
        audit::record(&txn, now, actor, audited).await?;
        txn.commit().await?;
        Ok(m)
    }

    /// The rules a course must meet, on creation and on every change.
    async fn check_course(&self, input: &CourseInput) -> Result<()> {
        check_code("code", &input.code)?;
        check_text("title.en", &input.title.en)?;
        if input.capacity < 1 {
            return Err(StoreError::invalid("capacity", Msg::new("invalid-at-least-one")));
        }
        if input.duration_days < 1 {
            return Err(StoreError::invalid("duration_days", Msg::new("invalid-at-least-one")));
        }
        check_text("title.tr", &input.title.tr)?;
        check_text("title.ar", &input.title.ar)?;
        if let Some(d) = &input.description {
            for (field, text) in [("description.en", &d.en), ("description.tr", &d.tr), ("description.ar", &d.ar)] {
                if text.chars().count() > 4000 || text.chars().any(|c| c.is_control() && c != '\n') {
                    return Err(StoreError::invalid(field, Msg::new("invalid-text-4000")));
                }
            }
        }
        let min = input.min_rank.as_deref().map(ittifaq_core::Rank::parse).transpose()?;
        let max = input.max_rank.as_deref().map(ittifaq_core::Rank::parse).transpose()?;
        if let (Some(min), Some(max)) = (min, max)
            && min > max
        {
            return Err(StoreError::invalid("max_rank", Msg::new("invalid-max-rank").arg("max", max).arg("min", min)));
        }
        if !ittifaq_core::lang::is_language_code(&input.language) {
            return Err(StoreError::invalid("language", Msg::new("invalid-language").arg("code", &input.language)));
        }
        for q in input.requires.iter().chain(input.grants.iter()) {
            if !ittifaq_core::person::is_qualification_code(q) {
                return Err(StoreError::invalid("requires", Msg::new("invalid-qualification").arg("code", q)));
            }
        }
        if let Some(a) = self.agreement().await? {
            if a.domain(&input.domain).is_none() {
                return Err(StoreError::invalid("domain", Msg::new("invalid-domain").arg("domain", &input.domain)));
            }
            if let Some(article) = &input.article
                && !a.articles.iter().any(|x| &x.number == article)
            {
                return Err(StoreError::invalid("article", Msg::new("invalid-article").arg("article", article)));
            }
        }
        Ok(())
    }

    pub async fn get_course(&self, id: CourseId) -> Result<course::Model> {
        course::Entity::find_by_id(id)
            .one(self.connection())
            .await?
            .filter(|c| !c.archived)
            .ok_or_else(|| StoreError::not_found(ObjectKind::Course, id))
    }

    /// Changes a course of the catalog of the actor's party. Sessions already
    /// opened keep their own dates and capacity; nominations already checked
    /// against its rank range and prerequisites keep their record.
    pub async fn update_course(&self, actor: &Actor, id: CourseId, input: &CourseInput) -> Result<course::Model> {
        self.check_course(input).await?;
        let txn = self.write().await?;
        let old = course::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .filter(|c| !c.archived)
            .ok_or_else(|| StoreError::not_found(ObjectKind::Course, id))?;
        let owner = institution::Entity::find_by_id(old.institution_id)
            .one(&txn)
            .await?
            .ok_or_else(|| StoreError::not_found(ObjectKind::Institution, old.institution_id))?;
        ensure_own(actor, &owner.party, crate::record(ObjectKind::Course, &old.code))?;
        let inst = institution::Entity::find_by_id(input.institution_id)
            .one(&txn)
            .await?
            .ok_or_else(|| StoreError::no_such("institution_id", ObjectKind::Institution, input.institution_id))?;
        ensure_own(actor, &inst.party, crate::record(ObjectKind::Institution, &inst.code))?;
        let now = self.now_ms();
        let mut am: course::ActiveModel = old.clone().into();
        am.code = Set(input.code.clone());
        am.institution_id = Set(input.institution_id);
        am.domain = Set(input.domain.clone());
        am.article = Set(input.article.clone());
        am.title_en = Set(input.title.en.clone());
        am.title_tr = Set(input.title.tr.clone());
        am.title_ar = Set(input.title.ar.clone());
        am.language = Set(input.language.clone());
        am.min_rank = Set(input.min_rank.clone());
        am.max_rank = Set(input.max_rank.clone());
        am.duration_days = Set(input.duration_days);
        am.capacity = Set(input.capacity);
        am.requires = Set(frame_list(&input.requires));
        am.grants = Set(input.grants.clone());
        am.description_en = Set(input.description.as_ref().map(|d| d.en.trim().to_owned()));
        am.description_tr = Set(input.description.as_ref().map(|d| d.tr.trim().to_owned()));
        am.description_ar = Set(input.description.as_ref().map(|d| d.ar.trim().to_owned()));
        am.updated_at = Set(now);
        let m = am.update(&txn).await.map_err(|e| StoreError::code_taken(e, ObjectKind::Course, &input.code))?;
        let audited = Event::new(Action::Update, ObjectKind::Course, m.id, &inst.party).with(json(&old), json(&m));
        audit::record(&txn, now, actor, audited).await?;
        txn.commit().await?;
        Ok(m)
    }

    /// Finds a unit by its code, across parties (for imports that name units by code).
    pub async fn unit_by_code(&self, code: &str) -> Result<Option<unit::Model>> {
        Ok(unit::Entity::find()
            .filter(Condition::all().add(unit::Column::Code.eq(code)))
            .one(self.connection())
            .await?)
    }
}

/// Refuses a change to a record of another party (`Forbidden`), or to an
/// archived one (a conflict said by `key`): the one rule every registry
/// record's update and archive keep.
fn editable(actor: &Actor, party: &str, archived: bool, what: Msg, key: &'static str) -> Result<()> {
    ensure_own(actor, party, what.clone())?;
    if archived {
        return Err(StoreError::Conflict(Msg::new(key).msg("what", what)));
    }
    Ok(())
}
