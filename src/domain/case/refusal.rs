//! Why an act on a case is refused: one variant per reason, carrying what it is about, said in Chinese (what the
//! support unit reads) and in English (the command line's second line). Nothing is changed when one is returned.

use chrono::NaiveDate;

use super::date_zh;
use crate::domain::calendar::CalendarError;
use crate::domain::explain::Explain;
use crate::domain::scorecard::procedure::Period;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CaseRefusal {
    // ----- opening a case: which sheet or rules file -----
    /// No sheet or rules file of the province, stage and track.
    NoScorecard {
        province: String,
        stage: String,
        track: String,
        /// The files of the province, whatever their stage and track (`id（验收，自愿）`).
        province_has: Vec<String>,
    },
    /// Several files match: the case needs `--scorecard` naming one.
    SeveralScorecards {
        candidates: Vec<String>,
    },
    UnknownScorecard {
        id: String,
    },
    /// `--scorecard` names a file of another province, stage or track than the ones given.
    ScorecardMismatch {
        id: String,
        what: String,
    },

    // ----- the application's check -----
    NotACheckItem {
        item: String,
        known: Vec<String>,
    },
    CheckDone {
        case: i64,
        on: NaiveDate,
    },
    CheckNotDone {
        case: i64,
    },
    /// The check is closed with conditions or materials unmet or not ticked, and no reason.
    UnmetNeedsReason {
        unmet: Vec<String>,
    },

    // ----- dates -----
    /// An event dated before one it must follow.
    EventBefore {
        event: String,
        date: NaiveDate,
        earlier: String,
        earlier_date: NaiveDate,
    },
    /// A due date set before the event it is counted from.
    DueBeforeEvent {
        due: NaiveDate,
        event: String,
        date: NaiveDate,
    },
    /// A due date set where the province's files set the limit.
    DueSetByProvince {
        period: Period,
        source: String,
    },
    /// The event is already recorded for this round.
    AlreadyRecorded {
        event: String,
        date: NaiveDate,
    },

    // ----- reviews -----
    /// The round's review is open: another cannot start, nor can the round end.
    ReviewOpen {
        review: i64,
    },
    NoReview {
        case: i64,
    },
    ReviewNotFinalized {
        review: i64,
    },
    /// The visit of a finalized review cannot move.
    VisitLocked {
        review: i64,
    },
    /// Nothing is waiting for a site visit: the round's review is done, and no 整改 is open.
    NothingToSchedule {
        case: i64,
    },
    /// The round needs its site visit before its review starts.
    NoVisit {
        round: u32,
    },
    /// The result is the panel's to decide and nobody has said what it is.
    VerdictUnknown {
        review: i64,
    },
    /// The conclusion given contradicts the computed result.
    ConclusionContradicts {
        review: i64,
        computed: bool,
    },
    /// A 复核 of a review that passed.
    RecheckOfPassed {
        review: i64,
    },
    /// A 复核 before the 整改 was opened.
    RecheckWithoutRectification {
        review: i64,
    },
    /// The 整改 of a review that passed.
    RectifyPassed {
        review: i64,
    },
    AlreadyRectifying {
        review: i64,
        since: NaiveDate,
    },
    /// The 公示 of a review that failed.
    PublishFailed {
        review: i64,
    },

    // ----- 公示 and objections -----
    NoPublicationRule {
        province: String,
    },
    AlreadyPublished {
        from: NaiveDate,
    },
    /// The 公示's end given where the province's files set its period.
    PublicationEndSetByProvince {
        period: Period,
        source: String,
    },
    /// The province sets no period for the 公示, and no end was given.
    PublicationEndNeeded,
    NotPublished {
        case: i64,
    },
    ObjectionBeforeStart {
        date: NaiveDate,
        start: NaiveDate,
    },
    ObjectionAfterEnd {
        date: NaiveDate,
        end: NaiveDate,
    },
    NoSuchObjection {
        case: i64,
        objection: i64,
    },
    ObjectionDecided {
        objection: i64,
    },
    /// An objection is still undecided: the case cannot pass (or be granted) yet.
    ObjectionPending {
        objection: i64,
    },

    /// The round's review is finalized: what follows a failed one is its 复核.
    UseRecheck {
        review: i64,
    },
    /// A date the check needs lies beyond the official calendar.
    Calendar(CalendarError),

    // ----- the grant -----
    NotPassed {
        case: i64,
        phase: String,
    },
    AlreadyGranted {
        on: NaiveDate,
    },
}

fn list(items: &[String]) -> String {
    items.join("、")
}

impl Explain for CaseRefusal {
    fn zh(&self) -> String {
        use CaseRefusal as R;
        match self {
            R::NoScorecard { province, stage, track, province_has } => {
                let has = if province_has.is_empty() {
                    format!("{province}没有任何评分表或规则文件")
                } else {
                    format!("{province}现有：{}", list(province_has))
                };
                format!("没有{province}{stage}（{track}）的评分表或规则文件；{has}")
            }
            R::SeveralScorecards { candidates } => {
                format!("有多个评分表或规则文件符合：{}；请用 --scorecard 指定其一", list(candidates))
            }
            R::UnknownScorecard { id } => format!("没有编号为“{id}”的评分表或规则文件（见 yanshou scorecards list）"),
            R::ScorecardMismatch { id, what } => format!("评分表 {id} 不是{what}的"),
            R::NotACheckItem { item, known } => {
                format!("“{item}”不是本案的申请条件或申请材料；可用：{}", list(known))
            }
            R::CheckDone { case, on } => format!("案件 {case} 的申请审查已于{}完成，不能再改", date_zh(*on)),
            R::CheckNotDone { case } => {
                format!("案件 {case} 的申请审查尚未完成（yanshou case check {case} --done），不能开始验收")
            }
            R::UnmetNeedsReason { unmet } => {
                format!("以下申请条件或材料未满足或未核对：{}；如仍要进入验收，须用 --reason 记录理由", list(unmet))
            }
            R::EventBefore { event, date, earlier, earlier_date } => {
                format!("{event}日期{}早于{earlier}日期{}", date_zh(*date), date_zh(*earlier_date))
            }
            R::DueBeforeEvent { due, event, date } => {
                format!("期限{}早于其起算事件“{event}”的日期{}", date_zh(*due), date_zh(*date))
            }
            R::DueSetByProvince { period, source } => {
                format!("本省文件已规定整改期限为{}（{source}），不能另设", period.label())
            }
            R::AlreadyRecorded { event, date } => format!("本轮的“{event}”已记录（{}）", date_zh(*date)),
            R::ReviewOpen { review } => format!("验收 {review} 尚未定稿；须先完成它"),
            R::NoReview { case } => format!("案件 {case} 还没有验收"),
            R::ReviewNotFinalized { review } => format!("验收 {review} 尚未定稿，结果未定"),
            R::VisitLocked { review } => format!("验收 {review} 已定稿，其现场验收日期不能再改"),
            R::NothingToSchedule { case } => {
                format!("案件 {case} 没有待安排的现场验收：本轮验收已结束，也没有进行中的整改")
            }
            R::NoVisit { round } => {
                format!("第 {round} 轮尚未安排现场验收；请先用 case schedule --visit 记录日期，或给出 --visit")
            }
            R::VerdictUnknown { review } => format!(
                "验收 {review} 的结论由专家组判定，评分结果不能给出通过与否；请用 --conclusion passed 或 failed 按已签署的验收意见记录"
            ),
            R::ConclusionContradicts { review, computed } => {
                format!("所记录的结论与验收 {review} 的评分结果（{}）矛盾", if *computed { "通过" } else { "不通过" })
            }
            R::RecheckOfPassed { review } => format!("验收 {review} 已通过，不能复核"),
            R::RecheckWithoutRectification { review } => {
                format!("验收 {review} 未通过，但尚未通知整改（case rectify）；须先整改再复核")
            }
            R::RectifyPassed { review } => format!("验收 {review} 已通过，无需整改"),
            R::AlreadyRectifying { review, since } => {
                format!("验收 {review} 的整改已于{}开始", date_zh(*since))
            }
            R::PublishFailed { review } => format!("验收 {review} 未通过，不能公示"),
            R::NoPublicationRule { province } => {
                format!("{province}的文件未规定公示：本省文件未规定，不能按公示处理")
            }
            R::AlreadyPublished { from } => format!("本轮已于{}开始公示", date_zh(*from)),
            R::PublicationEndSetByProvince { period, source } => {
                format!("本省文件已规定公示期为{}（{source}），不能另设期满日", period.label())
            }
            R::PublicationEndNeeded => "本省文件未规定公示期：请用 --until 记录公示期满日".into(),
            R::NotPublished { case } => format!("案件 {case} 本轮尚未公示"),
            R::ObjectionBeforeStart { date, start } => {
                format!("异议日期{}早于公示开始日{}", date_zh(*date), date_zh(*start))
            }
            R::ObjectionAfterEnd { date, end } => {
                format!("异议日期{}在公示期满（{}）之后，不予受理", date_zh(*date), date_zh(*end))
            }
            R::NoSuchObjection { case, objection } => format!("案件 {case} 没有第 {objection} 号异议"),
            R::ObjectionDecided { objection } => format!("第 {objection} 号异议已有处理结果"),
            R::ObjectionPending { objection } => format!("第 {objection} 号异议尚未处理"),
            R::UseRecheck { review } => {
                format!("验收 {review} 已定稿；未通过的，整改后以复核（case recheck）进行下一轮")
            }
            R::Calendar(e) => e.zh(),
            R::NotPassed { case, phase } => format!("案件 {case} 尚未通过（目前：{phase}）"),
            R::AlreadyGranted { on } => format!("本案已于{}授予称号（发证）", date_zh(*on)),
        }
    }

    fn en(&self) -> String {
        use CaseRefusal as R;
        match self {
            R::NoScorecard { province, stage, track, province_has } => format!(
                "no sheet or rules file for {province}, {stage}, {track}; the province has: {}",
                if province_has.is_empty() { "none".to_string() } else { province_has.join(", ") }
            ),
            R::SeveralScorecards { candidates } => {
                format!("several sheets or rules files match: {}; name one with --scorecard", candidates.join(", "))
            }
            R::UnknownScorecard { id } => {
                format!("there is no sheet or rules file “{id}” (see yanshou scorecards list)")
            }
            R::ScorecardMismatch { id, what } => format!("the sheet {id} is not for {what}"),
            R::NotACheckItem { item, known } => {
                format!("“{item}” is not a condition or material of this case; known: {}", known.join(", "))
            }
            R::CheckDone { case, on } => format!("the check of case {case} was completed on {on} and cannot change"),
            R::CheckNotDone { case } => format!(
                "the application of case {case} has not been checked (yanshou case check {case} --done); its review \
                 cannot start"
            ),
            R::UnmetNeedsReason { unmet } => format!(
                "conditions or materials unmet or not ticked: {}; to go on to the review, record why with --reason",
                unmet.join(", ")
            ),
            R::EventBefore { event, date, earlier, earlier_date } => {
                format!("the date of {event}, {date}, is before that of {earlier}, {earlier_date}")
            }
            R::DueBeforeEvent { due, event, date } => {
                format!("the due date {due} is before {event}, {date}, which it is counted from")
            }
            R::DueSetByProvince { period, source } => format!(
                "the province's files set the time limit of the 整改 ({}, {source}); another cannot be set",
                period.en()
            ),
            R::AlreadyRecorded { event, date } => format!("{event} is already recorded for this round ({date})"),
            R::ReviewOpen { review } => format!("review {review} is not finalized yet; finish it first"),
            R::NoReview { case } => format!("case {case} has no review yet"),
            R::ReviewNotFinalized { review } => {
                format!("review {review} is not finalized: its result is not known yet")
            }
            R::VisitLocked { review } => format!("review {review} is finalized: its site visit cannot move"),
            R::NothingToSchedule { case } => {
                format!("case {case} has no site visit to schedule: its round's review is done and no 整改 is open")
            }
            R::NoVisit { round } => {
                format!("round {round} has no site visit yet; record it with case schedule --visit, or give --visit")
            }
            R::VerdictUnknown { review } => format!(
                "the result of review {review} is the panel's to decide; record it from the signed opinion with \
                 --conclusion passed or failed"
            ),
            R::ConclusionContradicts { review, computed } => format!(
                "the conclusion given contradicts the computed result of review {review} ({})",
                if *computed { "passed" } else { "failed" }
            ),
            R::RecheckOfPassed { review } => format!("review {review} passed: there is nothing to re-check"),
            R::RecheckWithoutRectification { review } => format!(
                "review {review} failed, but no 整改 has been notified (case rectify); rectification comes before \
                 the re-check"
            ),
            R::RectifyPassed { review } => format!("review {review} passed: there is nothing to rectify"),
            R::AlreadyRectifying { review, since } => {
                format!("the 整改 after review {review} began on {since}")
            }
            R::PublishFailed { review } => format!("review {review} failed: its result is not published"),
            R::NoPublicationRule { province } => {
                format!("the files of {province} set no 公示 (本省文件未规定): there is none to record")
            }
            R::AlreadyPublished { from } => format!("the 公示 of this round began on {from}"),
            R::PublicationEndSetByProvince { period, source } => {
                format!("the province's files set the 公示's period ({}, {source}); its end cannot be set", period.en())
            }
            R::PublicationEndNeeded => {
                "the province's files set no period for the 公示: record the day it ends with --until".into()
            }
            R::NotPublished { case } => format!("case {case} has no 公示 in this round"),
            R::ObjectionBeforeStart { date, start } => {
                format!("the objection's date {date} is before the 公示 began, {start}")
            }
            R::ObjectionAfterEnd { date, end } => {
                format!("the objection's date {date} is after the 公示 ended, {end}: it is not admitted")
            }
            R::NoSuchObjection { case, objection } => format!("case {case} has no objection {objection}"),
            R::ObjectionDecided { objection } => format!("objection {objection} has already been decided"),
            R::ObjectionPending { objection } => format!("objection {objection} is not decided yet"),
            R::UseRecheck { review } => format!(
                "review {review} is finalized; after a failure the next round is its re-check (case recheck), after \
                 the 整改"
            ),
            R::Calendar(e) => e.en(),
            R::NotPassed { case, phase } => format!("case {case} has not passed (it stands at: {phase})"),
            R::AlreadyGranted { on } => format!("the title was granted on {on}"),
        }
    }
}

impl std::fmt::Display for CaseRefusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.en())
    }
}

impl std::error::Error for CaseRefusal {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::refusal::tests::check_words;
    use crate::domain::scorecard::procedure::PeriodUnit;

    fn variant(r: &CaseRefusal) -> usize {
        use CaseRefusal as R;
        match r {
            R::NoScorecard { .. } => 0,
            R::SeveralScorecards { .. } => 1,
            R::UnknownScorecard { .. } => 2,
            R::ScorecardMismatch { .. } => 3,
            R::NotACheckItem { .. } => 4,
            R::CheckDone { .. } => 5,
            R::CheckNotDone { .. } => 6,
            R::UnmetNeedsReason { .. } => 7,
            R::EventBefore { .. } => 8,
            R::DueBeforeEvent { .. } => 9,
            R::DueSetByProvince { .. } => 10,
            R::AlreadyRecorded { .. } => 11,
            R::ReviewOpen { .. } => 12,
            R::NoReview { .. } => 13,
            R::ReviewNotFinalized { .. } => 14,
            R::VisitLocked { .. } => 15,
            R::NothingToSchedule { .. } => 16,
            R::NoVisit { .. } => 17,
            R::VerdictUnknown { .. } => 18,
            R::ConclusionContradicts { .. } => 19,
            R::RecheckOfPassed { .. } => 20,
            R::RecheckWithoutRectification { .. } => 21,
            R::RectifyPassed { .. } => 22,
            R::AlreadyRectifying { .. } => 23,
            R::PublishFailed { .. } => 24,
            R::NoPublicationRule { .. } => 25,
            R::AlreadyPublished { .. } => 26,
            R::NotPublished { .. } => 27,
            R::ObjectionBeforeStart { .. } => 28,
            R::ObjectionAfterEnd { .. } => 29,
            R::NoSuchObjection { .. } => 30,
            R::ObjectionDecided { .. } => 31,
            R::ObjectionPending { .. } => 32,
            R::NotPassed { .. } => 33,
            R::AlreadyGranted { .. } => 34,
            R::UseRecheck { .. } => 35,
            R::Calendar(_) => 36,
            R::PublicationEndSetByProvince { .. } => 37,
            R::PublicationEndNeeded => 38,
        }
    }
    const COUNT: usize = 39;

    pub(crate) fn samples() -> Vec<CaseRefusal> {
        use CaseRefusal as R;
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let s = |x: &str| x.to_string();
        vec![
            R::NoScorecard {
                province: s("北京"),
                stage: s("评估"),
                track: s("自愿"),
                province_has: vec![s("beijing-2007-acceptance（验收，不区分）")],
            },
            R::NoScorecard { province: s("西藏"), stage: s("验收"), track: s("自愿"), province_has: vec![] },
            R::SeveralScorecards { candidates: vec![s("fujian-2008-acceptance"), s("fujian-2009-acceptance")] },
            R::UnknownScorecard { id: s("beijing-2020") },
            R::ScorecardMismatch { id: s("fujian-2008-acceptance"), what: s("北京验收（自愿）") },
            R::NotACheckItem { item: s("c9"), known: vec![s("c1"), s("m1")] },
            R::CheckDone { case: 3, on: d("2026-03-02") },
            R::CheckNotDone { case: 3 },
            R::UnmetNeedsReason { unmet: vec![s("c2"), s("m3")] },
            R::EventBefore {
                event: s("现场验收"),
                date: d("2026-02-01"),
                earlier: s("接到申请材料"),
                earlier_date: d("2026-02-10"),
            },
            R::DueBeforeEvent { due: d("2026-02-01"), event: s("通知未通过"), date: d("2026-02-10") },
            R::DueSetByProvince { period: Period { n: 6, unit: PeriodUnit::Months }, source: s("L2554-L2556") },
            R::AlreadyRecorded { event: s("提交验收工作报告"), date: d("2026-03-10") },
            R::ReviewOpen { review: 7 },
            R::NoReview { case: 3 },
            R::ReviewNotFinalized { review: 7 },
            R::VisitLocked { review: 7 },
            R::NothingToSchedule { case: 3 },
            R::NoVisit { round: 2 },
            R::VerdictUnknown { review: 7 },
            R::ConclusionContradicts { review: 7, computed: true },
            R::RecheckOfPassed { review: 7 },
            R::RecheckWithoutRectification { review: 7 },
            R::RectifyPassed { review: 7 },
            R::AlreadyRectifying { review: 7, since: d("2026-03-20") },
            R::PublishFailed { review: 7 },
            R::NoPublicationRule { province: s("天津") },
            R::AlreadyPublished { from: d("2026-03-20") },
            R::NotPublished { case: 3 },
            R::ObjectionBeforeStart { date: d("2026-03-01"), start: d("2026-03-20") },
            R::ObjectionAfterEnd { date: d("2026-04-10"), end: d("2026-04-03") },
            R::NoSuchObjection { case: 3, objection: 2 },
            R::ObjectionDecided { objection: 2 },
            R::ObjectionPending { objection: 2 },
            R::NotPassed { case: 3, phase: s("公示中") },
            R::AlreadyGranted { on: d("2026-04-10") },
            R::UseRecheck { review: 7 },
            R::PublicationEndSetByProvince {
                period: Period { n: 2, unit: PeriodUnit::Weeks },
                source: s("L2548-L2550"),
            },
            R::PublicationEndNeeded,
            R::Calendar(CalendarError::NotCovered { year: 2027, date: d("2027-01-04") }),
        ]
    }

    /// Every refusal is said in Chinese without English sentences in it, and in English; the walk fails until a new
    /// variant has a sample.
    #[test]
    fn every_case_refusal_is_said_in_both_languages() {
        let mut seen = [false; COUNT];
        for r in samples() {
            seen[variant(&r)] = true;
            check_words(&format!("{r:?}"), &r);
            assert_eq!(r.to_string(), r.en());
        }
        let missing: Vec<usize> = (0..COUNT).filter(|i| !seen[*i]).collect();
        assert!(missing.is_empty(), "variants without a sample: {missing:?}");
    }
}
