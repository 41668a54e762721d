//! `ittifaq import people FILE.csv`: all rows or none, with a report naming
//! every rejected row, its column and the reason.

use std::collections::HashMap;

use anyhow::Result;
use ittifaq_core::PartyCode;
use ittifaq_core::person::{PersonInput, PersonRecord, split_list};
use ittifaq_store::{Actor, Store, StoreError};

/// The columns of a people CSV; the first five are required.
pub const COLUMNS: &[&str] = &[
    "service_number",
    "given_name",
    "family_name",
    "rank",
    "unit_code",
    "native_name",
    "rank_title",
    "languages",
    "qualifications",
    "national_id",
    "phone",
    "next_of_kin",
];
const REQUIRED: usize = 5;

/// One rejected row: its line in the file, the column and the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    pub line: u64,
    pub column: String,
    pub reason: String,
}

#[derive(Debug, Default)]
pub struct Report {
    pub imported: usize,
    pub rejected: Vec<Rejection>,
}

impl Report {
    pub fn render(&self, file: &str) -> String {
        let mut out = String::new();
        for r in &self.rejected {
            out.push_str(&format!("{file}:{}: column {}: {}\n", r.line, r.column, r.reason));
        }
        if self.rejected.is_empty() {
            out.push_str(&format!("imported {} people from {file}\n", self.imported));
        } else {
            out.push_str(&format!("{} row(s) rejected; nothing was imported\n", self.rejected.len()));
        }
        out
    }
}

fn file_fault(line: u64, column: &str, reason: impl Into<String>) -> Report {
    Report { imported: 0, rejected: vec![Rejection { line, column: column.to_owned(), reason: reason.into() }] }
}

/// The column a store error is about.
fn column_of(e: &StoreError) -> String {
    match e {
        StoreError::Invalid { field, .. } if field == "unit_id" => "unit_code".into(),
        StoreError::Invalid { field, .. } => field.clone(),
        StoreError::Forbidden(_) => "unit_code".into(),
        StoreError::Conflict(m) => m.to_string().split(':').next().unwrap_or("row").to_owned(),
        _ => "row".into(),
    }
}

pub async fn people(store: &Store, party: &PartyCode, bytes: &[u8]) -> Result<Report> {
    // Flexible: a row with the wrong number of fields is reported here, and the
    // rows after it are still read and checked.
    let mut reader = csv::ReaderBuilder::new().flexible(true).trim(csv::Trim::All).from_reader(bytes);
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            return Ok(file_fault(1, "header", format!("the header cannot be read: {e}")));
        }
    };
    let mut index = HashMap::new();
    for (i, h) in headers.iter().enumerate() {
        if !COLUMNS.contains(&h) {
            return Ok(file_fault(1, h, format!("unknown column; expected some of {}", COLUMNS.join(", "))));
        }
        if index.insert(h.to_owned(), i).is_some() {
            return Ok(file_fault(1, h, "the column appears twice"));
        }
    }
    for required in &COLUMNS[..REQUIRED] {
        if !index.contains_key(*required) {
            return Ok(file_fault(1, required, "this required column is missing"));
        }
    }
    let units: HashMap<String, (i64, String)> =
        store.list_units(&Actor::system(party.clone())).await?.into_iter().map(|u| (u.code, (u.id, u.party))).collect();
    let mut report = Report::default();
    let mut records: Vec<PersonRecord> = Vec::new();
    let mut lines: Vec<u64> = Vec::new();
    for row in reader.records() {
        let row = match row {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                report.rejected.push(Rejection { line, column: "row".into(), reason: e.to_string() });
                continue;
            }
        };
        let line = row.position().map(|p| p.line()).unwrap_or(0);
        if row.len() != index.len() {
            report.rejected.push(Rejection {
                line,
                column: "row".into(),
                reason: format!("the row has {} field(s) where the header has {}", row.len(), index.len()),
            });
            continue;
        }
        let get = |c: &str| index.get(c).and_then(|i| row.get(*i)).unwrap_or("").to_owned();
        let opt = |c: &str| Some(get(c)).filter(|v| !v.is_empty());
        let unit_code = get("unit_code");
        let unit_id = match units.get(&unit_code) {
            Some((id, p)) if p == party.as_str() => *id,
            Some((_, p)) => {
                report.rejected.push(Rejection {
                    line,
                    column: "unit_code".into(),
                    reason: format!("unit {unit_code} belongs to party {p}, not {party}"),
                });
                continue;
            }
            None => {
                report.rejected.push(Rejection {
                    line,
                    column: "unit_code".into(),
                    reason: format!("no unit has the code \"{unit_code}\""),
                });
                continue;
            }
        };
        let input = PersonInput {
            service_number: get("service_number"),
            given_name: get("given_name"),
            family_name: get("family_name"),
            native_name: opt("native_name"),
            rank: get("rank"),
            rank_title: opt("rank_title"),
            unit_id,
            languages: split_list(&get("languages")),
            qualifications: split_list(&get("qualifications")),
            national_id: opt("national_id"),
            phone: opt("phone"),
            next_of_kin: opt("next_of_kin"),
        };
        match input.validate() {
            Ok(r) => {
                records.push(r);
                lines.push(line);
            }
            Err(e) => report.rejected.push(Rejection { line, column: e.field().to_owned(), reason: e.to_string() }),
        }
    }
    if !report.rejected.is_empty() {
        return Ok(report);
    }
    if records.is_empty() {
        return Ok(file_fault(2, "row", "the file has no rows"));
    }
    match store.import_people(&Actor::system(party.clone()), &records).await {
        Ok(n) => report.imported = n,
        Err(errors) => {
            for (i, e) in errors {
                let line = lines.get(i).copied().unwrap_or(0);
                report.rejected.push(Rejection { line, column: column_of(&e), reason: e.to_string() });
            }
        }
    }
    Ok(report)
}
