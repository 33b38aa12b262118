//! 统一社会信用代码 (unified social credit identifier), GB 32100-2015: 18 characters from a 31-character alphabet
//! (digits and upper-case letters without I, O, S, V, Z), the last one a check character over the first 17.

/// The code's alphabet; a character's value is its position.
const ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
/// Weights of positions 1–17: 3^(i-1) mod 31.
const WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CreditCodeError {
    #[error("统一社会信用代码应为 18 位，输入了 {0} 位")]
    Length(usize),
    #[error("第 {position} 位“{found}”不是统一社会信用代码可用的字符（数字及除 I、O、S、V、Z 外的大写字母）")]
    Character { position: usize, found: char },
    #[error("校验位应为“{expected}”，输入的是“{found}”：代码有误，请核对")]
    Check { expected: char, found: char },
}

/// The code's refusals have always been said in Chinese, on the command line too.
impl crate::domain::explain::Explain for CreditCodeError {
    fn zh(&self) -> String {
        self.to_string()
    }
    fn en(&self) -> String {
        self.to_string()
    }
}

fn value(c: char) -> Option<u32> {
    ALPHABET.find(c).map(|i| i as u32)
}

/// The check character for the first 17 characters, if they are all valid.
pub fn check_character(first17: &str) -> Option<char> {
    let mut sum = 0;
    for (c, w) in first17.chars().zip(WEIGHTS) {
        sum += value(c)? * w;
    }
    let check = (31 - sum % 31) % 31;
    ALPHABET.chars().nth(check as usize)
}

/// Normalizes (trims, upper-cases, turns full-width characters into ASCII) and validates a code.
pub fn validate(input: &str) -> Result<String, CreditCodeError> {
    let code: String = input
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c => c,
        })
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let n = code.chars().count();
    if n != 18 {
        return Err(CreditCodeError::Length(n));
    }
    for (i, c) in code.chars().enumerate() {
        if value(c).is_none() {
            return Err(CreditCodeError::Character { position: i + 1, found: c });
        }
    }
    let expected = check_character(&code[..17]).ok_or(CreditCodeError::Length(n))?;
    let found = code.chars().nth(17).unwrap_or(' ');
    if expected != found {
        return Err(CreditCodeError::Check { expected, found });
    }
    Ok(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_valid_codes() {
        // Published examples of the standard's check character.
        for code in ["91350100M000100Y43", "91110000802100433B"] {
            assert_eq!(validate(code).as_deref(), Ok(code), "{code}");
        }
        assert_eq!(validate(" 91350100m000100y43 ").unwrap(), "91350100M000100Y43");
        assert_eq!(validate("９１350100M000100Y43").unwrap(), "91350100M000100Y43");
    }

    #[test]
    fn refuses_wrong_codes_with_the_reason() {
        assert_eq!(validate("91350100M000100Y4"), Err(CreditCodeError::Length(17)));
        assert_eq!(validate("91350100M000100Y44"), Err(CreditCodeError::Check { expected: '3', found: '4' }));
        assert_eq!(validate("91350100I000100Y43"), Err(CreditCodeError::Character { position: 9, found: 'I' }));
        assert!(matches!(validate("福建省某某公司统一社会信用代码一二三"), Err(CreditCodeError::Character { .. })));
    }

    #[test]
    fn every_single_character_change_is_caught() {
        let code = "91350100M000100Y43";
        for pos in 0..18 {
            for c in ALPHABET.chars() {
                let mut changed: Vec<char> = code.chars().collect();
                if changed[pos] == c {
                    continue;
                }
                changed[pos] = c;
                let s: String = changed.into_iter().collect();
                assert!(validate(&s).is_err(), "{s}");
            }
        }
    }
}
