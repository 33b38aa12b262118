//! The schema each version has: what migrations 1..N create, built once per process in an in-memory database, to
//! compare a file's `sqlite_master` with before a migration runs on it and when it is opened. A file whose schema is
//! not exactly that of the version its header gives is damaged (or not a yanshou database): a migration never runs on
//! it, and nothing is read from it as if it were sound.

use std::sync::LazyLock;

use rusqlite::Connection;

use super::damage::Damage;
use super::migrations::MIGRATIONS;

/// One object of the schema: type, name, table and its SQL text (SQLite keeps the text as created and altered).
type Object = (String, String, String, Option<String>);

/// The schema after each number of migrations (index 0: an empty database).
static EXPECTED: LazyLock<Vec<Vec<Object>>> = LazyLock::new(|| {
    let build = || -> rusqlite::Result<Vec<Vec<Object>>> {
        let conn = Connection::open_in_memory()?;
        let mut out = vec![read(&conn)?];
        for m in MIGRATIONS {
            conn.execute_batch(m)?;
            out.push(read(&conn)?);
        }
        Ok(out)
    };
    // The migrations are this program's own text; `schema::tests` runs them. Should they fail here all the same,
    // no schema is known and every file is reported as not matching instead of being trusted.
    build().unwrap_or_default()
});

fn read(conn: &Connection) -> rusqlite::Result<Vec<Object>> {
    let mut stmt = conn.prepare_cached("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
    rows.collect()
}

/// Whether the file's schema is exactly that of `version`; if not, what differs.
pub(crate) fn check(conn: &Connection, version: usize) -> rusqlite::Result<Option<Damage>> {
    let actual = read(conn)?;
    let Some(expected) = EXPECTED.get(version) else {
        return Ok(Some(Damage::Schema { version, unexpected: Vec::new(), missing: Vec::new(), changed: Vec::new() }));
    };
    if &actual == expected {
        return Ok(None);
    }
    let name = |o: &Object| format!("{} {}", o.0, o.1);
    let find = |list: &[Object], o: &Object| list.iter().find(|x| x.0 == o.0 && x.1 == o.1).cloned();
    let unexpected = actual.iter().filter(|o| find(expected, o).is_none()).map(name).collect();
    let missing = expected.iter().filter(|o| find(&actual, o).is_none()).map(name).collect();
    let changed = actual.iter().filter(|o| find(expected, o).is_some_and(|e| &e != *o)).map(name).collect();
    Ok(Some(Damage::Schema { version, unexpected, missing, changed }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_version_has_its_schema_and_each_migration_changes_it() {
        assert_eq!(EXPECTED.len(), MIGRATIONS.len() + 1);
        assert!(EXPECTED[0].is_empty());
        for v in 1..EXPECTED.len() {
            assert_ne!(EXPECTED[v], EXPECTED[v - 1], "migration {v} changes nothing the check can see");
        }
    }

    #[test]
    fn a_schema_of_another_version_is_named() {
        let conn = Connection::open_in_memory().unwrap();
        for m in &MIGRATIONS[..3] {
            conn.execute_batch(m).unwrap();
        }
        assert_eq!(check(&conn, 3).unwrap(), None);
        let Some(Damage::Schema { version: 2, unexpected, missing, changed }) = check(&conn, 2).unwrap() else {
            panic!("version 2 accepted")
        };
        assert!(unexpected.contains(&"index scores_review".to_string()), "{unexpected:?}");
        assert!(missing.is_empty() && changed.is_empty());
        conn.execute_batch("DROP TRIGGER audit_log_no_update").unwrap();
        let Some(Damage::Schema { missing, .. }) = check(&conn, 3).unwrap() else { panic!("a dropped trigger") };
        assert_eq!(missing, ["trigger audit_log_no_update"]);
    }
}
