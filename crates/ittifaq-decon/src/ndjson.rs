//! NDJSON helpers: one activity or conflict per line.

use std::io::{BufRead, Write};

use crate::DeconError;
use crate::engine::Conflict;
use crate::model::Activity;

/// Read activities, one JSON object per line (blank lines are skipped).
/// Errors carry the 1-based line number and name the activity.
pub fn read_activities<R: BufRead>(reader: R) -> Result<Vec<Activity>, DeconError> {
    let mut out = Vec::new();
    for (k, line) in reader.lines().enumerate() {
        let line =
            line.map_err(|e| DeconError::AtLine { line: k + 1, error: Box::new(DeconError::Io(e.to_string())) })?;
        if line.trim().is_empty() {
            continue;
        }
        let a = Activity::from_json(&line).map_err(|e| DeconError::AtLine { line: k + 1, error: Box::new(e) })?;
        out.push(a);
    }
    Ok(out)
}

/// Read activities from a string.
pub fn parse_activities(text: &str) -> Result<Vec<Activity>, DeconError> {
    read_activities(text.as_bytes())
}

/// Write conflicts, one JSON object per line.
pub fn write_conflicts<W: Write>(mut w: W, conflicts: &[Conflict]) -> Result<(), DeconError> {
    for c in conflicts {
        let line = serde_json::to_string(c).map_err(|e| DeconError::Io(e.to_string()))?;
        writeln!(w, "{line}").map_err(|e| DeconError::Io(e.to_string()))?;
    }
    Ok(())
}

/// Write activities, one JSON object per line.
pub fn write_activities<W: Write>(mut w: W, activities: &[Activity]) -> Result<(), DeconError> {
    for a in activities {
        writeln!(w, "{}", a.to_json()).map_err(|e| DeconError::Io(e.to_string()))?;
    }
    Ok(())
}

/// Read conflicts, one JSON object per line (blank lines are skipped).
pub fn parse_conflicts(text: &str) -> Result<Vec<Conflict>, DeconError> {
    let mut out = Vec::new();
    for (k, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let c = serde_json::from_str(line)
            .map_err(|e| DeconError::AtLine { line: k + 1, error: Box::new(DeconError::Io(e.to_string())) })?;
        out.push(c);
    }
    Ok(out)
}

/// What `ittifaq decon conflicts IN -o OUT` does: read activities, declare
/// them all (a repeated id is an error naming its line), write every
/// conflicting pair sorted by `(a, b)`. Returns the number of conflicts.
pub fn conflicts_ndjson<R: BufRead, W: Write>(reader: R, writer: W) -> Result<usize, DeconError> {
    let mut engine = crate::Engine::new();
    for (k, line) in reader.lines().enumerate() {
        let at = |error: DeconError| DeconError::AtLine { line: k + 1, error: Box::new(error) };
        let line = line.map_err(|e| at(DeconError::Io(e.to_string())))?;
        if line.trim().is_empty() {
            continue;
        }
        let a = Activity::from_json(&line).map_err(at)?;
        engine.declare(a).map_err(at)?;
    }
    let all = engine.all_conflicts();
    write_conflicts(writer, &all)?;
    Ok(all.len())
}
