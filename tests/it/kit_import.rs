//! A review kit is imported whole or not at all: the review, its panel with the recusals, and the kit are one
//! transaction with one audit entry. A kit the lead really signed whose panel the store refuses part way (a name twice,
//! a recusal with no statement) leaves the expert's database exactly as it was: no review, no rows, no audit entry.

use std::fs;
use std::path::Path;

use rusqlite::{Connection, OpenFlags};
use zeroize::Zeroizing;

use crate::common::run;
use crate::faults::refused;
use crate::personal::Panel;
use yanshou::bundle::keys::open_secret;
use yanshou::bundle::payload::canonical;
use yanshou::bundle::personal::{KIT_FILE, KitV1, kit_comment, pack, unpack};
use yanshou::bundle::sign;
use yanshou::hex::sha256_hex;

/// Every row of every table of a data directory's database, as text, table by table.
fn dump(data: &Path) -> Vec<(String, Vec<String>)> {
    let c = Connection::open_with_flags(data.join("yanshou.db"), OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let tables: Vec<String> = c
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    tables
        .into_iter()
        .map(|t| {
            let mut stmt = c.prepare(&format!("SELECT * FROM \"{t}\" ORDER BY rowid")).unwrap();
            let n = stmt.column_count();
            let rows = stmt
                .query_map([], |r| {
                    Ok((0..n).map(|i| format!("{:?}", r.get_ref(i).unwrap())).collect::<Vec<_>>().join("|"))
                })
                .unwrap()
                .map(Result::unwrap)
                .collect();
            (t, rows)
        })
        .collect()
}

/// The lead's kit changed by `change` and signed again with the lead's own key: a kit the lead really signed.
fn resigned(p: &Panel, kit: &Path, file: &str, change: impl FnOnce(&mut KitV1)) -> std::path::PathBuf {
    let mut k: KitV1 = serde_json::from_slice(&unpack(kit, KIT_FILE).unwrap().0).unwrap();
    change(&mut k);
    let pw = Zeroizing::new("correct horse battery".to_string());
    let (sk, pk) = open_secret(Path::new(&p.key("王建国")), &pw).unwrap();
    let bytes = canonical(&k);
    let sig = sign::sign(&sk, &pk, &bytes, &kit_comment(&k.review.uid, &k.lead.name, &sha256_hex(&bytes))).unwrap();
    let out = p.usb(file);
    fs::write(&out, pack(KIT_FILE, &bytes, &sig).unwrap()).unwrap();
    out
}

#[test]
fn a_kit_refused_part_way_leaves_nothing_behind() {
    let p = Panel::new();
    let kit = p.export_kit();
    // 李秀英's laptop already holds the real kit's review (so there is a log and rows to keep as they are).
    p.import_kit(&kit, "李秀英");
    let here = p.dir("李秀英");
    let twice = resigned(&p, &kit, "两个张伟.yanshou.zip", |k| {
        k.review.uid = "e".repeat(32);
        let again = k.panel.iter().find(|e| e.name == "张伟").unwrap().clone();
        k.panel.push(again);
    });
    let unstated = resigned(&p, &kit, "无陈述.yanshou.zip", |k| {
        k.review.uid = "d".repeat(32);
        let last = k.panel.iter_mut().rfind(|e| e.recusal.is_some()).unwrap();
        last.recusal.as_mut().unwrap().statement = "  ".into();
    });
    for (file, says) in [(&twice, "专家 张伟 已在专家组中"), (&unstated, "回避声明")] {
        let before = dump(&here);
        assert!(before.iter().any(|(t, rows)| t == "audit_log" && !rows.is_empty()));
        let out = run(&here, &["kit", "import", &file.display().to_string(), "--expert", "李秀英"]);
        let said = refused(&out, says);
        assert!(said.contains(says), "{said}");
        assert_eq!(dump(&here), before, "{says}: the database changed");
    }
}
