//! Fitting and wrapping text by display width, as the terminal draws it (a Chinese character takes two columns).

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

/// Cuts `s` to `width` display columns, ending with `…` when cut.
pub fn fit(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    let mut out = String::new();
    for c in s.chars() {
        if out.width() + unicode_width::UnicodeWidthChar::width(c).unwrap_or(0) + 1 > width {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// A styled line cut to `width` columns; a line that is cut loses its styles.
pub fn fit_line(line: Line<'static>, width: usize) -> Line<'static> {
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    if text.width() <= width { line } else { Line::from(fit(&text, width)) }
}

/// Wraps styled lines to `width` display columns, breaking between characters (as Chinese text is broken) and at
/// newlines. ratatui's own wrapping can let a double-width character overhang the last column.
pub fn wrap_lines(lines: Vec<Line<'static>>, width: usize) -> Vec<Line<'static>> {
    let width = width.max(2);
    let mut out = Vec::new();
    for line in lines {
        let line_style = line.style;
        let mut cur: Vec<Span<'static>> = Vec::new();
        let mut used = 0;
        for span in line.spans {
            let style = span.style;
            let mut buf = String::new();
            for c in span.content.chars() {
                if c == '\n' {
                    cur.push(Span::styled(std::mem::take(&mut buf), style));
                    out.push(Line::from(std::mem::take(&mut cur)).style(line_style));
                    used = 0;
                    continue;
                }
                let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
                if used + w > width && used > 0 {
                    cur.push(Span::styled(std::mem::take(&mut buf), style));
                    out.push(Line::from(std::mem::take(&mut cur)).style(line_style));
                    used = 0;
                }
                buf.push(c);
                used += w;
            }
            if !buf.is_empty() {
                cur.push(Span::styled(buf, style));
            }
        }
        out.push(Line::from(cur).style(line_style));
    }
    out
}

/// Plain text (with newlines) as lines.
pub fn text_lines(s: &str) -> Vec<Line<'static>> {
    s.split('\n').map(|l| Line::from(l.to_string())).collect()
}

/// A paragraph of lines wrapped to the width of `area` less `inset` columns (2 for a bordered block).
pub fn wrapped(lines: Vec<Line<'static>>, area: Rect, inset: u16) -> Paragraph<'static> {
    Paragraph::new(wrap_lines(lines, area.width.saturating_sub(inset) as usize))
}
