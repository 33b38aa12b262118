//! An expert scoring on their own data directory from an imported review kit, in the real binary inside tmux: the
//! kit's review is on the list, only the expert's own sheet takes scores (another's is refused in Chinese), every item
//! is scored, and the personal sheet signed afterwards holds exactly those scores.

use crate::common::ok;
use crate::personal::{Panel, unpacked};
use crate::tmux::{self, Tmux};
use yanshou::bundle::personal::SheetV1;

#[test]
fn an_expert_scores_alone_from_the_kit_in_a_real_terminal() {
    if !tmux::available("the kit review typed in a real terminal") {
        return;
    }
    let p = Panel::new();
    let kit = p.export_kit();
    let review = p.import_kit(&kit, "李秀英");
    let data = p.dir("李秀英");
    let bin = env!("CARGO_BIN_EXE_yanshou");
    let cmd = format!(
        "env LANG=C.UTF-8 TERM=xterm-256color {bin} --data-dir '{}' --actor 李秀英; echo EXITED $?; sleep 30",
        data.display()
    );
    let t = Tmux::start("kit", "kit", 80, 24, &cmd);
    t.wait_for("kit", "福建某某化工有限公司");
    t.keys("kit", &["Enter", "F2"]);
    t.wait_for("kit", "◀ 王建国 ▶");
    // The lead's sheet is not scored on 李秀英's laptop (item 1.1 at its full 2 points).
    t.text("kit", "2");
    t.keys("kit", &["Enter"]);
    t.wait_for("kit", "只评 李秀英 本人的评分表");
    // The typed 3 is not thrown away without asking.
    t.keys("kit", &["Escape"]);
    t.wait_for("kit", "放弃已输入的内容");
    t.keys("kit", &["Escape"]);
    t.keys("kit", &["Right"]);
    t.wait_for("kit", "◀ 李秀英 ▶");
    let card = crate::common::catalog().scorecard("fujian-2008-acceptance").unwrap();
    let items: Vec<_> = card.scored_items().collect();
    for (n, item) in items.iter().enumerate() {
        t.text("kit", &item.points.to_string());
        t.keys("kit", &["Enter"]);
        t.wait_for("kit", &format!("已评 {}/{}", n + 1, items.len()));
    }
    t.keys("kit", &["Escape"]);
    t.wait_for("kit", "福建某某化工有限公司");
    t.keys("kit", &["q"]);
    let s = t.wait_for("kit", "EXITED");
    assert!(s.contains("EXITED 0"), "{s}");
    // Her sheet, signed on her laptop, holds what she typed.
    let file = p.sign("李秀英", &review, "李秀英.yanshou.zip");
    let sheet: SheetV1 = serde_json::from_slice(&unpacked(&file).0).unwrap();
    assert_eq!((sheet.expert.as_str(), sheet.revision, sheet.scores.len()), ("李秀英", 1, items.len()));
    for (s, item) in sheet.scores.iter().zip(&items) {
        assert_eq!((s.item.as_str(), s.score.clone()), (item.id.as_str(), item.points.to_string()));
    }
    ok(&p.dir("王建国"), &["sheet", "import", &file.display().to_string()]);
}
