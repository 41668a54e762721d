//! A roster as a file, CSV or XLSX (its first sheet): a header naming the
//! columns `roster_ref`, `full_name` and `date_of_birth` and, where the list
//! records them, `mother_name` and `birthplace`, in any order, then one
//! candidate a row. Read all rows or none: every fault is reported with
//! its line (the header is line 1), its column and the reason.

use ittifaq_core::Msg;
use ittifaq_core::id::FormationId;
use time::{Date, Duration};

use super::roster::{CandidateInput, ImportOutcome};
use crate::{Actor, Store, StoreError};

/// The columns of a roster file: the first three required.
pub const COLUMNS: &[&str] = &["roster_ref", "full_name", "date_of_birth", "mother_name", "birthplace"];
const REQUIRED: usize = 3;
/// The largest file read.
pub const MAX_BYTES: usize = 32 * 1024 * 1024;

/// A fault of a roster file: its line, column and reason.
#[derive(Debug, Clone, PartialEq)]
pub struct RowFault {
    pub line: u64,
    pub column: String,
    pub reason: Msg,
}

impl RowFault {
    fn new(line: u64, column: &str, reason: Msg) -> RowFault {
        RowFault { line, column: column.to_owned(), reason }
    }
}

/// The kinds of file a roster is read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Csv,
    Xlsx,
}

impl FileKind {
    /// The kind of a file by its name, else by its first bytes (an XLSX is a ZIP).
    pub fn of(name: &str, bytes: &[u8]) -> FileKind {
        if name.to_ascii_lowercase().ends_with(".xlsx") || bytes.starts_with(b"PK\x03\x04") {
            FileKind::Xlsx
        } else {
            FileKind::Csv
        }
    }
}

/// The cells of each row, with its line, header first.
type Table = Vec<(u64, Vec<String>)>;

fn csv_table(bytes: &[u8]) -> Result<Table, Vec<RowFault>> {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).trim(csv::Trim::All).from_reader(bytes);
    let mut out = Vec::new();
    let mut faults = Vec::new();
    // The reader's line count skips blank lines: a record's line in the file
    // is counted from its byte offset, the newlines since the last record's.
    let (mut at, mut line) = (0usize, 1u64);
    let mut line_of = |byte: u64| {
        let mut byte = (byte as usize).min(bytes.len());
        // A record after blank lines starts where they do: its line is after them.
        while byte < bytes.len() && matches!(bytes[byte], b'\n' | b'\r') {
            byte += 1;
        }
        if byte > at {
            line += bytes[at..byte].iter().filter(|b| **b == b'\n').count() as u64;
            at = byte;
        }
        line
    };
    for row in reader.records() {
        match row {
            Ok(r) => {
                let line = r.position().map_or(0, |p| line_of(p.byte()));
                out.push((line, r.iter().map(str::to_owned).collect()));
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| line_of(p.byte()));
                faults.push(RowFault::new(line, "row", Msg::new("invalid-roster-unreadable-row")));
            }
        }
    }
    if faults.is_empty() { Ok(out) } else { Err(faults) }
}

fn xlsx_table(bytes: &[u8]) -> Result<Table, Vec<RowFault>> {
    use calamine::{Data, Reader, Xlsx};
    let unreadable = || vec![RowFault::new(1, "file", Msg::new("invalid-roster-unreadable-file"))];
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).map_err(|_| unreadable())?;
    let range = book.worksheet_range_at(0).ok_or_else(unreadable)?.map_err(|_| unreadable())?;
    let first = range.start().map_or(0, |(row, _)| row);
    let epoch = Date::from_calendar_date(1899, time::Month::December, 30).unwrap_or(Date::MIN);
    Ok(range
        .rows()
        .enumerate()
        .map(|(i, row)| {
            let cells = row
                .iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.trim().to_owned(),
                    Data::Int(n) => n.to_string(),
                    Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
                    Data::Float(f) => f.to_string(),
                    Data::Bool(b) => b.to_string(),
                    // A date cell: days since Excel's epoch.
                    Data::DateTime(d) => (epoch + Duration::days(d.as_f64().floor() as i64)).to_string(),
                    Data::Error(e) => format!("#{e:?}"),
                })
                .collect();
            (u64::from(first) + i as u64 + 1, cells)
        })
        .collect())
}

/// The rows of a roster file, with the line of each; or every fault.
pub fn read_roster(kind: FileKind, bytes: &[u8]) -> Result<(Vec<CandidateInput>, Vec<u64>), Vec<RowFault>> {
    if bytes.len() > MAX_BYTES {
        return Err(vec![RowFault::new(
            1,
            "file",
            Msg::new("invalid-roster-too-big").num("max", (MAX_BYTES / 1024 / 1024) as i64),
        )]);
    }
    let table = match kind {
        FileKind::Csv => csv_table(bytes)?,
        FileKind::Xlsx => xlsx_table(bytes)?,
    };
    let mut rows = table.into_iter().filter(|(_, cells)| cells.iter().any(|c| !c.is_empty()));
    let Some((_, header)) = rows.next() else {
        return Err(vec![RowFault::new(1, "file", Msg::new("invalid-roster-empty"))]);
    };
    let mut at = [usize::MAX; 5];
    for (i, h) in header.iter().enumerate() {
        let h = h.trim().trim_start_matches('\u{feff}');
        let Some(c) = COLUMNS.iter().position(|c| *c == h) else {
            let msg = Msg::new("invalid-roster-unknown-column").arg("column", h).arg("columns", COLUMNS.join(", "));
            return Err(vec![RowFault::new(1, h, msg)]);
        };
        if at[c] != usize::MAX {
            return Err(vec![RowFault::new(1, h, Msg::new("invalid-roster-column-twice"))]);
        }
        at[c] = i;
    }
    if let Some(missing) = at[..REQUIRED].iter().position(|i| *i == usize::MAX) {
        return Err(vec![RowFault::new(1, COLUMNS[missing], Msg::new("invalid-roster-column-missing"))]);
    }
    let mut out = Vec::new();
    let mut lines = Vec::new();
    let mut faults = Vec::new();
    for (line, cells) in rows {
        if cells.len() > header.len() {
            let msg = Msg::new("invalid-roster-row-width")
                .num("fields", cells.len() as i64)
                .num("header", header.len() as i64);
            faults.push(RowFault::new(line, "row", msg));
            continue;
        }
        let get = |c: usize| cells.get(at[c]).cloned().unwrap_or_default();
        out.push(CandidateInput {
            roster_ref: get(0),
            full_name: get(1),
            date_of_birth: get(2),
            mother_name: get(3),
            birthplace: get(4),
        });
        lines.push(line);
    }
    if !faults.is_empty() {
        return Err(faults);
    }
    Ok((out, lines))
}

impl RowFault {
    /// A refusal of a row by the store, as a fault of its line.
    pub fn of(line: u64, e: StoreError) -> RowFault {
        RowFault { line, column: column_of(&e), reason: reason_of(e) }
    }
}

/// The column of a file a refusal of a row is about.
fn column_of(e: &StoreError) -> String {
    match e {
        StoreError::Invalid { field, .. } => field.clone(),
        _ => "row".into(),
    }
}

fn reason_of(e: StoreError) -> Msg {
    match e {
        StoreError::Invalid { reason, .. } => reason,
        StoreError::NotFound(m) | StoreError::Forbidden(m) | StoreError::Conflict(m) | StoreError::Corrupt(m) => m,
        StoreError::Db(_) => Msg::new("error-internal"),
        StoreError::Ineligible(mut m) => m.pop().unwrap_or_else(|| Msg::new("error-internal")),
    }
}

impl Store {
    /// Reads a roster file and imports it onto a formation of the actor's
    /// party, all rows or none; every fault named by line and column. A
    /// refusal of the whole (the formation not the actor's party's) is
    /// returned as the error of line 0.
    pub async fn import_roster_file(
        &self,
        actor: &Actor,
        id: FormationId,
        kind: FileKind,
        bytes: Vec<u8>,
    ) -> Result<ImportOutcome, RosterImportError> {
        let (rows, lines) = tokio::task::spawn_blocking(move || read_roster(kind, &bytes))
            .await
            .map_err(|e| RosterImportError::Store(StoreError::Db(sea_orm::DbErr::Custom(format!("reading: {e}")))))?
            .map_err(RosterImportError::Rows)?;
        self.import_candidates(actor, id, &rows)
            .await
            .map_err(|errors| RosterImportError::of(errors, |i| lines.get(i).copied().unwrap_or(1)))
    }
}

impl RosterImportError {
    /// The refusals of an import: of the whole (the formation, the
    /// database), or of rows, each at the line `line_of` gives its index.
    pub fn of(mut errors: Vec<(usize, StoreError)>, line_of: impl Fn(usize) -> u64) -> RosterImportError {
        if errors.len() == 1 && !matches!(errors[0].1, StoreError::Invalid { .. }) {
            return RosterImportError::Store(errors.remove(0).1);
        }
        RosterImportError::Rows(errors.into_iter().map(|(i, e)| RowFault::of(line_of(i), e)).collect())
    }
}

/// Why a roster file was not imported.
#[derive(Debug)]
pub enum RosterImportError {
    /// Rows at fault, each with its line and column.
    Rows(Vec<RowFault>),
    /// Refused as a whole.
    Store(StoreError),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_csv_reads_in_any_column_order_and_names_each_fault() {
        let csv = "full_name,date_of_birth,roster_ref\nAli Haydar,1990-01-02,A-1\n\nOmar Said,1991-02-03,A-2\n";
        let (rows, lines) = read_roster(FileKind::Csv, csv.as_bytes()).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(
            rows[1],
            CandidateInput {
                roster_ref: "A-2".into(),
                full_name: "Omar Said".into(),
                date_of_birth: "1991-02-03".into(),
                mother_name: String::new(),
                birthplace: String::new()
            }
        );
        assert_eq!(lines, vec![2, 4]);
        // The mother's name is read where the list has the column, in any place.
        let csv = "mother_name,roster_ref,birthplace,full_name,date_of_birth\nفاطمة,A-1,حلب,Ali Haydar,1990-01-02\n,A-2,,Omar Said,1991-02-03\n";
        let (rows, _) = read_roster(FileKind::Csv, csv.as_bytes()).unwrap();
        assert_eq!((rows[0].mother_name.as_str(), rows[0].full_name.as_str()), ("فاطمة", "Ali Haydar"));
        assert_eq!(rows[0].birthplace, "حلب");
        assert_eq!(rows[1].mother_name, "");
        let faults = read_roster(FileKind::Csv, b"roster_ref,full_name\nA,B\n").unwrap_err();
        assert_eq!(faults[0].column, "date_of_birth");
        let faults = read_roster(FileKind::Csv, b"roster_ref,full_name,date_of_birth,rank\n").unwrap_err();
        assert_eq!((faults[0].line, faults[0].column.as_str()), (1, "rank"));
        let faults =
            read_roster(FileKind::Csv, b"roster_ref,full_name,date_of_birth\nA,B,C,D\nE,F,G\nH,I,J,K\n").unwrap_err();
        assert_eq!(faults.iter().map(|f| f.line).collect::<Vec<_>>(), vec![2, 4]);
        assert!(read_roster(FileKind::Xlsx, b"PK\x03\x04 not a workbook").is_err());
        assert!(read_roster(FileKind::Csv, b"").is_err());
    }

    #[test]
    fn an_xlsx_reads_its_first_sheet_dates_included() {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        for (c, h) in ["roster_ref", "full_name", "date_of_birth"].iter().enumerate() {
            sheet.write_string(0, c as u16, *h).unwrap();
        }
        sheet.write_string(1, 0, "X-1").unwrap();
        sheet.write_string(1, 1, "محمد خالد").unwrap();
        let date = rust_xlsxwriter::ExcelDateTime::from_ymd(1990, 3, 14).unwrap();
        let format = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
        sheet.write_datetime_with_format(1, 2, &date, &format).unwrap();
        sheet.write_number(2, 0, 17.0).unwrap();
        sheet.write_string(2, 1, "Omar Said").unwrap();
        sheet.write_string(2, 2, "1991-02-03").unwrap();
        let bytes = book.save_to_buffer().unwrap();
        assert_eq!(FileKind::of("roster.bin", &bytes), FileKind::Xlsx);
        let (rows, lines) = read_roster(FileKind::Xlsx, &bytes).unwrap();
        assert_eq!(lines, vec![2, 3]);
        assert_eq!(rows[0].date_of_birth, "1990-03-14");
        assert_eq!(rows[0].full_name, "محمد خالد");
        assert_eq!(rows[1].roster_ref, "17");
    }
}
