//! The FAT32 and exFAT name rules, and making any name portable: examples, then properties over arbitrary Unicode.

use proptest::prelude::*;

use super::*;

fn chinese(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

#[test]
fn the_rules_of_fat32_and_exfat() {
    for good in
        ["验收意见.html", "2026-11-28-某某化工有限公司-第1版.yanshou.zip", "a", ".DS_Store", "CONSOLE.txt", "COM10"]
    {
        assert_eq!(check(good), Ok(()), "{good}");
    }
    assert_eq!(check(""), Err(NameProblem::Empty));
    for (bad, ch) in FORBIDDEN.iter().map(|(c, _)| (format!("a{c}b"), *c)) {
        assert_eq!(check(&bad), Err(NameProblem::Forbidden { ch }), "{bad}");
    }
    assert_eq!(check("a\u{1b}b"), Err(NameProblem::Control { ch: '\u{1b}' }));
    assert_eq!(check("a\tb"), Err(NameProblem::Control { ch: '\t' }));
    assert_eq!(check("有限公司."), Err(NameProblem::Trailing { ch: '.' }));
    assert_eq!(check("有限公司 "), Err(NameProblem::Trailing { ch: ' ' }));
    assert_eq!(check(".."), Err(NameProblem::Trailing { ch: '.' }));
    // Device names, in any case, with an extension, with spaces before the dot; the superscript digits too.
    for (name, stem) in [
        ("CON", "CON"),
        ("con.txt", "con"),
        ("Nul.tar.gz", "Nul"),
        ("COM1", "COM1"),
        ("lpt9.yanshou.zip", "lpt9"),
        ("COM¹", "COM¹"),
        ("AUX .txt", "AUX"),
        ("CONOUT$", "CONOUT$"),
    ] {
        assert_eq!(check(name), Err(NameProblem::Reserved { stem: stem.into() }), "{name}");
    }
    // 255 UTF-16 units: a Chinese character of the Basic Multilingual Plane is one, an emoji or a character of CJK
    // Extension B two.
    assert_eq!(utf16_units("某"), 1);
    assert_eq!(utf16_units("😀"), 2);
    assert_eq!(utf16_units("𠀀"), 2);
    assert_eq!(check(&"某".repeat(255)), Ok(()));
    assert_eq!(check(&"某".repeat(256)), Err(NameProblem::TooLong { units: 256, max: 255 }));
    assert_eq!(check(&"𠀀".repeat(127)), Ok(()));
    assert_eq!(check(&"𠀀".repeat(128)), Err(NameProblem::TooLong { units: 256, max: 255 }));
    assert_eq!(check(&format!("{}😀", "a".repeat(254))), Err(NameProblem::TooLong { units: 256, max: 255 }));
    // A path: each name in it.
    assert_eq!(check_path("signatures/01-王建国.minisig"), Ok(()));
    assert_eq!(
        check_path("signatures/CON.minisig"),
        Err(("CON.minisig".into(), NameProblem::Reserved { stem: "CON".into() }))
    );
    assert_eq!(check_path("a//b"), Err((String::new(), NameProblem::Empty)));
}

#[test]
fn an_enterprise_name_is_made_portable_by_replacing_and_says_so() {
    let p = make_portable("某某化工有限公司", MAX_UNITS);
    assert_eq!(p, Portable { name: "某某化工有限公司".into(), fixes: vec![] });
    let p = make_portable("A/B:C*公司?\"<>|/", MAX_UNITS);
    assert_eq!(p.name, "A／B：C＊公司？＂＜＞｜／");
    assert_eq!(p.fixes[0], NameFix::Replaced { from: '/', to: '／', count: 2 });
    assert_eq!(p.fixes.len(), 8);
    let p = make_portable("公司\u{1b}[2J 分厂. ", MAX_UNITS);
    assert_eq!(p.name, "公司_[2J 分厂__");
    assert_eq!(p.fixes, vec![NameFix::Control { count: 1 }, NameFix::Trailing { count: 2 }]);
    let p = make_portable("con.txt", MAX_UNITS);
    assert_eq!(p, Portable { name: "con_.txt".into(), fixes: vec![NameFix::Reserved { stem: "con".into() }] });
    assert_eq!(make_portable("", MAX_UNITS), Portable { name: "_".into(), fixes: vec![NameFix::Empty] });
    // Too long: cut between characters as a reader sees them, never inside an emoji or a flag.
    let long = "👨‍👩‍👧".repeat(40); // 8 units each
    let p = make_portable(&long, 50);
    assert_eq!(p.name, format!("{}…", "👨‍👩‍👧".repeat(6)));
    assert_eq!(p.fixes, vec![NameFix::Shortened { units: 320, max: 50 }]);
    let p = make_portable(&"𠀀".repeat(200), MAX_UNITS);
    assert_eq!(utf16_units(&p.name), 255);
    assert!(p.name.ends_with('…'));
    // One character with more accents than fit is cut between its code points, not dropped whole.
    let p = make_portable(&format!("e{}", "\u{301}".repeat(300)), 20);
    assert_eq!(utf16_units(&p.name), 20);
    assert!(p.name.starts_with("e\u{301}"));
    // The words, in both languages.
    let all_fixes = [
        NameFix::Replaced { from: '/', to: '／', count: 2 },
        NameFix::Control { count: 1 },
        NameFix::Trailing { count: 2 },
        NameFix::Reserved { stem: "CON".into() },
        NameFix::Shortened { units: 300, max: 255 },
        NameFix::Empty,
    ];
    for f in &all_fixes {
        match f {
            NameFix::Replaced { .. } | NameFix::Control { .. } | NameFix::Trailing { .. } => {}
            NameFix::Reserved { .. } | NameFix::Shortened { .. } | NameFix::Empty => {}
        }
        assert!(chinese(&f.zh()) && !chinese(&f.en()), "{} / {}", f.zh(), f.en());
    }
    let all_problems = [
        NameProblem::Empty,
        NameProblem::Forbidden { ch: ':' },
        NameProblem::Control { ch: '\u{1b}' },
        NameProblem::Trailing { ch: '.' },
        NameProblem::Trailing { ch: ' ' },
        NameProblem::Reserved { stem: "CON".into() },
        NameProblem::TooLong { units: 300, max: 255 },
    ];
    for p in &all_problems {
        match p {
            NameProblem::Empty | NameProblem::Forbidden { .. } | NameProblem::Control { .. } => {}
            NameProblem::Trailing { .. } | NameProblem::Reserved { .. } | NameProblem::TooLong { .. } => {}
        }
        assert!(chinese(&p.zh()) && !chinese(&p.en()), "{} / {}", p.zh(), p.en());
    }
    assert!(NameProblem::Control { ch: '\u{1b}' }.zh().contains("U+001B"));
}

/// Any Unicode: ASCII with every forbidden character, controls, dots and spaces, Chinese of both planes, emoji with
/// joiners and skin tones, combining accents, reserved names.
fn any_name() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        any::<char>().prop_map(|c| c.to_string()),
        prop::sample::select(vec![
            "\\",
            "/",
            ":",
            "*",
            "?",
            "\"",
            "<",
            ">",
            "|",
            ".",
            " ",
            "\u{0}",
            "\u{1f}",
            "\u{7f}",
            "某",
            "化工",
            "𠀀",
            "😀",
            "👨‍👩‍👧",
            "👍🏽",
            "🇨🇳",
            "e\u{301}",
            "CON",
            "lpt1",
            "COM¹",
            "\u{200b}",
            "\u{feff}",
        ])
        .prop_map(str::to_string),
    ];
    prop::collection::vec(piece, 0..120).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    /// Whatever the name, the result passes the rules and fits the length asked for.
    #[test]
    fn any_name_becomes_portable(name in any_name(), max in 0usize..300) {
        let p = make_portable(&name, max);
        prop_assert_eq!(check(&p.name), Ok(()), "{:?} → {:?}", name, p.name);
        prop_assert!(utf16_units(&p.name) <= max.clamp(8, MAX_UNITS));
        // A portable name is kept as it is; a name changed says why.
        prop_assert_eq!(p.fixes.is_empty(), p.name == name);
        prop_assert_eq!(make_portable(&p.name, max), Portable { name: p.name.clone(), fixes: vec![] });
    }

    /// Nothing is dropped unless the name was too long: every character is kept or stands where it was, replaced.
    #[test]
    fn replacing_never_drops(name in any_name()) {
        let p = make_portable(&name, MAX_UNITS);
        if !p.fixes.iter().any(|f| matches!(f, NameFix::Shortened { .. })) && !name.is_empty() {
            let mut out: Vec<char> = p.name.chars().collect();
            // Take out the stand-in put after a device name; then the name and the result align character by character.
            if let Some(NameFix::Reserved { stem }) = p.fixes.iter().find(|f| matches!(f, NameFix::Reserved { .. })) {
                let at = stem.chars().count();
                prop_assert_eq!(out.remove(at), STAND_IN);
            }
            prop_assert_eq!(out.len(), name.chars().count());
            for (c, got) in name.chars().zip(out) {
                let expected = [c, STAND_IN, replacement(c).unwrap_or(c)];
                prop_assert!(expected.contains(&got), "{:?} became {:?} in {:?}", c, got, p.name);
            }
        } else if !name.is_empty() {
            prop_assert!(p.name.ends_with(ELLIPSIS));
            prop_assert!(utf16_units(&name) > MAX_UNITS);
        }
    }
}
