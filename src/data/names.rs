//! How a name a user typed (in a CLI option, an npm option, a lift-test file) picks out one of
//! the data's columns: by its display name or its column, exactly, and else ignoring case and
//! surrounding spaces when that leaves one candidate (`TV` and `Tv_Spend` find `tv`, whose spend
//! column is `tv_spend`). One rule for every place a channel, organic variable or control is
//! named, so a name that works in one option works in all.

/// `s` in lower case, letter by letter (`str::to_lowercase` without its rule for a final Greek
/// sigma, which no column name needs: one copy of the case tables' code in the page's wasm,
/// about 4 KB less).
#[inline(never)]
pub fn lowercase(s: &str) -> String {
    s.chars().flat_map(char::to_lowercase).collect()
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
