//! How a name a user typed (in a CLI option, an npm option, a lift-test file) picks out one of
//! the data's columns: by its display name or its column, exactly, and else ignoring case and
//! surrounding spaces when that leaves one candidate (`TV` and `Tv_Spend` find `tv`, whose spend
//! column is `tv_spend`). One rule for every place a channel, organic variable or control is
//! named, so a name that works in one option works in all.

/// `s` in lower case, letter by letter ([`lower_letter`]).
#[inline(never)]
pub fn lowercase(s: &str) -> String {
    s.chars().map(lower_letter).collect()
}

/// `c` in small letters for the Latin (ASCII, Latin-1, Latin Extended-A, Romanian's Ș and Ț,
/// Vietnamese and the other letters of Latin Extended Additional), Greek (with its accents) and
/// Cyrillic (with the letters of Ukrainian, Kazakh, Azerbaijani and the other languages of the
/// Cyrillic block) alphabets; any other character as it is. Written out rather than
/// `char::to_lowercase`, whose tables for every script are kept in the page's wasm (about 6 KB
/// to transfer) for matching names ignoring case; a name in another script is matched as
/// written. (İ, whose Unicode small form is two characters, is `i`.)
pub fn lower_letter(c: char) -> char {
    let u = c as u32;
    // Blocks that pair capital and small letter side by side: the capital is even in most, odd
    // in U+0139–0148, U+0179–017E and U+04C1–04CE.
    let pair = match u {
        0x100..=0x137 if u != 0x130 => u % 2 == 0,
        0x14A..=0x177 | 0x218..=0x21B => u % 2 == 0,
        0x460..=0x481 | 0x48A..=0x4BF | 0x4D0..=0x52F => u % 2 == 0,
        0x1E00..=0x1E95 | 0x1EA0..=0x1EFF => u % 2 == 0,
        0x139..=0x148 | 0x179..=0x17E | 0x4C1..=0x4CE => u % 2 == 1,
        _ => false,
    };
    let shift = match c {
        _ if pair => 1,
        'A'..='Z' | 'À'..='Ö' | 'Ø'..='Þ' | 'Α'..='Ρ' | 'Σ'..='Ϋ' | 'А'..='Я' => 0x20,
        'Ѐ'..='Џ' => 0x50,
        'Ӏ' => 0xF,
        'Ά' => 0x26,
        'Έ'..='Ί' => 0x25,
        'Ό' => 0x40,
        'Ύ'..='Ώ' => 0x3F,
        'Ÿ' => return 'ÿ',
        'İ' => return 'i',
        'ẞ' => return 'ß',
        _ => 0,
    };
    char::from_u32(u + shift).unwrap_or(c)
}

/// The index of the candidate `name` means. Each candidate is `[display name, column]`.
/// Exact matches first (display names, then columns), then matches ignoring case and
/// surrounding spaces; `None` when nothing matches, or when only the case-blind rule matches
/// and it matches more than one candidate.
pub fn find_named<'a, I>(name: &str, candidates: I) -> Option<usize>
where
    I: IntoIterator<Item = [&'a str; 2]>,
{
    find_in(name, &candidates.into_iter().collect::<Vec<_>>())
}

/// [`find_named`]'s one body (not copied into every caller's instance: the page's wasm is
/// held under 600 KB).
#[inline(never)]
fn find_in(name: &str, candidates: &[[&str; 2]]) -> Option<usize> {
    let wanted = name.trim();
    for side in 0..2 {
        if let Some(i) = candidates.iter().position(|c| c[side] == wanted) {
            return Some(i);
        }
    }
    let folded = lowercase(wanted);
    let mut found = candidates
        .iter()
        .enumerate()
        .filter(|(_, c)| c.iter().any(|s| lowercase(s.trim()) == folded))
        .map(|(i, _)| i);
    match (found.next(), found.next()) {
        (Some(i), None) => Some(i),
        _ => None,
    }
}

/// Whether `name` names this candidate, by either of its names, exactly or ignoring case and
/// surrounding spaces (for settings that apply to every candidate a name fits, such as the
/// levels of one categorical control column).
pub fn names(name: &str, candidate: [&str; 2]) -> bool {
    let folded = lowercase(name.trim());
    candidate
        .iter()
        .any(|s| *s == name.trim() || lowercase(s.trim()) == folded)
}

/// Takes one more name from an option that sets something per channel (`what`: "ROI prior",
/// "bounds"), refusing a second name for a channel already set: `--roi-prior
/// tv=1.5:0.5,TV_Spend=3:1` would otherwise keep one of the two silently. `seen` holds the
/// indices and names taken so far.
///
/// # Errors
/// [`crate::error::Error::InvalidSetting`] naming both names.
pub fn take_once(
    seen: &mut Vec<(usize, String)>,
    i: usize,
    name: &str,
    what: &str,
) -> crate::error::Result<()> {
    if let Some((_, first)) = seen.iter().find(|(j, _)| *j == i) {
        return Err(crate::error::Error::setting(
            what,
            name,
            &format!("'{first}' and '{name}' name the same channel; give each channel once"),
        ));
    }
    seen.push((i, name.to_string()));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Below U+2000, every capital whose Unicode small form is one character is lowered as
    /// Unicode lowers it, except in the blocks left out (Latin Extended-B beyond Romanian's
    /// letters, IPA, archaic Greek and Coptic, Armenian, Georgian, Cherokee and the like), which
    /// are counted so that a change to either side shows; characters Unicode keeps are kept.
    #[test]
    fn letters_are_lowered_as_unicode_lowers_them() {
        let (mut lowered, mut left) = (0, 0);
        for u in 0..0x2000u32 {
            let Some(c) = char::from_u32(u) else { continue };
            let unicode: Vec<char> = c.to_lowercase().collect();
            if unicode.len() == 1 && unicode[0] == c {
                assert_eq!(lower_letter(c), c, "U+{u:04X} {c}");
            } else if unicode.len() == 1 && lower_letter(c) == unicode[0] {
                lowered += 1;
            } else if unicode.len() == 1 {
                assert_eq!(lower_letter(c), c, "U+{u:04X} {c}");
                let left_out =
                    matches!(u, 0x180..=0x24F | 0x370..=0x3FF | 0x500..=0x1DFF | 0x1F00..=0x1FFF);
                assert!(left_out, "U+{u:04X} {c} is lowered by Unicode, not here");
                left += 1;
            }
        }
        assert_eq!((lowered, left), (425, 436));
        assert_eq!(lower_letter('İ'), 'i');
        assert_eq!(
            lowercase("Ümsatz ŁÓDŹ ΤΗΛΕΌΡΑΣΗ Реклама"),
            "ümsatz łódź τηλεόραση реклама"
        );
    }

    const CHANNELS: [[&str; 2]; 3] = [
        ["tv", "tv_spend"],
        ["Search", "Search Spend (EUR)"],
        ["search", "search_spend"],
    ];

    #[test]
    fn exact_names_come_first_then_names_ignoring_case() {
        assert_eq!(find_named("tv", CHANNELS), Some(0));
        assert_eq!(find_named("tv_spend", CHANNELS), Some(0));
        assert_eq!(find_named(" TV ", CHANNELS), Some(0));
        assert_eq!(find_named("TV_SPEND", CHANNELS), Some(0));
        assert_eq!(find_named("search spend (eur)", CHANNELS), Some(1));
        // Exact beats case-blind: "Search" is the second, "search" the third.
        assert_eq!(find_named("Search", CHANNELS), Some(1));
        assert_eq!(find_named("search", CHANNELS), Some(2));
    }

    #[test]
    fn a_name_that_fits_two_candidates_only_by_case_finds_none() {
        assert_eq!(find_named("SEARCH", CHANNELS), None);
        assert_eq!(find_named("radio", CHANNELS), None);
    }

    #[test]
    fn names_matches_either_name_ignoring_case() {
        assert!(names("PRICE", ["price", "price"]));
        assert!(names("promo", ["promo=easter", "Promo"]));
        assert!(!names("promo", ["price", "price"]));
    }
}
