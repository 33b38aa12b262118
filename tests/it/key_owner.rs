//! A key whose own name is not the signing expert's is refused on site, unless the roster on the laptop says the key
//! is that expert's. The name is the one `yanshou key new --name` writes into the key file.

use crate::common::{self, ok, run};

use std::fs;
use std::path::Path;

use yanshou::domain::review::Answer;
use yanshou::store::{NewExpert, NewReview, OpinionPatch, Store};

const PASSPHRASE: &str = "correct horse battery";

/// A finalized 福建 acceptance review in `data`, scored by 王建国 (lead), 陈刚 and 赵敏.
pub(crate) fn finalized(data: &Path) -> i64 {
    let catalog = common::catalog();
    let card = catalog.scorecard("fujian-2008-acceptance").unwrap();
    let rules: Vec<_> = catalog.rules_for(card).collect();
    let mut s = Store::open_in(data).unwrap();
    let new = NewReview {
        enterprise_name: "福建某某化工有限公司".into(),
        credit_code: "91350100M000100Y43".into(),
        date: "2026-11-28".into(),
        place: "企业会议室".into(),
        ..Default::default()
    };
    let id = s.create_review(&new, card, &rules).unwrap();
    for (name, field) in [("王建国", "清洁生产"), ("陈刚", "环保"), ("赵敏", "行业")] {
        let e = s
            .add_expert(
                id,
                &NewExpert { name: name.into(), field: field.into(), lead: name == "王建国", ..Default::default() },
            )
            .unwrap();
        for item in card.scored_items() {
            s.set_score(id, e, &item.id, item.points, "", "").unwrap();
        }
    }
    for v in card.vetoes.iter().filter(|v| v.computed.is_none()) {
        s.answer_veto(id, &v.id, Answer::No, "").unwrap();
    }
    let opinion = OpinionPatch {
        summary: Some("审核工作规范。".into()),
        conclusion: Some("通过验收".into()),
        ..Default::default()
    };
    s.set_opinion(id, &opinion).unwrap();
    s.finalize(id).unwrap();
    id
}

fn signers(data: &Path, id: i64) -> Vec<String> {
    Store::open_in(data).unwrap().signatures(id).unwrap().into_iter().map(|s| s.expert).collect()
}

#[test]
fn a_key_that_names_another_expert_is_refused_unless_the_laptops_roster_says_otherwise() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let id = finalized(&data);
    let pass = dir.path().join("pass.txt");
    fs::write(&pass, PASSPHRASE).unwrap();
    let pass = pass.to_str().unwrap();
    let keys = dir.path().join("keys");
    ok(&data, &["key", "new", "--name", "赵敏", "--dir", keys.to_str().unwrap(), "--passphrase-file", pass]);
    let zhao = keys.join("赵敏.key");
    let review = id.to_string();
    let sign = |expert: &str, key: &Path| {
        run(&data, &["review", "sign", &review, expert, "--key", key.to_str().unwrap(), "--passphrase-file", pass])
    };

    // 陈刚 with 赵敏's key: refused, naming both, in Chinese first; nothing is signed.
    let out = sign("陈刚", &zhao);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    let first = err.lines().next().unwrap();
    assert!(first.contains("属于 赵敏") && first.contains("不能为 陈刚 签署"), "{err}");
    assert!(err.contains("the key file names 赵敏 as the key's owner, not 陈刚"), "{err}");
    assert!(signers(&data, id).is_empty());
    // 赵敏 signs with her own key.
    ok(&data, &["review", "sign", &review, "赵敏", "--key", zhao.to_str().unwrap(), "--passphrase-file", pass]);
    assert_eq!(signers(&data, id), ["赵敏"]);

    // A key made for 陈刚 under the wrong name, and enrolled as 陈刚's on the roster installed on this laptop: the
    // roster says whose it is, and 陈刚 signs with it.
    let other = dir.path().join("keys-陈刚");
    ok(&data, &["key", "new", "--name", "赵敏", "--dir", other.to_str().unwrap(), "--passphrase-file", pass]);
    assert_eq!(sign("陈刚", &other.join("赵敏.key")).status.code(), Some(1), "not before the roster is installed");
    let unit = dir.path().join("unit");
    ok(&data, &["key", "new", "--name", "unit", "--dir", unit.to_str().unwrap(), "--passphrase-file", pass]);
    let trust = data.join("trust");
    fs::create_dir_all(&trust).unwrap();
    let roster = trust.join("roster.json");
    let issuer_key = unit.join("unit.key");
    let (roster_s, issuer_s) = (roster.to_str().unwrap(), issuer_key.to_str().unwrap());
    ok(&data, &["roster", "new", "--out", roster_s, "--issuer-key", issuer_s, "--passphrase-file", pass]);
    let public = other.join("赵敏.pub");
    ok(
        &data,
        &[
            "roster",
            "add",
            roster_s,
            "--issuer-key",
            issuer_s,
            "--name",
            "陈刚",
            "--public-key",
            public.to_str().unwrap(),
            "--valid-from",
            "2026-01-01",
            "--valid-until",
            "2027-12-31",
            "--passphrase-file",
            pass,
        ],
    );
    fs::copy(unit.join("unit.pub"), trust.join("issuer.pub")).unwrap();
    let out = sign("陈刚", &other.join("赵敏.key"));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(signers(&data, id), ["赵敏", "陈刚"]);
    // The roster vouches only for the key it lists: 赵敏's own key still does not sign for 王建国.
    let out = sign("王建国", &zhao);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("不能为 王建国 签署"));
    assert_eq!(signers(&data, id), ["赵敏", "陈刚"]);
}
