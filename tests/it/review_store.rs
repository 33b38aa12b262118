//! The rules the store enforces, whichever interface asks: recusals, deductions, vetoes, finalization, locking,
//! frozen sheets, and that a refused change leaves the database as it was.

use crate::common;

use yanshou::domain::points::Points;
use yanshou::domain::review::{Answer, Status};
use yanshou::domain::scoring::evaluate;
use yanshou::store::{NewExpert, NewReview, OpinionPatch, Store, StoreError};

const FJ: &str = "fujian-2008-acceptance";

fn p(t: i64) -> Points {
    Points::from_tenths(t)
}

struct Setup {
    _dir: tempfile::TempDir,
    store: Store,
    id: i64,
    experts: Vec<i64>,
}

fn setup(sheet: &str, fields: &[&str]) -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in(dir.path()).unwrap();
    store.set_actor("测试员");
    let catalog = common::catalog();
    let card = catalog.scorecard(sheet).unwrap();
    let rules: Vec<_> = catalog.rules_for(card).collect();
    let id = store
        .create_review(
            &NewReview {
                enterprise_name: "福建某某化工有限公司".into(),
                credit_code: "91350100M000100Y43".into(),
                industry: "化工".into(),
                date: "2026-11-28".into(),
                place: "福州".into(),
                ..Default::default()
            },
            card,
            &rules,
        )
        .unwrap();
    let names = ["王建国", "李秀英", "张伟", "赵敏", "刘洋"];
    let experts = fields
        .iter()
        .enumerate()
        .map(|(i, f)| {
            store
                .add_expert(
                    id,
                    &NewExpert { name: names[i].into(), field: (*f).into(), lead: i == 0, ..Default::default() },
                )
                .unwrap()
        })
        .collect();
    Setup { _dir: dir, store, id, experts }
}

/// Scores every item of the sheet at full marks for one expert.
fn score_all(s: &mut Setup, expert: i64) {
    let card = s.store.load(s.id).unwrap().card;
    for item in card.scored_items() {
        s.store.set_score(s.id, expert, &item.id, item.points, "", "").unwrap();
    }
}

fn log_len(s: &Setup) -> usize {
    s.store.log(s.id).unwrap().0.len()
}

fn refused(r: Result<(), StoreError>) -> String {
    match r {
        Err(StoreError::Refused(m)) => m.to_string(),
        Err(StoreError::NotReady(b)) => b.iter().map(|b| b.to_string()).collect::<Vec<_>>().join("\n"),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn a_recused_expert_cannot_score_and_earlier_scores_stop_counting() {
    let mut s = setup(FJ, &["清洁生产", "行业"]);
    let (a, b) = (s.experts[0], s.experts[1]);
    score_all(&mut s, a);
    score_all(&mut s, b);
    s.store.set_score(s.id, b, "1.1", p(0), "未保持促进机构", "").unwrap();
    let before = s.store.load(s.id).unwrap();
    let e = evaluate(&before.card, &before.data.evaluation_input(&before.card)).unwrap();
    assert_eq!(e.total.unwrap().display(), "99.00");

    s.store.recuse(s.id, b, "participated", "本人曾参与该企业审核咨询").unwrap();
    let after = s.store.load(s.id).unwrap();
    let recusal = &after.data.recusals[0];
    assert_eq!(recusal.reason_id.as_deref(), Some("participated"), "the province's reason is recognised");
    assert!(recusal.reason.contains("L8796"), "{}", recusal.reason);
    assert_eq!(recusal.recorded_by, "测试员");
    let e = evaluate(&after.card, &after.data.evaluation_input(&after.card)).unwrap();
    assert_eq!(e.total.unwrap().display(), "100.00", "the recused expert's scores no longer count");
    assert_eq!(e.recused, vec!["李秀英".to_string()]);
    // Stored, not deleted: the record stays.
    assert_eq!(after.data.scores.iter().filter(|x| x.expert_id == b).count(), 16);

    let n = log_len(&s);
    let m = refused(s.store.set_score(s.id, b, "1.2", p(30), "", ""));
    assert!(m.contains("has recused"), "{m}");
    let m = refused(s.store.recuse(s.id, b, "x", "y"));
    assert!(m.contains("already recused"), "{m}");
    let m = refused(s.store.set_lead(s.id, b));
    assert!(m.contains("cannot lead"), "{m}");
    assert_eq!(log_len(&s), n, "refusals change nothing");
}

#[test]
fn scores_are_checked_against_the_sheet() {
    let mut s = setup(FJ, &["清洁生产"]);
    let a = s.experts[0];
    let before = s.store.load(s.id).unwrap().data;
    assert!(refused(s.store.set_score(s.id, a, "1.1", p(21), "", "")).contains("above the item's maximum 2"));
    assert!(refused(s.store.set_score(s.id, a, "1.1", p(15), "", "")).contains("give the reason for the deduction"));
    assert!(refused(s.store.set_score(s.id, a, "1.1", p(15), "   ", "")).contains("give the reason"));
    assert!(refused(s.store.set_score(s.id, a, "9.9", p(1), "", "")).contains("not an item"));
    assert!(refused(s.store.set_score(s.id, a, "1.1", p(15), "原因\u{7}", "")).contains("control character"));
    assert!(matches!(s.store.set_score(s.id, 999, "1.1", p(1), "x", ""), Err(StoreError::NotFound(_))));
    assert_eq!(s.store.load(s.id).unwrap().data, before, "nothing was written");

    assert_eq!(before.status, Status::Draft);
    s.store.set_score(s.id, a, "1.1", p(15), "促进机构人员不全", "现场查阅文件").unwrap();
    let r = s.store.load(s.id).unwrap().data;
    assert_eq!(r.status, Status::Scoring, "the first score starts scoring");
    let sc = r.score(a, "1.1").unwrap();
    assert_eq!((sc.points, sc.reason.as_str(), sc.evidence.as_str()), (p(15), "促进机构人员不全", "现场查阅文件"));
    // Changing it again replaces it; the log keeps old → new.
    s.store.set_score(s.id, a, "1.1", p(20), "", "").unwrap();
    let (log, problems) = s.store.log(s.id).unwrap();
    assert!(problems.is_empty());
    let last = log.iter().rev().find(|e| e.action == "score").unwrap();
    assert_eq!(last.old.as_deref(), Some("1.5（促进机构人员不全）"));
    assert_eq!(last.new.as_deref(), Some("2"));
    assert_eq!(last.actor, "测试员");
}

#[test]
fn parents_are_not_scored_and_facts_settle_items() {
    let mut s = setup("shandong-2008-acceptance", &["清洁生产"]);
    let a = s.experts[0];
    assert!(refused(s.store.set_score(s.id, a, "2.1", p(60), "", "")).contains("has sub-items"));
    s.store.set_score(s.id, a, "3.2.1", p(30), "达标但未满分", "").unwrap();
    s.store.set_fact(s.id, "emissions_compliant", Some("true")).unwrap();
    let m = refused(s.store.set_score(s.id, a, "3.2.1", p(40), "", ""));
    assert!(m.contains("settled by the facts"), "{m}");
    // The stored 3 no longer counts: the fact gives full marks.
    let r = s.store.load(s.id).unwrap();
    let input = r.data.evaluation_input(&r.card);
    assert!(!input.experts[0].scores.contains_key("3.2.1"));
    assert!(refused(s.store.set_fact(s.id, "emissions_compliant", Some("maybe"))).contains("yes/no"));
    assert!(refused(s.store.set_fact(s.id, "no_such_fact", Some("true"))).contains("not a fact"));
    s.store.set_fact(s.id, "emissions_compliant", None).unwrap();
    let r = s.store.load(s.id).unwrap();
    assert!(r.data.evaluation_input(&r.card).experts[0].scores.contains_key("3.2.1"), "the score counts again");
}

#[test]
fn vetoes_need_evidence_and_computed_ones_are_not_answered() {
    let mut s = setup("shandong-2008-acceptance", &["清洁生产"]);
    assert!(refused(s.store.answer_veto(s.id, "v1", Answer::Yes, "")).contains("needs the evidence"));
    assert!(refused(s.store.answer_veto(s.id, "v6", Answer::No, "")).contains("computed"));
    assert!(refused(s.store.answer_veto(s.id, "v9", Answer::No, "")).contains("not a veto"));
    s.store.answer_veto(s.id, "v1", Answer::Yes, "咨询机构不具备资质（见备案材料）").unwrap();
    s.store.answer_veto(s.id, "v1", Answer::No, "").unwrap();
    let r = s.store.load(s.id).unwrap().data;
    assert_eq!(r.vetoes.len(), 1);
    assert_eq!(r.vetoes[0].answer, Answer::No);
}

#[test]
fn bonuses_and_weights_follow_the_sheet() {
    let mut s = setup("neimenggu-2005-acceptance", &["清洁生产"]);
    assert!(refused(s.store.set_bonus(s.id, "iso14001", Some(p(35)))).contains("outside 2 to 3"));
    s.store.set_bonus(s.id, "iso14001", Some(p(25))).unwrap();
    assert_eq!(s.store.load(s.id).unwrap().data.bonuses["iso14001"], p(25));
    s.store.set_weight(s.id, "1.1", Some(p(60))).unwrap();
    s.store.set_weight(s.id, "1.2", Some(p(40))).unwrap();
    let a = s.experts[0];
    s.store.set_score(s.id, a, "1.1", p(60), "", "").unwrap();
    assert!(refused(s.store.set_weight(s.id, "1.1", Some(p(50)))).contains("scores above 5"));
    let mut fj = setup(FJ, &["清洁生产"]);
    assert!(refused(fj.store.set_weight(fj.id, "1.1", Some(p(30)))).contains("does not allow"));
}

#[test]
fn finalization_names_every_missing_piece() {
    let mut s = setup(FJ, &["清洁生产", "环保", "行业"]);
    let (a, b, c) = (s.experts[0], s.experts[1], s.experts[2]);
    let m = refused(s.store.finalize(s.id));
    for piece in [
        "专家 王建国 尚未评分",
        "专家 李秀英 尚未评分",
        "专家 张伟 尚未评分",
        "尚未回答的否决项：（1）、（2）、（3）",
        "综合评定意见尚未填写",
        "结论尚未填写",
    ] {
        assert!(m.contains(piece), "missing “{piece}” in:\n{m}");
    }
    score_all(&mut s, a);
    score_all(&mut s, b);
    score_all(&mut s, c);
    s.store.set_score(s.id, c, "2.6", p(120), "未达到三级标准的部分指标", "").unwrap();
    for v in ["v1", "v2", "v3"] {
        s.store.answer_veto(s.id, v, Answer::No, "").unwrap();
    }
    let m = refused(s.store.finalize(s.id));
    assert!(!m.contains("尚未评分") && !m.contains("否决项"), "{m}");
    assert!(m.contains("综合评定意见"), "{m}");
    s.store
        .set_opinion(
            s.id,
            &OpinionPatch {
                summary: Some("该企业清洁生产审核工作基本规范。".into()),
                conclusion: Some("通过验收".into()),
                ..Default::default()
            },
        )
        .unwrap();
    s.store.finalize(s.id).unwrap();
    let r = s.store.load(s.id).unwrap();
    assert_eq!(r.data.status, Status::Finalized);
    let e = evaluate(&r.card, &r.data.evaluation_input(&r.card)).unwrap();
    assert_eq!(e.total_exact.as_deref(), Some("99")); // (100 + 100 + 97) / 3
    assert_eq!(e.grade.as_deref(), Some("优秀"));
}

#[test]
fn must_panel_rules_block_finalization() {
    // 浙江: the panel 应有 环保、能源、行业 and 清洁生产 experts (a "must" rule).
    let mut s = setup("zhejiang-2003-acceptance", &["清洁生产", "环保", "行业"]);
    let r = s.store.load(s.id).unwrap();
    let findings = yanshou::domain::review::panel_findings(&r.data, &r.card, &r.rules);
    assert!(findings.iter().any(|f| f.message.contains("能源")), "{findings:?}");
    let m = refused(s.store.finalize(s.id));
    assert!(m.contains("专家组不符合规定") && m.contains("能源"), "{m}");
    // A recused expert does not count towards the fields.
    s.store.add_expert(s.id, &NewExpert { name: "赵敏".into(), field: "能源".into(), ..Default::default() }).unwrap();
    let r = s.store.load(s.id).unwrap();
    assert!(
        !yanshou::domain::review::panel_findings(&r.data, &r.card, &r.rules).iter().any(|f| f.message.contains("能源"))
    );
    let zhao = r.data.experts.iter().find(|e| e.name == "赵敏").unwrap().id;
    s.store.recuse(s.id, zhao, "与企业存在利益关系", "本人亲属在该企业任职").unwrap();
    let r = s.store.load(s.id).unwrap();
    assert!(
        yanshou::domain::review::panel_findings(&r.data, &r.card, &r.rules).iter().any(|f| f.message.contains("能源"))
    );
}

#[test]
fn a_finalized_review_is_locked_until_reopened() {
    let mut s = setup(FJ, &["清洁生产"]);
    let a = s.experts[0];
    score_all(&mut s, a);
    for v in ["v1", "v2", "v3"] {
        s.store.answer_veto(s.id, v, Answer::No, "").unwrap();
    }
    s.store
        .set_opinion(
            s.id,
            &OpinionPatch {
                summary: Some("基本规范".into()), conclusion: Some("通过".into()), ..Default::default()
            },
        )
        .unwrap();
    s.store.finalize(s.id).unwrap();
    let n = log_len(&s);
    for m in [
        refused(s.store.set_score(s.id, a, "1.1", p(10), "x", "")),
        refused(s.store.answer_veto(s.id, "v1", Answer::No, "")),
        refused(s.store.set_opinion(s.id, &OpinionPatch { summary: Some("改".into()), ..Default::default() })),
        refused(
            s.store
                .add_expert(s.id, &NewExpert { name: "新".into(), field: "环保".into(), ..Default::default() })
                .map(|_| ()),
        ),
        refused(s.store.update_review(s.id, "place", "厦门")),
        refused(s.store.finalize(s.id)),
    ] {
        assert!(m.contains("finalized"), "{m}");
    }
    assert_eq!(log_len(&s), n);
    assert!(refused(s.store.reopen(s.id, "  ")).contains("empty"));
    s.store.reopen(s.id, "企业补充提交监测报告，需重新评分").unwrap();
    let (log, _) = s.store.log(s.id).unwrap();
    let last = log.last().unwrap();
    assert_eq!(last.action, "reopen");
    assert!(last.new.as_deref().unwrap().contains("补充提交监测报告"));
    s.store.set_score(s.id, a, "1.1", p(10), "人员变动", "").unwrap();
    assert!(refused(s.store.reopen(s.id, "again")).contains("not finalized"));
}

#[test]
fn a_review_keeps_the_sheet_it_was_created_with() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in(dir.path()).unwrap();
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/scorecards/valid/everything.toml"))
        .unwrap();
    let card = yanshou::domain::scorecard::parse_scorecard("everything.toml", &text).unwrap();
    let catalog = common::catalog();
    let rules: Vec<_> = catalog.province("福建").into_iter().collect();
    let id = store
        .create_review(
            &NewReview {
                enterprise_name: "某公司".into(),
                credit_code: "91350100M000100Y43".into(),
                date: "2026-11-28".into(),
                ..Default::default()
            },
            &card,
            &rules,
        )
        .unwrap();
    drop(store);
    // The file is gone or changed: the review still loads the sheet it was created with.
    let store = Store::open_in(dir.path()).unwrap();
    let r = store.load(id).unwrap();
    assert_eq!(r.card.id, "test-everything");
    assert_eq!(r.card.text, card.text);
    assert_eq!((&r.card.items, &r.card.grades, &r.card.vetoes), (&card.items, &card.grades, &card.vetoes));
    assert_eq!(r.data.scorecard_hash.len(), 64);
    assert_eq!(r.data.enterprise.track, yanshou::domain::scorecard::Track::Voluntary, "the sheet's track");
    assert_eq!(r.rules[0].province, "福建");
}

#[test]
fn new_reviews_are_validated() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in(dir.path()).unwrap();
    let catalog = common::catalog();
    let card = catalog.scorecard("guangdong-2009-voluntary").unwrap();
    let good = NewReview {
        enterprise_name: "广东某某公司".into(),
        credit_code: "91350100M000100Y43".into(),
        date: "2026-11-28".into(),
        ..Default::default()
    };
    let cases: Vec<(NewReview, &str)> = vec![
        (NewReview { credit_code: "91350100M000100Y44".into(), ..good.clone() }, "校验位"),
        (NewReview { credit_code: "9135".into(), ..good.clone() }, "18 位"),
        (NewReview { enterprise_name: " ".into(), ..good.clone() }, "enterprise name is empty"),
        (NewReview { enterprise_name: "甲\n乙".into(), ..good.clone() }, "one line"),
        (NewReview { enterprise_name: "长".repeat(201), ..good.clone() }, "longer than 200"),
        (NewReview { date: "2026-13-01".into(), ..good.clone() }, "is not a date"),
        (NewReview { date: "２０２６-11-28".into(), ..good.clone() }, "is not a date"),
        (NewReview { track: Some(yanshou::domain::scorecard::Track::Mandatory), ..good.clone() }, "is for 自愿 audits"),
    ];
    for (new, expect) in cases {
        match store.create_review(&new, card, &[]) {
            Err(StoreError::Refused(m)) => assert!(m.to_string().contains(expect), "{m} (expected {expect})"),
            other => panic!("expected refusal containing {expect}, got {other:?}"),
        }
    }
    assert!(store.list_reviews().unwrap().is_empty());
    store.create_review(&good, card, &[]).unwrap();
    assert_eq!(store.list_reviews().unwrap().len(), 1);
}

#[test]
fn the_database_is_backed_up_once_a_day() {
    let s = setup(FJ, &["清洁生产"]);
    let dir = s._dir.path().to_path_buf();
    drop(s.store);
    let store = Store::open_in(&dir).unwrap();
    let backups: Vec<_> = std::fs::read_dir(dir.join("backups")).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(backups.len(), 1, "{backups:?}");
    drop(store);
    let _again = Store::open_in(&dir).unwrap();
    assert_eq!(std::fs::read_dir(dir.join("backups")).unwrap().count(), 1, "at most once a day");
    // The copy is a complete database holding the review.
    let copy = Store::open(&backups[0]).unwrap();
    assert_eq!(copy.list_reviews().unwrap().len(), 1);
    assert_eq!(copy.integrity_check().unwrap(), "ok");
}

/// Every file in `dir`, by name.
fn files_in(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

#[test]
fn a_database_opened_read_only_can_be_read_refuses_every_change_and_writes_nothing_beside_it() {
    let top = tempfile::tempdir().unwrap();
    // A folder name that a SQLite URI would misread if it were not encoded.
    let dir = top.path().join("数据 ?#%&=;");
    let mut s = setup(FJ, &["清洁生产"]);
    s.store.set_score(s.id, s.experts[0], "1.1", p(15), "台账不全", "").unwrap();
    drop(s.store);
    std::fs::rename(s._dir.path(), &dir).unwrap();
    let before = files_in(&dir);
    assert!(!before.iter().any(|f| f.ends_with("-wal") || f.ends_with("-shm")), "{before:?}");

    let mut ro = Store::open_in_read_only(&dir).unwrap();
    assert!(ro.is_read_only());
    let list = ro.list_reviews().unwrap();
    assert_eq!(list.len(), 1);
    let r = ro.load(list[0].id).unwrap();
    assert_eq!(r.data.enterprise.name, "福建某某化工有限公司");
    assert!(ro.verify_log().unwrap().is_empty());
    for refusal in [
        ro.set_score(r.data.id, s.experts[0], "1.2", p(10), "目标未量化", "").unwrap_err(),
        ro.update_review(r.data.id, "place", "厦门").unwrap_err(),
        ro.create_review(
            &NewReview {
                enterprise_name: "新公司".into(),
                credit_code: "91350100M000100Y43".into(),
                date: "2026-11-28".into(),
                ..Default::default()
            },
            common::catalog().scorecard(FJ).unwrap(),
            &[],
        )
        .unwrap_err(),
    ] {
        assert!(matches!(refusal, StoreError::ReadOnly(_)), "{refusal:?}");
        assert!(refusal.to_string().contains("read-only"), "{refusal}");
        assert!(refusal.to_string().contains(&dir.display().to_string()), "{refusal}");
    }
    drop(ro);
    // No log, shared-memory or backup file appeared, and the database is as it was.
    assert_eq!(files_in(&dir), before);
    let again = Store::open_in(&dir).unwrap();
    assert!(!again.is_read_only());
    assert_eq!(again.load(r.data.id).unwrap().data.place, "福州");
}

#[test]
fn a_read_only_open_refuses_a_database_whose_log_was_not_checkpointed() {
    let mut s = setup(FJ, &["清洁生产"]);
    let dir = s._dir.path().to_path_buf();
    // The writer is still open: its committed change is in yanshou.db-wal, not yet in yanshou.db.
    s.store.set_score(s.id, s.experts[0], "1.1", p(15), "台账不全", "").unwrap();
    let wal = std::fs::metadata(dir.join("yanshou.db-wal")).unwrap();
    assert!(wal.len() > 0);
    let err = Store::open_in_read_only(&dir).err().expect("refused");
    let msg = err.to_string();
    assert!(matches!(err, StoreError::ReadOnly(_)), "{err:?}");
    assert!(msg.contains("read-only") && msg.contains("unsaved log content"), "{msg}");
    assert!(msg.contains("yanshou.db-wal") && msg.contains("writable"), "{msg}");
    // Once the writer has closed (and checkpointed), the same database opens read-only with the change.
    drop(s.store);
    let ro = Store::open_in_read_only(&dir).unwrap();
    let r = ro.load(s.id).unwrap();
    assert_eq!(r.data.scores.len(), 1, "{:?}", r.data.scores);
}

#[test]
fn a_read_only_open_refuses_a_missing_database_and_an_old_schema() {
    let empty = tempfile::tempdir().unwrap();
    let msg = Store::open_in_read_only(empty.path()).err().expect("refused").to_string();
    assert!(msg.contains("read-only") && msg.contains("no database"), "{msg}");
    assert!(std::fs::read_dir(empty.path()).unwrap().next().is_none(), "nothing was created");

    // A database of the schema before this one's, as the previous yanshou left it.
    let old = tempfile::tempdir().unwrap();
    let migrations = yanshou::store::migrations::MIGRATIONS;
    let version = migrations.len() as i64;
    {
        let conn = rusqlite::Connection::open(old.path().join("yanshou.db")).unwrap();
        for m in &migrations[..migrations.len() - 1] {
            conn.execute_batch(m).unwrap();
        }
        conn.pragma_update(None, "user_version", version - 1).unwrap();
    }
    let msg = Store::open_in_read_only(old.path()).err().expect("refused").to_string();
    assert!(msg.contains("read-only") && msg.contains("cannot be upgraded"), "{msg}");
    assert!(msg.contains(&format!("schema {}", version - 1)), "{msg}");

    // This schema under the previous version's number is damage, not an old database.
    let s = setup(FJ, &["清洁生产"]);
    let dir = s._dir.path().to_path_buf();
    drop(s.store);
    {
        let conn = rusqlite::Connection::open(dir.join("yanshou.db")).unwrap();
        conn.pragma_update(None, "user_version", version - 1).unwrap();
    }
    let msg = Store::open_in_read_only(&dir).err().expect("refused").to_string();
    assert!(
        msg.contains("is damaged") && msg.contains(&format!("do not match schema version {}", version - 1)),
        "{msg}"
    );
}

/// The items a review's facts settle, read from its facts and weights alone (`ReviewData::settled_items`, what the
/// scoring page and a score's save ask), are those the engine finds in the whole input, whatever the facts say.
#[test]
fn the_settled_items_read_from_the_facts_alone_are_the_engines() {
    use yanshou::domain::scoring::settled_items;
    let same = |s: &Setup, what: &str| {
        let r = s.store.load(s.id).unwrap();
        assert_eq!(r.data.settled_items(&r.card), settled_items(&r.card, &r.data.evaluation_input(&r.card)), "{what}");
        r.data.settled_items(&r.card)
    };
    let mut s = setup("shandong-2008-acceptance", &["清洁生产", "环保"]);
    let a = s.experts[0];
    s.store.set_score(s.id, a, "3.2.1", p(30), "达标但未满分", "").unwrap();
    assert!(same(&s, "no fact").is_empty());
    s.store.set_fact(s.id, "emissions_compliant", Some("true")).unwrap();
    assert!(same(&s, "true").contains_key("3.2.1"));
    s.store.set_fact(s.id, "emissions_compliant", Some("false")).unwrap();
    same(&s, "false");
    // A sheet whose points the panel may adjust.
    let mut z = setup("zhejiang-2003-acceptance", &["清洁生产"]);
    let item = z.store.load(z.id).unwrap().card.scored_items().next().unwrap().id.clone();
    z.store.set_weight(z.id, &item, Some(p(10))).unwrap();
    same(&z, "a weight");
}
