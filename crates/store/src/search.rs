//! Full-text search over note text and addenda (FTS5, inside the encrypted file).

use crate::{Store, StoreResult};

/// One search result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchRow {
    pub session_id: String,
    pub young_person_id: String,
    pub young_person_name: String,
    pub session_start: String,
    /// The matching passage, with matches between `[` and `]`.
    pub snippet: String,
    pub finalised: bool,
}

impl Store {
    /// Notes containing every word of `query` (each word also matches as a prefix), best first.
    /// Any text is accepted: FTS5 syntax in the query is treated as plain words.
    pub fn search(&self, query: &str, limit: u32) -> StoreResult<Vec<SearchRow>> {
        let Some(fts_query) = to_fts_query(query) else {
            return Ok(Vec::new());
        };
        let mut stmt = self.conn.prepare_cached(
            "SELECT s.id, s.young_person_id, y.preferred_name, s.start,
                    snippet(note_search, 0, '[', ']', '…', 16), s.finalised_revision_id IS NOT NULL
             FROM note_search JOIN sessions s ON s.rowid = note_search.rowid JOIN young_people y ON y.id = s.young_person_id
             WHERE note_search MATCH ?1 ORDER BY rank LIMIT ?2",
        )?;
        let rows = stmt.query_map((fts_query, limit), |r| {
            Ok(SearchRow {
                session_id: r.get(0)?,
                young_person_id: r.get(1)?,
                young_person_name: r.get(2)?,
                session_start: r.get(3)?,
                snippet: r.get(4)?,
                finalised: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// Turns typed text into an FTS5 query of quoted prefix terms joined by AND.
fn to_fts_query(query: &str) -> Option<String> {
    let terms: Vec<String> = query
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(16)
        .map(|w| format!("\"{w}\"*"))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

#[cfg(test)]
mod tests {
    use super::to_fts_query;

    #[test]
    fn typed_text_becomes_safe_prefix_terms() {
        assert_eq!(
            to_fts_query("bowling mum").as_deref(),
            Some("\"bowling\"* \"mum\"*")
        );
        assert_eq!(
            to_fts_query("\"NEAR(a b)\" OR -x*").as_deref(),
            Some("\"NEAR\"* \"a\"* \"b\"* \"OR\"* \"x\"*")
        );
        assert_eq!(to_fts_query("  ...  "), None);
    }
}
