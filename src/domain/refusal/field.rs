//! The fields a refusal can be about, each with its name in Chinese (as the panel reads it, on the screen's labels)
//! and in English (as the command line has always named it).

/// A field of a review, an expert, a score or the opinion: what a text, date or number refusal is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Field {
    EnterpriseName,
    CreditCode,
    Address,
    Industry,
    Agency,
    ReviewDate,
    Place,
    ReopenReason,
    ExpertName,
    Unit,
    Title,
    RecusalReason,
    RecusalStatement,
    /// 扣分原因.
    DeductionReason,
    Evidence,
    /// The reason of the panel's own result.
    DecisionReason,
    /// Why a requirement is unmet, or what shows a distinction holds.
    FindingReason,
    Score,
    Bonus,
    /// The adjusted points of an item (条目 1.1 的分值).
    ItemPoints(String),
    /// One part of the opinion (验收意见): its Chinese name, as the opinion screen labels it.
    Opinion(&'static str),
    SignInName,
    Position,
    Capacity,
    /// A field named by its caller, the same in both languages: a command-line argument (`--name`), an environment
    /// variable, or a field of a file.
    Named(String),
}

impl Field {
    /// The field's name in Chinese.
    pub fn zh(&self) -> String {
        match self {
            Field::EnterpriseName => "企业名称".into(),
            Field::CreditCode => "统一社会信用代码".into(),
            Field::Address => "地址".into(),
            Field::Industry => "行业".into(),
            Field::Agency => "咨询机构".into(),
            Field::ReviewDate => "验收日期".into(),
            Field::Place => "验收地点".into(),
            Field::ReopenReason => "重新打开的原因".into(),
            Field::ExpertName => "专家姓名".into(),
            Field::Unit => "单位".into(),
            Field::Title => "职称".into(),
            Field::RecusalReason => "回避原因".into(),
            Field::RecusalStatement => "回避声明".into(),
            Field::DeductionReason => "扣分原因".into(),
            Field::Evidence => "佐证".into(),
            Field::DecisionReason => "判定理由".into(),
            Field::FindingReason => "认定理由".into(),
            Field::Score => "分数".into(),
            Field::Bonus => "加分".into(),
            Field::ItemPoints(item) => format!("条目 {item} 的分值"),
            Field::Opinion(label) => (*label).to_string(),
            Field::SignInName => "姓名".into(),
            Field::Position => "职务".into(),
            Field::Capacity => "身份".into(),
            Field::Named(name) => name.clone(),
        }
    }

    /// The field's name in English, as the command line's messages have always given it.
    pub fn en(&self) -> String {
        match self {
            Field::EnterpriseName => "enterprise name".into(),
            Field::CreditCode => "credit code".into(),
            Field::Address => "address".into(),
            Field::Industry => "industry".into(),
            Field::Agency => "consulting agency".into(),
            Field::ReviewDate => "date".into(),
            Field::Place => "place".into(),
            Field::ReopenReason => "reason for reopening".into(),
            Field::ExpertName => "expert name".into(),
            Field::Unit => "unit".into(),
            Field::Title => "title (职称)".into(),
            Field::RecusalReason => "recusal reason".into(),
            Field::RecusalStatement => "recusal statement".into(),
            Field::DeductionReason => "扣分原因".into(),
            Field::Evidence => "evidence".into(),
            Field::DecisionReason => "reason of the result".into(),
            Field::FindingReason => "reason".into(),
            Field::Score => "score".into(),
            Field::Bonus => "bonus".into(),
            Field::ItemPoints(item) => format!("the points of item {item}"),
            Field::Opinion(label) => (*label).to_string(),
            Field::SignInName => "name".into(),
            Field::Position => "position".into(),
            Field::Capacity => "capacity".into(),
            Field::Named(name) => name.clone(),
        }
    }

    /// One of each kind, for the test that walks every refusal through its words.
    #[cfg(test)]
    pub(crate) fn samples() -> Vec<Field> {
        let all = [
            Field::EnterpriseName,
            Field::CreditCode,
            Field::Address,
            Field::Industry,
            Field::Agency,
            Field::ReviewDate,
            Field::Place,
            Field::ReopenReason,
            Field::ExpertName,
            Field::Unit,
            Field::Title,
            Field::RecusalReason,
            Field::RecusalStatement,
            Field::DeductionReason,
            Field::Evidence,
            Field::DecisionReason,
            Field::FindingReason,
            Field::Score,
            Field::Bonus,
            Field::ItemPoints("1.1".into()),
            Field::Opinion("结论"),
            Field::SignInName,
            Field::Position,
            Field::Capacity,
            Field::Named("--name".into()),
        ];
        // Exhaustive: a new field is not compiled until it has a sample above.
        for f in &all {
            match f {
                Field::EnterpriseName
                | Field::CreditCode
                | Field::Address
                | Field::Industry
                | Field::Agency
                | Field::ReviewDate
                | Field::Place
                | Field::ReopenReason
                | Field::ExpertName
                | Field::Unit
                | Field::Title
                | Field::RecusalReason
                | Field::RecusalStatement
                | Field::DeductionReason
                | Field::Evidence
                | Field::DecisionReason
                | Field::FindingReason
                | Field::Score
                | Field::Bonus
                | Field::ItemPoints(_)
                | Field::Opinion(_)
                | Field::SignInName
                | Field::Position
                | Field::Capacity
                | Field::Named(_) => {}
            }
        }
        all.to_vec()
    }
}

/// A field named by its caller (a command-line argument, say): the same name in both languages.
impl From<&str> for Field {
    fn from(name: &str) -> Self {
        Field::Named(name.to_string())
    }
}
