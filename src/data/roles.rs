//! Column roles: what the caller asks for, and what is decided (given or inferred, with reasons).
//!
//! Inference looks at names first (`*_spend`, `*_S`, `*cost*` are spend; `revenue`, `sales`,
//! `kpi` the KPI; `date`, `week`, `ds` the date) and at values second (a column whose cells are
//! all dates; a text column with few distinct values, or named like `event`, `holiday`, `promo`,
//! is a categorical control; free text, whose values are mostly different, is left out with a
//! warning). Everything that was inferred is reported so that a user interface can show it and
//! let the user change it.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

use super::dataset::{Warning, WarningKind};
use super::dates;
use super::table::{Cell, Table, is_missing_marker};
use super::vocabulary::*;

/// What the KPI measures: money (ROI is revenue per unit of spend) or a count (CPA is spend per
/// conversion).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum KpiType {
    #[default]
    Revenue,
    Conversions,
}

/// An exposure column (impressions, clicks, GRPs) modeled in place of a channel's spend.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExposureRole {
    /// The spend column of the channel.
    pub spend: String,
    /// The exposure column.
    pub exposure: String,
}

/// The roles a caller asks for. `None` means "infer it"; `Some(vec![])` means "none".
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RoleRequest {
    pub date: Option<String>,
    pub kpi: Option<String>,
    pub kpi_type: Option<KpiType>,
    /// Paid media spend columns.
    pub media: Option<Vec<String>>,
    /// Exposure columns for some paid channels; inferred as well when `media` is inferred.
    pub exposure: Vec<ExposureRole>,
    pub organic: Option<Vec<String>>,
    pub controls: Option<Vec<String>>,
    /// Columns never to use.
    pub ignore: Vec<String>,
}

/// One paid channel as decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MediaRole {
    /// Display name of the channel (the spend column without its `_spend`-like suffix).
    pub name: String,
    /// Spend column.
    pub spend: String,
    /// Exposure column modeled instead of spend, if any.
    pub exposure: Option<String>,
}

/// One control column as decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ControlRole {
    pub column: String,
    /// Text values, turned into one 0/1 column per level (the most common level is the reference).
    pub categorical: bool,
}

/// The role a column plays (serialized in snake case: `"date"`, `"kpi"`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnRole {
    Date,
    /// The KPI modeled (revenue or conversions).
    Kpi,
    /// A paid channel's spend.
    Media,
    /// A paid channel's exposure (impressions, clicks), modeled in place of its spend.
    Exposure,
    Organic,
    Control,
    /// Not used.
    Ignored,
}

impl ColumnRole {
    /// The stable name (as in JSON).
    pub fn as_str(self) -> &'static str {
        match self {
            ColumnRole::Date => "date",
            ColumnRole::Kpi => "kpi",
            ColumnRole::Media => "media",
            ColumnRole::Exposure => "exposure",
            ColumnRole::Organic => "organic",
            ColumnRole::Control => "control",
            ColumnRole::Ignored => "ignored",
        }
    }
}

impl std::fmt::Display for ColumnRole {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

/// Why a column got its role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleNote {
    pub column: String,
    pub role: ColumnRole,
    /// True when the caller named it, false when it was inferred.
    pub given: bool,
    pub reason: String,
}

/// The decided roles of every column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoleAssignment {
    pub date: String,
    pub kpi: String,
    pub kpi_type: KpiType,
    pub media: Vec<MediaRole>,
    pub organic: Vec<String>,
    pub controls: Vec<ControlRole>,
    /// Columns not used, with the reason (also in `notes`).
    pub ignored: Vec<String>,
    /// One note per column of the file.
    pub notes: Vec<RoleNote>,
}

impl RoleAssignment {
    /// The same roles as an explicit request (to refit exactly the same model).
    pub fn to_request(&self) -> RoleRequest {
        RoleRequest {
            date: Some(self.date.clone()),
            kpi: Some(self.kpi.clone()),
            kpi_type: Some(self.kpi_type),
            media: Some(self.media.iter().map(|m| m.spend.clone()).collect()),
            exposure: self
                .media
                .iter()
                .filter_map(|m| {
                    m.exposure.as_ref().map(|e| ExposureRole {
                        spend: m.spend.clone(),
                        exposure: e.clone(),
                    })
                })
                .collect(),
            organic: Some(self.organic.clone()),
            controls: Some(self.controls.iter().map(|c| c.column.clone()).collect()),
            ignore: self.ignored.clone(),
        }
    }
}

/// Byte spans of a name's words: runs of letters and digits, split also where camelCase starts
/// a word (`TvSpend`, `facebookCost`, `TVSpend` -> TV, Spend); `GMV` stays one word.
fn word_spans(name: &str) -> Vec<(usize, usize)> {
    let chars: Vec<(usize, char)> = name.char_indices().collect();
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (k, &(at, c)) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if let Some(s) = start.take() {
                out.push((s, at));
            }
            continue;
        }
        let prev = k.checked_sub(1).map(|j| chars[j].1);
        let lower_at = |j: usize| chars.get(j).is_some_and(|&(_, n)| n.is_lowercase());
        // `TVSpend` -> TV, Spend; but `GRPs`, `IMPs` keep their plural `s`.
        let camel = c.is_uppercase()
            && prev.is_some_and(|p| {
                p.is_lowercase()
                    || p.is_ascii_digit()
                    || (p.is_uppercase() && lower_at(k + 1) && lower_at(k + 2))
            });
        match start {
            Some(s) if camel => {
                out.push((s, at));
                start = Some(at);
            }
            None => start = Some(at),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, name.len()));
    }
    // A spend word glued to a channel or media word (`tvspend`, `facebookcost`, `Mediakosten`).
    out.into_iter()
        .flat_map(|(a, b)| {
            let w = name[a..b].to_ascii_lowercase();
            // `tvspend2`: the number stays with the spend word.
            let core = w.trim_end_matches(|c: char| c.is_ascii_digit());
            let cut = GLUED_SPEND_WORDS.iter().find_map(|s| {
                let head = core.strip_suffix(s)?;
                (name.is_char_boundary(a + head.len())
                    && (CHANNEL_WORDS.contains(&head) || GENERAL_MEDIA_WORDS.contains(&head)))
                .then_some(a + head.len())
            });
            match cut {
                Some(c) => vec![(a, c), (c, b)],
                None => vec![(a, b)],
            }
        })
        .collect()
}

/// Lower-case name split into words: "Search_Clicks_P" -> ["search","clicks","p"], "TvSpend" ->
/// ["tv", "spend"].
pub(crate) fn tokens(name: &str) -> Vec<String> {
    word_spans(name)
        .into_iter()
        .map(|(a, b)| super::names::lowercase(&name[a..b]))
        .collect()
}

fn normalized(name: &str) -> String {
    tokens(name).join("_")
}

/// A KPI name said to be net (`net`, `excl`, `ex`; German `Nettoumsatz`).
fn is_net_name(name: &str) -> bool {
    name_has(name, &["net", "netto", "excl", "ex"])
        || tokens(name).iter().any(|t| t.starts_with("netto"))
}

/// A name that says net revenue and nothing else (`Net Revenue`, `Revenue (net)`, `net_sales`,
/// `Nettoumsatz`): not a growth rate, an estimate or one segment's (`net_revenue_yoy`,
/// `online_net_revenue`).
fn is_plain_net_revenue(name: &str) -> bool {
    let t = tokens(name);
    let revenue = |w: &str| REVENUE_WORDS.contains(&w);
    is_net_name(name)
        && t.iter().all(|w| {
            matches!(w.as_str(), "net" | "netto" | "total")
                || revenue(w)
                || w.strip_prefix("netto").is_some_and(revenue)
        })
}

/// Of KPI candidates, the only one said to be net ([`is_net_name`]), or the only candidate;
/// `None` when that does not single one out.
fn net_first(candidates: Vec<usize>, table: &Table) -> Option<usize> {
    if candidates.len() == 1 {
        return candidates.first().copied();
    }
    let net: Vec<usize> = candidates
        .into_iter()
        .filter(|&i| is_net_name(&table.columns[i]))
        .collect();
    (net.len() == 1).then(|| net[0])
}

fn is_spend_name(name: &str) -> bool {
    let t: Vec<String> = tokens(name)
        .iter()
        .map(|x| numbered(x).to_string())
        .collect();
    // `Investment`, `Investment (EUR)`; not `investment_climate`.
    if t.first()
        .is_some_and(|f| matches!(f.as_str(), "investment" | "investments" | "investissement"))
        && t[1..].iter().all(|w| UNIT_WORDS.contains(&w.as_str()))
    {
        return true;
    }
    if t.len() < 2 && !t.iter().any(|x| SPEND_WORDS.contains(&x.as_str())) {
        return false;
    }
    let last = t.last().map(String::as_str).unwrap_or("");
    // `_s` is Robyn's suffix; it must be a separate token after something.
    SPEND_SUFFIX.contains(&last)
        || t.first().is_some_and(|f| f == "spend" || f == "cost")
        || t.iter().any(|x| SPEND_WORDS.contains(&x.as_str()))
        || is_fee_name(&t)
}

/// A word without the number written onto it (`Spend2` in `TVSpend2` -> `spend`); short words
/// keep theirs (`s1` is not Robyn's `_s` suffix, `ga4` stays).
fn numbered(word: &str) -> &str {
    let bare = word.trim_end_matches(|c: char| c.is_ascii_digit());
    if bare.len() >= 4 { bare } else { word }
}

/// Fees and commissions paid for media: what a channel paid by fee or commission costs
/// ([`FEE_CHANNEL_WORDS`]: `affiliate_commission`, `influencer_fees`), or an agency's or the
/// media's fees (`agency_fees`, `media_fees`: spend-like, and not one channel's, so left out).
/// Other fees (`delivery_fee`, `amazon_fees`) are prices customers pay or amounts taken from
/// sales: not spend.
fn is_fee_name(t: &[String]) -> bool {
    t.iter().any(|x| FEE_WORDS.contains(&x.as_str()))
        && t.iter().any(|x| {
            FEE_CHANNEL_WORDS.contains(&x.as_str())
                || x == "agency"
                || GENERAL_MEDIA_WORDS.contains(&x.as_str())
        })
}

/// Named like a channel's own spend: like spend, and not competitors' spend, a total over
/// channels, a ratio or price of spend (`cost_per_click`, `spend_share_tv`), a business cost or
/// a derived copy ([`NOT_MEDIA_COST_WORDS`], `tv_spend_lag1`).
///
/// A ratio word does not count when the name ends in a spend word: `pay_per_click_spend`,
/// `share_chat_spend` and `rate_card_tv_spend` are channels' spend.
fn is_own_spend_name(name: &str) -> bool {
    let t = tokens(name);
    let ends_in_spend = t.len() > 1 && t.last().is_some_and(|l| SPEND_SUFFIX.contains(&l.as_str()));
    // Whose spend: people's (`customer_spend`, `government_spending`), time (`time_spent`), a
    // sales budget (`sales_budget`): none is a channel's.
    let others_spend = is_spenders_name(name);
    let time_spent = t.windows(2).any(|w| w[0] == "time" && w[1] == "spent");
    let sales_budget = t
        .iter()
        .any(|w| matches!(w.as_str(), "sales" | "revenue" | "turnover"))
        && t.iter().any(|w| w == "budget")
        && !t.iter().any(|w| SPEND_WORDS.contains(&w.as_str()));
    // `Cost / conv.` (Google Ads' cost per conversion): spend over something else, written with
    // a slash; not `Spend / week` (a time unit) nor `TV/Radio spend` (two channels' spend).
    let per_slash = name.split_once('/').is_some_and(|(before, after)| {
        let (b, a) = (tokens(before), tokens(after));
        b.iter().any(|w| SPEND_WORDS.contains(&numbered(w)))
            && a.iter().any(|w| PER_WHAT_WORDS.contains(&w.as_str()))
    });
    // Retail media (ads on a retailer's site, `retail_media_fees`) is a channel, not the media's
    // fees in general.
    let retail_media = t.windows(2).any(|w| w[0] == "retail" && w[1] == "media");
    let unnamed_fee = is_fee_name(&t)
        && !retail_media
        && !t.iter().any(|x| SPEND_WORDS.contains(&numbered(x)))
        && !t.iter().any(|x| FEE_CHANNEL_WORDS.contains(&x.as_str()));
    is_spend_name(name)
        && !others_spend
        && !time_spent
        && !per_slash
        && !unnamed_fee
        && !sales_budget
        && !is_competitor_like(name)
        && !is_total_spend_name(name)
        && !t.iter().any(|w| {
            (RATIO_WORDS.contains(&w.as_str()) && !ends_in_spend)
                || NOT_MEDIA_COST_WORDS.contains(&w.as_str())
                || (w.starts_with("lag") && w[3..].bytes().all(|b| b.is_ascii_digit()))
        })
}

/// Whether a name is people's spending: a spender and a spend word (`consumer_spending`).
fn is_spenders_name(name: &str) -> bool {
    let t = tokens(name);
    t.len() == 2
        && SPENDERS.contains(&t[0].as_str())
        && (SPEND_WORDS.contains(&t[1].as_str()) || t[1] == "budget")
}

/// The spend of all channels together: a spend name made only of total words, general media
/// words, spend words and units (`total_spend`, `media_spend`, `total_marketing_cost`, and a
/// bare `Spend` or `Investment (EUR)`; not `total_search_spend`). Such a column is a channel
/// unless it holds the other spend columns' sum (see `assign`).
fn is_total_spend_name(name: &str) -> bool {
    let t = tokens(name);
    let general =
        |w: &String| TOTAL_WORDS.contains(&w.as_str()) || GENERAL_MEDIA_WORDS.contains(&w.as_str());
    is_spend_name(name)
        && t.iter().all(|w| {
            general(w)
                || SPEND_SUFFIX.contains(&w.as_str())
                || SPEND_WORDS.contains(&w.as_str())
                || UNIT_WORDS.contains(&w.as_str())
        })
}

/// The channel name: the spend column without its spend-like suffix or prefix, original case.
pub fn channel_name(spend_column: &str) -> String {
    let spans = word_spans(spend_column);
    let word = |k: usize| super::names::lowercase(&spend_column[spans[k].0..spans[k].1]);
    let (mut first, mut last) = (0, spans.len());
    while last - first > 1
        && (SPEND_SUFFIX.contains(&word(last - 1).as_str())
            || SPEND_WORDS.contains(&word(last - 1).as_str())
            || FEE_WORDS.contains(&word(last - 1).as_str())
            || CHANNEL_UNIT_WORDS.contains(&word(last - 1).as_str()))
    {
        last -= 1;
    }
    // Meta's `Amount spent`: the amount goes with the spend word (`Meta Amount spent (USD)`).
    let spent = |k: usize| k < spans.len() && SPEND_WORDS.contains(&word(k).as_str());
    if last - first > 1 && word(last - 1) == "amount" && spent(last) {
        last -= 1;
    }
    while last - first > 1
        && (spent(first) || (word(first) == "amount" && first + 1 < last && spent(first + 1)))
    {
        first += 1;
    }
    // Nothing left, or only a word that names no channel (`Amount spent (EUR)` -> `Amount`,
    // `Total Cost` -> `Total`): the column's own name says more.
    if first == last
        || (last - first == 1
            && spans.len() > 1
            && matches!(
                word(first).as_str(),
                "amount"
                    | "total"
                    | "net"
                    | "gross"
                    | "ad"
                    | "ads"
                    | "media"
                    | "paid"
                    | "marketing"
            ))
    {
        return spend_column.trim().to_string();
    }
    // Words split by camelCase stay joined (`TikTokSpend` -> `TikTok`); others are joined by `_`.
    let mut out = String::new();
    for k in first..last {
        if k > first && spans[k].0 != spans[k - 1].1 {
            out.push('_');
        }
        out.push_str(&spend_column[spans[k].0..spans[k].1]);
    }
    out
}

/// The channel a name like `facebook_I` or `search_clicks_P` is exposure for, if it looks like one.
fn exposure_stem(name: &str) -> Option<String> {
    let mut t = tokens(name);
    let before = t.len();
    while t.len() > 1
        && t.last()
            .is_some_and(|l| EXPOSURE_SUFFIX.contains(&l.as_str()))
    {
        t.pop();
    }
    (t.len() < before).then(|| t.join("_"))
}

fn is_competitor_like(name: &str) -> bool {
    tokens(name)
        .iter()
        .any(|t| COMPETITOR_WORDS.contains(&t.as_str()))
}

fn is_kpi_like(name: &str) -> Option<KpiType> {
    let n = normalized(name);
    if is_competitor_like(name)
        || tokens(name)
            .iter()
            .any(|t| RATIO_WORDS.contains(&t.as_str()))
    {
        return None;
    }
    if REVENUE_NAMES.contains(&n.as_str()) {
        return Some(KpiType::Revenue);
    }
    if CONVERSION_NAMES.contains(&n.as_str()) {
        return Some(KpiType::Conversions);
    }
    if SECONDARY_KPI_NAMES.contains(&n.as_str()) {
        return Some(if n.starts_with("pipeline") {
            KpiType::Revenue
        } else {
            KpiType::Conversions
        });
    }
    let t = tokens(name);
    let sales_like = t
        .iter()
        .any(|x| REVENUE_WORDS.contains(&x.as_str()) || CONVERSION_NAMES.contains(&x.as_str()));
    // Money (`Sales Volume (EUR)`, `bookings_value`, `units_revenue`): revenue.
    if sales_like
        && (t.iter().any(|x| MONEY_WORDS.contains(&x.as_str()))
            || name.contains(['$', '€', '£', '¥']))
    {
        return Some(KpiType::Revenue);
    }
    // `sales_units`, `unit_sales`, `sales_volume`, `sales_kg`: sales counted, not money.
    if sales_like && t.iter().any(|x| COUNT_WORDS.contains(&x.as_str())) {
        return Some(KpiType::Conversions);
    }
    if t.iter().any(|x| REVENUE_WORDS.contains(&x.as_str())) {
        return Some(KpiType::Revenue);
    }
    if t.iter().any(|x| CONVERSION_NAMES.contains(&x.as_str())) {
        return Some(KpiType::Conversions);
    }
    None
}

fn is_organic_name(name: &str) -> bool {
    tokens(name)
        .iter()
        .any(|t| ORGANIC_WORDS.contains(&t.as_str()))
}

/// How a column's cells read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ColumnKind {
    /// Every cell is a number or missing, at least one number.
    Numeric,
    /// Every cell is a date.
    Date,
    /// Text naming a few categories (each mostly repeated), or named like events or promotions.
    Categorical,
    /// Text whose values are mostly different (notes, comments): no categories to model.
    FreeText,
    /// Text with more than [`MAX_LEVELS`] different values, mostly repeated.
    ManyLevels,
    /// Every cell is empty or a missing marker.
    Empty,
}

/// Largest number of levels a text column may have to be treated as categorical.
pub(crate) const MAX_LEVELS: usize = 24;

fn name_has(name: &str, words: &[&str]) -> bool {
    tokens(name).iter().any(|t| words.contains(&t.as_str()))
}

/// The text values of a column other than missing markers, with how often each occurs, in
/// order of first appearance; and how many cells are filled.
fn text_levels(table: &Table, index: usize) -> (Vec<(&str, usize)>, usize) {
    let mut levels: Vec<(&str, usize)> = Vec::new();
    let mut filled = 0;
    for c in table.column(index) {
        if is_missing_marker(c) {
            continue;
        }
        filled += 1;
        match levels.iter_mut().find(|(l, _)| *l == c) {
            Some((_, n)) => *n += 1,
            None => levels.push((c, 1)),
        }
    }
    (levels, filled)
}

pub(crate) fn column_kind(table: &Table, index: usize) -> ColumnKind {
    let mut any_number = false;
    let mut all_numeric = true;
    for r in 0..table.rows.len() {
        match table.cell(r, index) {
            Cell::Number(_) => any_number = true,
            Cell::Missing => {}
            Cell::Text => all_numeric = false,
        }
    }
    if all_numeric && any_number {
        // Days written as eight digits (`20240115`, Google Analytics): dates when every cell
        // is one and they run evenly or the column is named as a date.
        let eight = |c: &str| c.len() == 8 && c.bytes().all(|b| b.is_ascii_digit());
        if table
            .column(index)
            .all(|c| eight(c.trim()) || is_missing_marker(c))
            && let Ok(d) = dates::parse_column(&table.columns[index], table.column(index))
            && (dates::check_sequence(&d).is_ok()
                || name_has(&table.columns[index], &["date", "day", "ds"]))
        {
            return ColumnKind::Date;
        }
        return ColumnKind::Numeric;
    }
    if all_numeric {
        return ColumnKind::Empty;
    }
    if let Ok(mut d) = dates::parse_column(&table.columns[index], table.column(index)) {
        // A month or week label repeated over shorter rows (`2023-01` beside weekly dates) is
        // a category, as before such labels were read as dates, not a second date column.
        let n = d.len();
        d.sort();
        d.dedup();
        if d.len() == n || !table.column(index).any(|c| dates::period_only(c).is_some()) {
            return ColumnKind::Date;
        }
    }
    if mostly_number_like(table, index) {
        return ColumnKind::Numeric;
    }
    let name = &table.columns[index];
    let (levels, filled) = text_levels(table, index);
    let blank = usize::from(filled < table.rows.len());
    if name_has(name, FREE_TEXT_WORDS) {
        return ColumnKind::FreeText;
    }
    if levels.len() + blank > MAX_LEVELS {
        // Too many values to model one by one: free text unless mostly repeated.
        return if levels.len() * 2 > filled {
            ColumnKind::FreeText
        } else {
            ColumnKind::ManyLevels
        };
    }
    if name_has(name, CATEGORICAL_WORDS) {
        return ColumnKind::Categorical;
    }
    // Categories repeat; notes mostly do not.
    if levels.len() * 2 > filled {
        ColumnKind::FreeText
    } else {
        ColumnKind::Categorical
    }
}

/// At least half the cells are numbers: a numeric column with some bad cells, which validation
/// will point at, rather than a text column.
pub(crate) fn mostly_numeric(table: &Table, index: usize) -> bool {
    let numbers = (0..table.rows.len())
        .filter(|&r| matches!(table.cell(r, index), Cell::Number(_)))
        .count();
    numbers * 2 >= table.rows.len()
}

/// At least half the cells are numbers MixLens does not read, in a column that must not
/// silently become text: numbers with a thousands or millions letter (`38.9k`, `$1.2M`, `3 mio`)
/// or with words or signs around them (`MX$5,548.52`, `9.99 per unit`, `~5548`) whose number
/// has decimals or at least three digits (labels such as `Q1` or `Store 12` stay text). It is
/// treated as numeric, so a role that uses it refuses its first such cell with row and column.
fn mostly_number_like(table: &Table, index: usize) -> bool {
    let like = table
        .column(index)
        .filter(|c| {
            let t = c.trim();
            let lower = t.to_ascii_lowercase();
            let abbreviated = ["k", "m", "mm", "mn", "mio", "bn"].iter().any(|s| {
                lower
                    .strip_suffix(s)
                    .filter(|rest| rest.ends_with(|ch: char| ch.is_ascii_digit() || ch == ' '))
                    .and_then(|rest| super::numbers::readings(rest.trim_end()))
                    .is_some()
            });
            // The digits and separators between the first and the last digit.
            let inner = t
                .find(|ch: char| ch.is_ascii_digit())
                .zip(t.rfind(|ch: char| ch.is_ascii_digit()))
                .map_or("", |(a, b)| &t[a..=b]);
            let digits = inner.bytes().filter(u8::is_ascii_digit).count();
            // `Summer 2024` is a label with a year in it.
            let year = digits == 4 && (inner.starts_with("19") || inner.starts_with("20"));
            abbreviated
                || (super::numbers::readings(inner).is_some()
                    && (inner.contains(['.', ',']) || (digits >= 3 && !year)))
        })
        .count();
    like > 0 && like * 2 >= table.rows.len()
}

/// A warning for each text column that inference left out (free text, too many values), so the
/// user sees it was not used. Columns the caller chose to leave out get none.
pub(crate) fn text_warnings(table: &Table, roles: &RoleAssignment) -> Vec<Warning> {
    let mut out = Vec::new();
    let guessed: Vec<String> = roles
        .notes
        .iter()
        .filter(|n| n.role == ColumnRole::Media && !n.given && n.reason == MEDIA_BY_VALUES)
        .map(|n| format!("'{}'", n.column))
        .collect();
    // A control that moves with the KPI almost exactly: computed from it, or a driver so strong
    // (a price, the weather) that it leaves the media little; the analyst decides.
    if let Some(kpi) = table.index_of(&roles.kpi) {
        for n in &roles.notes {
            let Some(i) = table.index_of(&n.column) else {
                continue;
            };
            // Spend that follows sales: a commission per sale or a budget set as a share of
            // sales. Sales then cause the spend, and its ROI reads what the model cannot tell
            // apart from that.
            if n.role == ColumnRole::Media {
                if let Some(r) =
                    moves_with(table, i, kpi).filter(|r| *r > 0.0 && follows_sales(table, i, kpi))
                {
                    out.push(Warning::about(
                        WarningKind::SpendFollowsSales,
                        &n.column,
                        format!(
                            "'{}' moves with '{}' almost exactly (correlation {r:.2}): spend that follows sales, such as a commission per sale or a budget set as a share of sales? Then sales drive the spend as much as the spend drives sales, and its ROI cannot be read from these data; a lift test, or leaving it out, says more.",
                            n.column, roles.kpi
                        ),
                    ));
                }
                continue;
            }
            if n.role != ColumnRole::Control || n.given {
                continue;
            }
            if let Some(r) = moves_with(table, i, kpi) {
                out.push(Warning::about(
                    WarningKind::Other,
                    &n.column,
                    format!(
                        "'{}' moves with '{}' almost exactly (correlation {r:.2}). If it is computed from the KPI (profit, orders, a copy in another currency), leave it out: as a control it explains the KPI away and leaves the media nothing. If it is a true driver (a price, the weather), keep it; the media's returns rest on what it leaves.",
                        n.column, roles.kpi
                    ),
                ));
            }
        }
    }
    // Two channels whose spends move together: the sales data cannot split their returns.
    let media: Vec<(usize, &str)> = roles
        .notes
        .iter()
        .filter(|n| n.role == ColumnRole::Media)
        .filter_map(|n| Some((table.index_of(&n.column)?, n.column.as_str())))
        .collect();
    for (k, &(i, a)) in media.iter().enumerate() {
        for &(j, b) in &media[k + 1..] {
            if let Some((r, ..)) = co_movement(table, i, j).filter(|m| m.0 >= CHANNELS_TOGETHER) {
                out.push(Warning::about(
                    WarningKind::Other,
                    b,
                    format!(
                        "'{a}' and '{b}' move together (correlation {r:.2}): the data cannot tell their returns apart, so one may read high and the other low. Judge them together, or vary one without the other for a few weeks, or run a lift test of one."
                    ),
                ));
            }
        }
    }
    // A control that moves with a channel's spend takes its effect: a control computed from the
    // spend, or a season the channel follows (an outside check: a control equal to 3 + 0.01 ×
    // tv's spend left tv an ROI of 0 against a true 2.0, with no word of why).
    let controls = roles
        .notes
        .iter()
        .filter(|n| n.role == ColumnRole::Control)
        .filter_map(|n| Some((table.index_of(&n.column)?, n.column.as_str())));
    for (i, control) in controls {
        for &(j, channel) in &media {
            if let Some((r, ..)) =
                co_movement(table, i, j).filter(|m| m.0.abs() >= CHANNELS_TOGETHER)
            {
                out.push(Warning::about(
                    WarningKind::Other,
                    control,
                    format!(
                        "The control '{control}' moves with '{channel}' (correlation {r:.2}): the model cannot tell their effects apart, and the control may take the channel's. If it is computed from the spend or follows it, leave it out; if it truly drives sales, judge the channel's return with it in mind, or run a lift test of the channel."
                    ),
                ));
            }
        }
    }
    let by_channel: Vec<String> = roles
        .notes
        .iter()
        .filter(|n| n.role == ColumnRole::Media && !n.given && n.reason == MEDIA_BY_CHANNEL_NAME)
        .map(|n| format!("'{}'", n.column))
        .collect();
    if !by_channel.is_empty() {
        out.push(Warning::new(
            WarningKind::Other,
            format!(
                "{} {} named only by a media channel, not as spend, and taken as paid media spend because the values look like spend. Check that {}, and change the role if not (impressions or clicks belong beside their spend column, not in its place).",
                by_channel.join(", "),
                if by_channel.len() == 1 { "is" } else { "are" },
                if by_channel.len() == 1 { "it is spend in money" } else { "they are spend in money" },
            ),
        ));
    }
    if let Some((last, init)) = guessed.split_last() {
        let message = if init.is_empty() {
            format!(
                "No column is named like spend, so {last} was taken as paid media spend: its values look like spend. Check that it is paid media, and change its role if not."
            )
        } else {
            format!(
                "No column is named like spend, so {} and {last} were taken as paid media spend: their values look like spend. Check that they are paid media, and change any column's role if not.",
                init.join(", ")
            )
        };
        out.push(Warning::new(WarningKind::Other, message));
    }
    for note in &roles.notes {
        if note.role != ColumnRole::Ignored || note.given {
            continue;
        }
        let Some(i) = table.index_of(&note.column) else {
            continue;
        };
        let (levels, filled) = text_levels(table, i);
        let message = match column_kind(table, i) {
            ColumnKind::FreeText => format!(
                "'{}' holds free text ({} different values in {} filled cells), not categories, so it was left out of the model. If it marks events, write one short label per kind of event (for example 'promo') on every row it applies to, or choose it as a control.",
                note.column,
                levels.len(),
                filled
            ),
            ColumnKind::ManyLevels => format!(
                "'{}' has {} different text values, too many to model as categories (at most {MAX_LEVELS}), so it was left out of the model.",
                note.column,
                levels.len()
            ),
            _ => continue,
        };
        out.push(Warning::about(
            WarningKind::TextColumnIgnored,
            &note.column,
            message,
        ));
    }
    out
}

/// The reason given to a column taken as paid media for its values (no column named like spend).
/// Why a column named only by its media channel is taken as spend.
pub const MEDIA_BY_CHANNEL_NAME: &str = "its name is a media channel's and its values look like spend (never negative, varying, not a 0/1 event or a counter): check that it is paid media spend";

/// Whether the column never falls and rises in most rows: a running total (followers), not spend.
fn is_cumulative(table: &Table, index: usize) -> bool {
    let v = filled_numbers(table, index);
    let rises = v.windows(2).filter(|w| w[1] > w[0]).count();
    v.len() > 2 && v.windows(2).all(|w| w[1] >= w[0]) && rises * 2 > v.len()
}

/// Whether the column's typical positive value is within a factor of 100 of the spend columns'
/// (the median of their medians): a rate (0.027), a count of posts or impressions is not.
fn on_the_scale_of(table: &Table, index: usize, spend: &[usize]) -> bool {
    let typical = |i: usize| {
        let mut v = filled_numbers(table, i);
        v.retain(|&x| x > 0.0);
        v.sort_by(f64::total_cmp);
        v.get(v.len() / 2).copied()
    };
    let mut others: Vec<f64> = spend.iter().filter_map(|&i| typical(i)).collect();
    others.sort_by(f64::total_cmp);
    match (typical(index), others.get(others.len() / 2)) {
        (Some(t), Some(&m)) => t >= m / 100.0 && t <= m * 100.0,
        _ => false,
    }
}

/// The channel words of a name's words, also of two neighbours joined (`YouTube` splits into
/// you, tube by camelCase).
fn channel_words(t: &[String]) -> Vec<String> {
    t.iter()
        .cloned()
        .chain(t.windows(2).map(|w| w.concat()))
        .filter(|w| CHANNEL_WORDS.contains(&w.as_str()))
        .collect()
}

/// Whether two names share a channel word or its synonym.
fn same_channel(a: &str, b: &str) -> bool {
    let (ta, tb) = (tokens(a), tokens(b));
    let group = |w: &str| {
        CHANNEL_SYNONYMS
            .iter()
            .position(|g| g.contains(&w))
            .map_or_else(|| w.to_string(), |k| format!("#{k}"))
    };
    let words =
        |t: &[String]| -> Vec<String> { channel_words(t).iter().map(|w| group(w)).collect() };
    let wb = words(&tb);
    words(&ta).iter().any(|w| wb.contains(w))
}

/// A name made only of media channel words, with at least one channel (`affiliate`, `Meta
/// Ads`, `TikTok`): split camelCase words are joined back (`TikTok` -> `tiktok`).
fn is_channel_only_name(name: &str) -> bool {
    let t = tokens(name);
    (CHANNEL_WORDS.contains(&t.concat().as_str()) || made_of_channel_words(&t, |_| false))
        && exposure_stem(name).is_none()
        && !is_organic_name(name)
        && is_kpi_like(name).is_none()
}

/// Whether a name's words hold a channel word and are all channel words (also halves of one
/// split by camelCase, `Tik`, `Tok`), [`CHANNEL_EXTRA_WORDS`] or words `also` accepts.
fn made_of_channel_words(t: &[String], also: impl Fn(&str) -> bool) -> bool {
    let found = channel_words(t);
    !found.is_empty()
        && t.iter().all(|w| {
            also(w)
                || CHANNEL_WORDS.contains(&w.as_str())
                || CHANNEL_EXTRA_WORDS.contains(&w.as_str())
                || found.iter().any(|f| f.contains(w.as_str()))
        })
}

/// Why a column is taken as spend by its values when no column is named like spend.
pub const MEDIA_BY_VALUES: &str = "no column is named like spend, and its values look like spend (never negative, varying, not a 0/1 event, a counter or a calendar number): check that it is paid media";

/// Whether a numeric column's values look like spend: at least 8 numbers, none negative, not
/// all the same, not only 0 and 1 (an event), not a counter (integers rising by a constant
/// step), and not named like a calendar number, a price or an event (see [`NOT_SPEND_WORDS`]).
fn spend_like_by_values(table: &Table, index: usize) -> bool {
    let name = &table.columns[index];
    let words = tokens(name);
    let squashed = normalized(name).replace('_', "");
    if words.iter().any(|w| NOT_SPEND_WORDS.contains(&w.as_str()))
        || NOT_SPEND_WORDS.contains(&squashed.as_str())
        || is_kpi_like(name).is_some()
        || is_competitor_like(name)
        || is_organic_name(name)
        || exposure_stem(name).is_some()
    {
        return false;
    }
    let values = filled_numbers(table, index);
    if values.len() < 8 || values.iter().any(|&v| v < 0.0) {
        return false;
    }
    let (lo, hi) = values
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
            (a.min(v), b.max(v))
        });
    if hi - lo <= 0.0 {
        return false;
    }
    if values
        .iter()
        .all(|&v| v.abs() < 1e-12 || (v - 1.0).abs() < 1e-12)
    {
        return false;
    }
    !is_counter(&values)
}

/// Integers changing by one constant, non-zero step from row to row (at least three): a row
/// number, an index or a period counter, which is exactly a straight-line trend.
fn is_counter(values: &[f64]) -> bool {
    if values.len() < 3 || values.iter().any(|v| v.fract().abs() >= 1e-12) {
        return false;
    }
    let step = values[1] - values[0];
    step.abs() > 0.5
        && values
            .windows(2)
            .all(|w| (w[1] - w[0] - step).abs() <= 1e-9 * step.abs())
}

/// Whether every filled cell is 0 or 1: an event or flag (`sales_promo`), never a KPI.
fn is_indicator(table: &Table, index: usize) -> bool {
    filled_numbers(table, index)
        .iter()
        .all(|&v| v.abs() < 1e-12 || (v - 1.0).abs() < 1e-12)
}

/// The column's cells that are numbers, in row order (missing and text cells skipped).
fn filled_numbers(table: &Table, index: usize) -> Vec<f64> {
    (0..table.rows.len())
        .filter_map(|r| match table.cell(r, index) {
            Cell::Number(v) => Some(v),
            _ => None,
        })
        .collect()
}

/// Every cell of the column as a number, or `None` when one is missing or text.
fn all_numbers(table: &Table, index: usize) -> Option<Vec<f64>> {
    (0..table.rows.len())
        .map(|r| match table.cell(r, index) {
            Cell::Number(v) => Some(v),
            _ => None,
        })
        .collect()
}

/// A numeric column named like a calendar number whose every filled cell is a whole number.
fn is_calendar_number(table: &Table, index: usize) -> bool {
    let squashed: String = tokens(&table.columns[index]).concat();
    CALENDAR_NAMES.contains(&squashed.as_str()) && is_whole_numbers(table, index)
}

/// A column computed from sales: named with a [`DERIVED_WORDS`] word, or a rate or average of
/// a sales or conversions figure. Competitors' figures are controls.
fn is_derived_from_sales(name: &str) -> bool {
    let t = tokens(name);
    let sales = t.iter().any(|x| {
        x == "sales"
            || x == "revenue"
            || x == "order"
            || x == "orders"
            || CONVERSION_NAMES.contains(&x.as_str())
            || x == "conversion"
    });
    let tax_or_price = t
        .iter()
        .any(|x| matches!(x.as_str(), "tax" | "vat" | "price" | "prices" | "policy"));
    !is_competitor_like(name)
        && !tax_or_price
        && (t.iter().any(|x| DERIVED_WORDS.contains(&x.as_str()))
            || (sales && t.iter().any(|x| RATIO_WORDS.contains(&x.as_str()))))
}

/// Why a column computed from sales is left out.
pub const DERIVED_LEFT_OUT: &str = "it looks computed from sales (profit, margin, order value, returns, or a rate or average of a sales figure): as a control it would explain the KPI away and leave the media nothing, so it is left out; make it a control to use it anyway";

/// A column counting a channel's activity or the web traffic marketing drives.
fn is_mediator_name(name: &str) -> bool {
    let t = tokens(name);
    let has = |words: &[&str]| t.iter().any(|w| words.contains(&w.as_str()));
    let visits = ["visits", "visit", "visitors", "traffic"];
    // Visits named alone are a website's (`Visits`, `Unique visitors`); a store's say so.
    let alone = t
        .iter()
        .all(|w| visits.contains(&w.as_str()) || matches!(w.as_str(), "unique" | "new" | "total"));
    let activity = has(ACTIVITY_WORDS)
        && t.iter().all(|w| {
            ACTIVITY_WORDS.contains(&w.as_str()) || ACTIVITY_QUALIFIERS.contains(&w.as_str())
        });
    has(MEDIATOR_WORDS) || activity || (has(&visits) && (has(WEB_WORDS) || alone))
}

/// Why a column that marketing drives is left out.
pub const MEDIATOR_LEFT_OUT: &str = "it looks like marketing activity or its result (TV spots, posts, site visits, sessions, traffic, click rates or costs per click): as a control it would take the credit from the channels behind it, so it is left out; make it a control to use it anyway";

/// Correlation of two channels' spends at or above which their returns are said to be
/// inseparable (Robyn's users meet this as a high variance inflation factor).
const CHANNELS_TOGETHER: f64 = 0.9;

/// Correlation at or above which an inferred control is taken for a copy of the KPI.
pub(crate) const KPI_COPY_CORRELATION: f64 = 0.95;

/// The correlation of column `index` with the KPI when it is [`KPI_COPY_CORRELATION`] or more
/// in absolute value, over the rows where both are numbers (at least 8).
fn moves_with(table: &Table, index: usize, kpi: usize) -> Option<f64> {
    let (r, _, _) = co_movement(table, index, kpi)?;
    (r.abs() >= KPI_COPY_CORRELATION).then_some(r)
}

/// Whether spend column `index` is about a share of the KPI (a commission per sale, a budget set
/// as a share of sales): its line on the KPI, `spend ≈ a + b·KPI`, passes within
/// [`SHARE_OF_SALES_OFFSET`] of its mean spend from the origin. A channel that drives much of the
/// KPI moves with it as closely, but on a line offset by the baseline (`KPI = base + 2·spend`
/// gives `a = −base/2`); an outside check saw the note tell such a channel, read right at 2.14
/// against a true 2.0, that its ROI could not be read.
fn follows_sales(table: &Table, index: usize, kpi: usize) -> bool {
    share_of_sales(&number_pairs(table, index, kpi))
}

/// Whether spends paired with the KPI, `(spend, KPI)`, lie on a line through about the origin
/// (see [`follows_sales`]).
pub(crate) fn share_of_sales(pairs: &[(f64, f64)]) -> bool {
    let n = pairs.len() as f64;
    let (mx, my) = pairs
        .iter()
        .fold((0.0, 0.0), |(a, b), &(x, y)| (a + x / n, b + y / n));
    let (sxy, syy) = pairs.iter().fold((0.0, 0.0), |(a, b), &(x, y)| {
        (a + (x - mx) * (y - my), b + (y - my).powi(2))
    });
    let offset = mx - sxy / syy * my;
    offset.abs() <= SHARE_OF_SALES_OFFSET * mx.abs()
}

/// See [`follows_sales`].
const SHARE_OF_SALES_OFFSET: f64 = 0.25;

/// The rows' values of two columns where both are numbers.
fn number_pairs(table: &Table, a: usize, b: usize) -> Vec<(f64, f64)> {
    (0..table.rows.len())
        .filter_map(|r| match (table.cell(r, a), table.cell(r, b)) {
            (Cell::Number(x), Cell::Number(y)) => Some((x, y)),
            _ => None,
        })
        .collect()
}

/// Correlation of a column with the KPI over the rows where both are numbers, and the two
/// means (`None` under eight such rows).
fn co_movement(table: &Table, index: usize, kpi: usize) -> Option<(f64, f64, f64)> {
    correlation(&number_pairs(table, index, kpi))
}

/// Correlation of pairs and the two means (`None` under eight pairs).
pub(crate) fn correlation(pairs: &[(f64, f64)]) -> Option<(f64, f64, f64)> {
    if pairs.len() < 8 {
        return None;
    }
    let n = pairs.len() as f64;
    let (mx, my) = pairs
        .iter()
        .fold((0.0, 0.0), |(a, b), &(x, y)| (a + x / n, b + y / n));
    let (sxy, sxx, syy) = pairs.iter().fold((0.0, 0.0, 0.0), |(a, b, c), &(x, y)| {
        (
            a + (x - mx) * (y - my),
            b + (x - mx).powi(2),
            c + (y - my).powi(2),
        )
    });
    let r = sxy / (sxx * syy).sqrt();
    r.is_finite().then_some((r, mx, my))
}

/// A column that is an amount taken from sales: named like one ([`SALES_AMOUNT_WORDS`], not a
/// rate, share or price), between a thousandth and 60 % of the KPI on average, and moving with
/// it (correlation 0.5 or more). A tax rate, a flat delivery fee or a discount percentage is a
/// driver, not such an amount, and stays a control.
fn is_sales_amount(table: &Table, index: usize, kpi: usize) -> bool {
    let t = tokens(&table.columns[index]);
    // Also two words joined back (`MwSt` splits into mw, st by camelCase).
    let named = t
        .iter()
        .cloned()
        .chain(t.windows(2).map(|w| w.concat()))
        .any(|w| SALES_AMOUNT_WORDS.contains(&w.as_str()))
        && !t.iter().any(|w| {
            RATIO_WORDS.contains(&w.as_str())
                || matches!(
                    w.as_str(),
                    "pct" | "percent" | "policy" | "change" | "depth" | "days" | "time" | "level"
                )
        })
        && !table.columns[index].contains('%');
    // Shopify writes discounts and refunds as negative amounts.
    named
        && co_movement(table, index, kpi).is_some_and(|(r, mx, my)| {
            r * mx.signum() >= 0.5 && my > 0.0 && (0.001..=0.6).contains(&(mx.abs() / my))
        })
}

/// Why an amount taken from sales is left out.
pub const SALES_AMOUNT_LEFT_OUT: &str = "it looks like an amount taken from sales (taxes, shipping charges, tips, refunds, discounts or fees), moving with the KPI: as a control it would explain the KPI away and leave the media nothing, so it is left out; make it a control to use it anyway";

/// A flag of a channel's activity: channel words and a flag word only (`tv_on`, `search_active`,
/// `TV on air`); not an event that shares a channel's word (`social_distancing`,
/// `amazon_prime_day`).
fn is_channel_flag_name(name: &str) -> bool {
    let t = tokens(name);
    let flag = |w: &str| {
        matches!(
            w,
            "on" | "off" | "flag" | "active" | "live" | "running" | "dummy" | "air" | "onair"
        )
    };
    t.iter().any(|w| flag(w)) && made_of_channel_words(&t, flag)
}

/// Why a 0/1 flag of a channel's activity is left out.
pub const CHANNEL_FLAG_LEFT_OUT: &str = "a 0/1 flag named after a paid channel (when it is on): the channel's spend already says so, and as a control the flag would take the channel's credit, so it is left out; make it a control to use it anyway";

/// Whether every filled cell is a whole number.
fn is_whole_numbers(table: &Table, index: usize) -> bool {
    filled_numbers(table, index)
        .iter()
        .all(|v| v.fract().abs() < 1e-12)
}

/// Why pandas' row index (a blank-named first column, or `Unnamed: N`) is left out.
pub const INDEX_LEFT_OUT: &str = "a row index as pandas writes it (its header cell is blank or 'Unnamed'): row numbers say nothing of sales, so it is left out; make it a control to use it anyway";

/// Why a row counter is left out.
pub const COUNTER_LEFT_OUT: &str = "its values rise by the same step every row (a row number or index, such as the one pandas or a spreadsheet writes): the model's own trend already covers that, so it is left out; make it a control to use it anyway";
/// Why a calendar number is left out.
pub const CALENDAR_LEFT_OUT: &str = "a calendar number (year, quarter, month, week or day): the model has its own trend and yearly seasonality, and a calendar number used as a straight-line control would fight them, so it is left out; make it a control to use it anyway";

/// A column named like spend with cells that start like an amount but mostly do not read as
/// numbers (`38.9k`, `$25k`, or a few amounts among words): spend written in a way MixLens does
/// not read. It is taken as spend anyway, so that validation names its first cell that is not a
/// number, instead of the column silently becoming a text control or being left out. Labels
/// (`spend_tier` with `tier1`, `tier2`) do not start like an amount and stay text.
fn spend_written_oddly(table: &Table, index: usize, kind: ColumnKind) -> bool {
    let amount_like = |c: &str| {
        c.trim_start()
            .trim_start_matches(['$', '€', '£', '¥', '(', '-', '+', ' '])
            .starts_with(|ch: char| ch.is_ascii_digit())
    };
    let filled: Vec<&str> = table
        .column(index)
        .filter(|c| !is_missing_marker(c))
        .collect();
    let amounts = filled.iter().filter(|c| amount_like(c)).count();
    kind != ColumnKind::Date
        && is_own_spend_name(&table.columns[index])
        && amounts > 0
        && amounts * 2 >= filled.len()
}

/// Whether column `total` holds at least the sum of `parts` (less 1 %) in nine rows of ten with
/// spend: a total of those channels. False without parts.
fn adds_up(table: &Table, total: usize, parts: &[usize]) -> bool {
    let number = |r: usize, i: usize| match table.cell(r, i) {
        Cell::Number(v) => v,
        _ => 0.0,
    };
    let rows: Vec<(f64, f64)> = (0..table.rows.len())
        .map(|r| {
            (
                number(r, total),
                parts.iter().map(|&i| number(r, i)).sum::<f64>(),
            )
        })
        .filter(|&(_, sum)| sum > 0.0)
        .collect();
    !parts.is_empty()
        && !rows.is_empty()
        && rows.iter().filter(|&&(t, sum)| t >= 0.99 * sum).count() * 10 >= rows.len() * 9
}

/// Whether two spend names differ only by [`COPY_WORDS`]: one spend written twice, not two
/// sub-channels (`search_brand_spend`, `search_nonbrand_spend`).
fn copy_names(a: &str, b: &str) -> bool {
    let (ta, tb) = (tokens(a), tokens(b));
    ta.iter()
        .filter(|w| !tb.contains(w))
        .chain(tb.iter().filter(|w| !ta.contains(w)))
        .all(|w| COPY_WORDS.contains(&w.as_str()))
}

/// The constant `c` with `a = c·b` in every row (both zero, or both non-zero with ratios within
/// 0.1 % of each other; at least three such rows), if there is one.
fn proportion(a: &[f64], b: &[f64]) -> Option<f64> {
    let mut ratios = Vec::new();
    for (&x, &y) in a.iter().zip(b) {
        match (x == 0.0, y == 0.0) {
            (true, true) => {}
            (false, false) => ratios.push(x / y),
            _ => return None,
        }
    }
    let (lo, hi) = ratios
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &r| {
            (l.min(r), h.max(r))
        });
    (ratios.len() >= 3 && lo > 0.0 && hi <= lo * 1.001).then_some(0.5 * (lo + hi))
}

/// Spend columns among `columns` that repeat others: a copy of an earlier one (`TV Cost` beside
/// `tv_spend`), or in every row the sum of two others or of all the others (`digital_spend` =
/// search + social, `media_spend`). Each with the reason it is left out: taken as a channel, it
/// would count the same spend twice. Columns with a cell that is not a number are not compared.
fn repeated_spend(table: &Table, columns: &[usize]) -> Vec<(usize, String)> {
    let values: Vec<Option<Vec<f64>>> = columns
        .iter()
        .map(|&i| {
            (0..table.rows.len())
                .map(|r| match table.cell(r, i) {
                    Cell::Number(v) => Some(v),
                    Cell::Missing => Some(0.0),
                    Cell::Text => None,
                })
                .collect()
        })
        .collect();
    let same = |a: &[f64], b: &[f64]| {
        a.iter().any(|&x| x != 0.0)
            && a.iter()
                .zip(b)
                .all(|(&x, &y)| (x - y).abs() <= 1e-6 * x.abs().max(y.abs()).max(1e-9))
    };
    let name = |k: usize| format!("'{}'", table.columns[columns[k]]);
    let mut out: Vec<(usize, String)> = Vec::new();
    let left = |k: usize, out: &[(usize, String)]| out.iter().all(|(c, _)| *c != columns[k]);
    for k in 0..columns.len() {
        let Some(v) = &values[k] else { continue };
        let others: Vec<usize> = (0..columns.len())
            .filter(|&j| j != k && values[j].is_some() && left(j, &out))
            .collect();
        let sum = |js: &[usize]| -> Vec<f64> {
            (0..v.len())
                .map(|r| {
                    js.iter()
                        .map(|&j| values[j].as_ref().map_or(0.0, |w| w[r]))
                        .sum()
                })
                .collect()
        };
        let why = if let Some(&j) = others.iter().find(|&&j| j < k && same(v, &sum(&[j]))) {
            Some(format!("it repeats {} in every row", name(j)))
        } else if let Some((j, c)) = others.iter().find_map(|&j| {
            let w = values[j].as_ref()?;
            (j < k && copy_names(&table.columns[columns[j]], &table.columns[columns[k]]))
                .then(|| proportion(v, w))
                .flatten()
                .map(|c| (j, c))
        }) {
            Some(format!(
                "it is {} times {} in every row (the same spend net or gross, or in another currency)",
                crate::numbers::number(c),
                name(j)
            ))
        } else if let Some((a, b)) = others
            .iter()
            .enumerate()
            .flat_map(|(x, &a)| others[x + 1..].iter().map(move |&b| (a, b)))
            .find(|&(a, b)| same(v, &sum(&[a, b])))
        {
            Some(format!(
                "it is the sum of {} and {} in every row",
                name(a),
                name(b)
            ))
        } else if others.len() > 2 && same(v, &sum(&others)) {
            Some("it is the sum of the other spend columns in every row".to_string())
        } else {
            None
        };
        if let Some(why) = why {
            out.push((
                columns[k],
                format!("{why}: left out, so that the same spend is not counted twice"),
            ));
        }
    }
    out
}

/// Why no column could be taken as the KPI: one named like a KPI whose cells are all empty, or
/// that the caller gave another role ([`Error::EmptyKpiColumn`], [`Error::KpiColumnTaken`]);
/// else that no column is named like one ([`Error::NoKpiColumn`]).
/// `given_date`: the date column the caller chose, if any (a KPI-named column chosen as the
/// dates is named so).
fn no_kpi(
    table: &Table,
    role: &[Option<ColumnRole>],
    kinds: &[ColumnKind],
    given_date: Option<usize>,
) -> Error {
    let named: Vec<usize> = (0..table.columns.len())
        .filter(|&i| {
            let n = normalized(&table.columns[i]);
            REVENUE_NAMES.contains(&n.as_str()) || CONVERSION_NAMES.contains(&n.as_str())
        })
        .collect();
    if let Some(&i) = named
        .iter()
        .find(|&&i| role[i].is_none() && kinds[i] == ColumnKind::Empty)
    {
        return Error::EmptyKpiColumn {
            column: table.columns[i].clone(),
        };
    }
    // Roles the caller gave (an inferred date is not among them).
    named
        .iter()
        .find_map(|&i| {
            let r = role[i].filter(|&r| {
                r != ColumnRole::Kpi && (r != ColumnRole::Date || given_date == Some(i))
            })?;
            Some(Error::KpiColumnTaken {
                column: table.columns[i].clone(),
                role: r,
            })
        })
        .unwrap_or(Error::NoKpiColumn)
}

/// Decide every column's role.
///
/// # Errors
/// [`Error::UnknownColumn`] for a named column that does not exist, [`Error::RoleConflict`] for
/// a column given two roles, [`Error::NoDateColumn`], [`Error::NoKpiColumn`],
/// [`Error::NoMediaColumns`] when nothing suitable is found, [`Error::ExposureWithoutSpend`].
pub fn assign(table: &Table, req: &RoleRequest) -> Result<RoleAssignment> {
    let ncol = table.columns.len();
    let mut role: Vec<Option<ColumnRole>> = vec![None; ncol];
    let mut notes: Vec<Option<RoleNote>> = vec![None; ncol];
    let kinds: Vec<ColumnKind> = (0..ncol).map(|i| column_kind(table, i)).collect();
    // Columns matched by name are taken when mostly numeric, so a typo in one cell is reported
    // by validation instead of silently dropping the column.
    let numeric: Vec<bool> = (0..ncol)
        .map(|i| kinds[i] == ColumnKind::Numeric || mostly_numeric(table, i))
        .collect();

    let find = |role_name: &str, col: &str| -> Result<usize> {
        table.index_of(col).ok_or_else(|| Error::UnknownColumn {
            role: role_name.to_string(),
            column: col.trim().to_string(),
            available: table.column_list(),
        })
    };
    let mut claim = |idx: usize,
                     r: ColumnRole,
                     given: bool,
                     reason: String,
                     role: &mut Vec<Option<ColumnRole>>|
     -> Result<()> {
        if let Some(prev) = role[idx] {
            if prev == r {
                return Ok(());
            }
            return Err(Error::RoleConflict {
                column: table.columns[idx].clone(),
                first: prev.as_str().to_string(),
                second: r.as_str().to_string(),
            });
        }
        role[idx] = Some(r);
        notes[idx] = Some(RoleNote {
            column: table.columns[idx].clone(),
            role: r,
            given,
            reason,
        });
        Ok(())
    };

    // Explicit roles first, so inference never takes a column the caller placed.
    for c in &req.ignore {
        let i = find("ignored", c)?;
        claim(
            i,
            ColumnRole::Ignored,
            true,
            "you chose to leave it out".into(),
            &mut role,
        )?;
    }
    let given_date = req.date.as_deref().and_then(|c| table.index_of(c));
    let date_idx = match &req.date {
        Some(c) => {
            let i = find("date", c)?;
            claim(i, ColumnRole::Date, true, "you chose it".into(), &mut role)?;
            Some(i)
        }
        None => None,
    };
    let kpi_idx = match &req.kpi {
        Some(c) => {
            let i = find("KPI", c)?;
            claim(i, ColumnRole::Kpi, true, "you chose it".into(), &mut role)?;
            Some(i)
        }
        None => None,
    };
    let mut media_idx: Vec<usize> = Vec::new();
    if let Some(list) = &req.media {
        for c in list {
            let i = find("media spend", c)?;
            claim(i, ColumnRole::Media, true, "you chose it".into(), &mut role)?;
            if !media_idx.contains(&i) {
                media_idx.push(i);
            }
        }
    }
    let mut exposure_of: Vec<(usize, usize)> = Vec::new(); // (spend idx, exposure idx)
    for e in &req.exposure {
        let s = find("media spend", &e.spend)?;
        let x = find("exposure", &e.exposure)?;
        if req.media.is_some() && !media_idx.contains(&s) {
            return Err(Error::ExposureWithoutSpend {
                channel: e.spend.clone(),
                exposure: e.exposure.clone(),
                available: media_idx
                    .iter()
                    .map(|&i| format!("'{}'", table.columns[i]))
                    .collect::<Vec<_>>()
                    .join(", "),
            });
        }
        claim(
            x,
            ColumnRole::Exposure,
            true,
            format!("you chose it as the exposure of '{}'", e.spend),
            &mut role,
        )?;
        exposure_of.push((s, x));
    }
    let mut organic_idx: Vec<usize> = Vec::new();
    if let Some(list) = &req.organic {
        for c in list {
            let i = find("organic", c)?;
            claim(
                i,
                ColumnRole::Organic,
                true,
                "you chose it".into(),
                &mut role,
            )?;
            if !organic_idx.contains(&i) {
                organic_idx.push(i);
            }
        }
    }
    let mut control_idx: Vec<usize> = Vec::new();
    if let Some(list) = &req.controls {
        for c in list {
            let i = find("control", c)?;
            claim(
                i,
                ColumnRole::Control,
                true,
                "you chose it".into(),
                &mut role,
            )?;
            if !control_idx.contains(&i) {
                control_idx.push(i);
            }
        }
    }

    // Date: of several date columns of a kind, one named as the period's start before one
    // named as its end (Meta's `Reporting starts` beside `Reporting ends`, in either order).
    let date_idx = match date_idx {
        Some(i) => i,
        None => {
            let period_end = |i: &usize| {
                name_has(
                    &table.columns[*i],
                    &["end", "ends", "ending", "to", "until"],
                ) || normalized(&table.columns[*i]).contains("ending")
            };
            let first = |ok: &dyn Fn(usize) -> bool| {
                let mut found = (0..ncol).filter(|&i| role[i].is_none() && ok(i));
                let head = found.next();
                head.filter(|i| !period_end(i))
                    .or_else(|| found.find(|i| !period_end(i)))
                    .or(head)
            };
            let by_name = first(&|i| {
                DATE_NAMES.contains(&normalized(&table.columns[i]).as_str())
                    && kinds[i] == ColumnKind::Date
            });
            let by_name_contains = first(&|i| {
                tokens(&table.columns[i])
                    .iter()
                    .any(|t| t == "date" || t == "week")
                    && kinds[i] == ColumnKind::Date
            });
            let by_value = first(&|i| kinds[i] == ColumnKind::Date);
            let (i, reason) = match (by_name, by_name_contains, by_value) {
                (Some(i), _, _) => (
                    i,
                    "its name is a usual date column name and every cell is a date",
                ),
                (None, Some(i), _) => (i, "its name mentions a date and every cell is a date"),
                (None, None, Some(i)) => (i, "every cell is a date"),
                _ => {
                    // A date-like name whose cells do not all read as dates: report the bad cell.
                    if let Some(i) = (0..ncol).find(|&i| {
                        role[i].is_none()
                            && DATE_NAMES.contains(&normalized(&table.columns[i]).as_str())
                    }) {
                        dates::parse_column(&table.columns[i], table.column(i))
                            .map_err(|e| table.renumber_dates(e))?;
                    }
                    // The column of dates, given another role by the caller.
                    if let Some(e) = (0..ncol).find_map(|i| {
                        let r = role[i].filter(|&r| r != ColumnRole::Kpi)?;
                        (kinds[i] == ColumnKind::Date
                            || DATE_NAMES.contains(&normalized(&table.columns[i]).as_str()))
                        .then(|| Error::DateColumnTaken {
                            column: table.columns[i].clone(),
                            role: r,
                        })
                    }) {
                        return Err(e);
                    }
                    return Err(Error::NoDateColumn);
                }
            };
            claim(i, ColumnRole::Date, false, reason.into(), &mut role)?;
            i
        }
    };

    // KPI.
    let (kpi_idx, kpi_type) = match kpi_idx {
        Some(i) => (
            i,
            req.kpi_type
                .or_else(|| is_kpi_like(&table.columns[i]))
                .unwrap_or_default(),
        ),
        None => {
            // Net before gross (`net_sales` beside `gross_sales`, Shopify's export).
            let exact: Vec<usize> = (0..ncol)
                .filter(|&i| {
                    role[i].is_none()
                        && numeric[i]
                        && REVENUE_NAMES.contains(&normalized(&table.columns[i]).as_str())
                })
                .collect();
            let exact_revenue = net_first(exact.clone(), table).or(exact.first().copied());
            let exact_conv = (0..ncol).find(|&i| {
                role[i].is_none()
                    && numeric[i]
                    && CONVERSION_NAMES.contains(&normalized(&table.columns[i]).as_str())
            });
            // Columns named like a KPI of one kind, not a target, plan or past copy of one.
            let like = |kind: KpiType| -> Vec<usize> {
                (0..ncol)
                    .filter(|&i| {
                        let name = &table.columns[i];
                        role[i].is_none()
                            && numeric[i]
                            && is_kpi_like(name) == Some(kind)
                            && !is_spend_name(name)
                            && !name_has(name, KPI_VARIANT_WORDS)
                            && !name_has(name, &["tax", "vat", "growth"])
                            && !is_indicator(table, i)
                            && !is_derived_from_sales(name)
                            && !SECONDARY_KPI_NAMES.contains(&normalized(name).as_str())
                    })
                    .collect()
            };
            // Funnel steps and secondary counts, only when nothing else names the KPI.
            let secondary = SECONDARY_KPI_NAMES.iter().find_map(|&k| {
                (0..ncol).find(|&i| {
                    role[i].is_none() && numeric[i] && normalized(&table.columns[i]) == k
                })
            });
            // Revenue before conversions (`revenue_eur` beside `orders`: ROI in money); among
            // several revenue columns with no plain name, net of the others if one says so
            // (`net_revenue`, `revenue_excl_vat`), else the analyst chooses.
            let (like_revenue, like_conv) = (like(KpiType::Revenue), like(KpiType::Conversions));
            let ambiguous = |candidates: &[usize]| Error::AmbiguousKpi {
                columns: candidates
                    .iter()
                    .map(|&i| format!("'{}'", table.columns[i]))
                    .collect::<Vec<_>>()
                    .join(", "),
            };
            // A KPI type asked for limits the candidates to that kind.
            let wants_conversions = req.kpi_type == Some(KpiType::Conversions);
            // A net figure named otherwise (`Net Revenue`, `Nettoumsatz`) before a plain
            // `revenue`: ROI on gross revenue would be inflated by the taxes and returns.
            let mut all_revenue = exact.clone();
            all_revenue.extend(like_revenue.iter().filter(|i| !exact.contains(i)));
            let plain_net: Vec<usize> = all_revenue
                .iter()
                .copied()
                .filter(|&i| is_plain_net_revenue(&table.columns[i]))
                .collect();
            let net_revenue = (all_revenue.len() > 1 && plain_net.len() == 1).then(|| plain_net[0]);
            let revenue = match net_revenue.or(exact_revenue) {
                _ if wants_conversions => None,
                Some(i) => Some(i),
                None if like_revenue.len() > 1 => Some(
                    net_first(like_revenue.clone(), table)
                        .ok_or_else(|| ambiguous(&like_revenue))?,
                ),
                None => like_revenue.first().copied(),
            };
            let conversions = match exact_conv {
                Some(i) => Some(i),
                None if revenue.is_none() && like_conv.len() > 1 => {
                    return Err(ambiguous(&like_conv));
                }
                None => like_conv.first().copied(),
            };
            // A column named exactly like a KPI whose cells do not all read: taken, so that
            // validation names its first cell that is not a number.
            let named_unread = (0..ncol).find(|&i| {
                let n = normalized(&table.columns[i]);
                role[i].is_none()
                    && !matches!(kinds[i], ColumnKind::Date | ColumnKind::Empty)
                    && (REVENUE_NAMES.contains(&n.as_str())
                        || CONVERSION_NAMES.contains(&n.as_str()))
            });
            let i = revenue
                .or(conversions)
                .or(secondary)
                .or(named_unread)
                .ok_or_else(|| no_kpi(table, &role, &kinds, given_date))?;
            let t = req
                .kpi_type
                .or_else(|| is_kpi_like(&table.columns[i]))
                .unwrap_or_default();
            let generic = req.kpi_type.is_none()
                && GENERIC_KPI_NAMES.contains(&normalized(&table.columns[i]).as_str());
            let reason = match t {
                KpiType::Revenue if generic => {
                    "its name marks the model's outcome; it is read as revenue (ROI is revenue per unit of spend): if it counts conversions or units, set the KPI type to conversions"
                }
                KpiType::Revenue => {
                    "its name says revenue or sales; ROI is revenue per unit of spend"
                }
                KpiType::Conversions => {
                    "its name says conversions or orders; the model reports cost per acquisition (CPA)"
                }
            };
            // Several revenue columns (`revenue` beside `Net sales`): say which were passed
            // over, and whether the one taken was taken as the net figure.
            let passed: Vec<String> = if net_revenue == Some(i) {
                &all_revenue
            } else {
                &exact
            }
            .iter()
            .filter(|&&j| j != i)
            .map(|&j| format!("'{}'", table.columns[j]))
            .collect();
            let reason = if passed.is_empty() || req.kpi_type == Some(KpiType::Conversions) {
                reason.to_string()
            } else {
                format!(
                    "{reason}; taken {} over {} (choose another KPI if that is the one)",
                    if is_net_name(&table.columns[i]) {
                        "as the net figure"
                    } else {
                        "as the KPI"
                    },
                    passed.join(", ")
                )
            };
            claim(i, ColumnRole::Kpi, false, reason, &mut role)?;
            (i, t)
        }
    };

    // Paid media spend.
    if req.media.is_none() {
        let named = |i: usize, own: fn(&str) -> bool| {
            role[i].is_none()
                && (numeric[i] || spend_written_oddly(table, i, kinds[i]))
                && own(&table.columns[i])
        };
        // One channel's spend columns, and the columns named like the spend of all media
        // (`ad_spend`, `total_media_spend`): such a column is a channel unless it holds at
        // least the other spend columns' sum in most rows (then it is their total, left out).
        let mut by_name: Vec<usize> = (0..ncol).filter(|&i| named(i, is_own_spend_name)).collect();
        let totals: Vec<usize> = (0..ncol)
            .filter(|&i| named(i, is_total_spend_name))
            .filter(|&i| !adds_up(table, i, &by_name))
            .collect();
        by_name.extend(totals);
        by_name.sort_unstable();
        let mut reason = "its name says spend or cost";
        // Beside spend-named columns, a column named only by its channel (`affiliate`, `Meta
        // Ads`, `paid_social`) whose values look like spend is spend too (warned); not one named
        // like a spend column's channel (`tv` beside `tv_spend`: its GRPs, say).
        let channel_of = |i: usize| tokens(&channel_name(&table.columns[i])).concat();
        let by_channel: Vec<usize> = if by_name.is_empty() {
            Vec::new()
        } else {
            (0..ncol)
                .filter(|&i| {
                    role[i].is_none()
                        && numeric[i]
                        && !by_name.contains(&i)
                        && is_channel_only_name(&table.columns[i])
                        && !by_name.iter().any(|&s| {
                            channel_of(s) == channel_of(i)
                                || same_channel(&table.columns[s], &table.columns[i])
                        })
                        && spend_like_by_values(table, i)
                        && !is_cumulative(table, i)
                        && on_the_scale_of(table, i, &by_name)
                })
                .collect()
        };
        if by_name.is_empty() {
            // No column is named like spend: take the columns whose values look like spend.
            by_name = (0..ncol)
                .filter(|&i| role[i].is_none() && numeric[i] && spend_like_by_values(table, i))
                .collect();
            reason = MEDIA_BY_VALUES;
        }
        let mut candidates: Vec<usize> = by_name.iter().chain(&by_channel).copied().collect();
        candidates.sort_unstable();
        let repeated = repeated_spend(table, &candidates);
        for i in candidates {
            let why = if by_channel.contains(&i) {
                MEDIA_BY_CHANNEL_NAME
            } else {
                reason
            };
            match repeated.iter().find(|(r, _)| *r == i) {
                Some((_, left)) => claim(i, ColumnRole::Ignored, false, left.clone(), &mut role)?,
                None => {
                    claim(i, ColumnRole::Media, false, why.into(), &mut role)?;
                    media_idx.push(i);
                }
            }
        }
        if media_idx.is_empty() {
            return Err(Error::NoMediaColumns);
        }
        // Exposure columns whose stem matches a channel.
        for i in 0..ncol {
            if role[i].is_some() || !numeric[i] {
                continue;
            }
            let Some(stem) = exposure_stem(&table.columns[i]) else {
                continue;
            };
            if let Some(&s) = media_idx.iter().find(|&&s| {
                normalized(&channel_name(&table.columns[s])).replace('_', "")
                    == stem.replace('_', "")
            }) {
                if exposure_of.iter().any(|&(sp, _)| sp == s) {
                    continue;
                }
                claim(
                    i,
                    ColumnRole::Exposure,
                    false,
                    format!(
                        "its name looks like impressions or clicks of '{}'",
                        table.columns[s]
                    ),
                    &mut role,
                )?;
                exposure_of.push((s, i));
            }
        }
    }
    if media_idx.is_empty() {
        return Err(Error::NoMediaColumns);
    }

    // Organic.
    if req.organic.is_none() {
        for i in 0..ncol {
            if role[i].is_none() && numeric[i] && is_organic_name(&table.columns[i]) {
                claim(
                    i,
                    ColumnRole::Organic,
                    false,
                    "its name says organic, newsletter, email or similar unpaid activity".into(),
                    &mut role,
                )?;
                organic_idx.push(i);
            }
        }
    }

    // Controls: what is left and usable.
    if req.controls.is_none() {
        for i in 0..ncol {
            if role[i].is_some() {
                continue;
            }
            let name = &table.columns[i];
            let kind = if numeric[i] {
                ColumnKind::Numeric
            } else {
                kinds[i]
            };
            match kind {
                ColumnKind::Numeric
                    if is_kpi_like(name).is_some()
                        && !is_competitor_like(name)
                        && !is_indicator(table, i) =>
                {
                    claim(
                        i,
                        ColumnRole::Ignored,
                        false,
                        "it looks like another KPI, which must not explain the KPI".into(),
                        &mut role,
                    )?;
                }
                ColumnKind::Numeric if is_competitor_like(name) => {
                    claim(
                        i,
                        ColumnRole::Control,
                        false,
                        "its name says competitors or the market: treated as a control".into(),
                        &mut role,
                    )?;
                    control_idx.push(i);
                }
                ColumnKind::Numeric if is_spenders_name(name) => {
                    claim(
                        i,
                        ColumnRole::Control,
                        false,
                        "people's or the economy's spending (consumers, households, government): not media, a control".into(),
                        &mut role,
                    )?;
                    control_idx.push(i);
                }
                ColumnKind::Numeric if is_spend_name(name) => {
                    claim(
                        i,
                        ColumnRole::Ignored,
                        false,
                        "it is named like spend but is not one paid channel's own spend (a total over channels; a share, rate or price of spend; a business cost such as shipping; a lagged or coded copy; or a spend column left out of the paid media): left out; make it a paid channel or a control to use it".into(),
                        &mut role,
                    )?;
                }
                ColumnKind::Numeric
                    if exposure_stem(name).is_some() && !is_competitor_like(name) =>
                {
                    claim(i, ColumnRole::Ignored, false, "it looks like impressions or clicks but matches no spend column; make it organic or give its spend column".into(), &mut role)?;
                }
                ColumnKind::Numeric if is_derived_from_sales(name) && !is_indicator(table, i) => {
                    claim(
                        i,
                        ColumnRole::Ignored,
                        false,
                        DERIVED_LEFT_OUT.into(),
                        &mut role,
                    )?;
                }
                ColumnKind::Numeric
                    if kpi_type == KpiType::Revenue
                        && !is_indicator(table, i)
                        && is_sales_amount(table, i, kpi_idx) =>
                {
                    claim(
                        i,
                        ColumnRole::Ignored,
                        false,
                        SALES_AMOUNT_LEFT_OUT.into(),
                        &mut role,
                    )?;
                }
                ColumnKind::Numeric
                    if is_indicator(table, i)
                        && is_channel_flag_name(name)
                        && media_idx
                            .iter()
                            .any(|&m| same_channel(name, &table.columns[m])) =>
                {
                    claim(
                        i,
                        ColumnRole::Ignored,
                        false,
                        CHANNEL_FLAG_LEFT_OUT.into(),
                        &mut role,
                    )?;
                }
                ColumnKind::Numeric if is_mediator_name(name) && !is_indicator(table, i) => {
                    claim(
                        i,
                        ColumnRole::Ignored,
                        false,
                        MEDIATOR_LEFT_OUT.into(),
                        &mut role,
                    )?;
                }
                ColumnKind::Numeric
                    if tokens(name).first().is_some_and(|w| w == "unnamed")
                        && is_whole_numbers(table, i) =>
                {
                    claim(
                        i,
                        ColumnRole::Ignored,
                        false,
                        INDEX_LEFT_OUT.into(),
                        &mut role,
                    )?;
                }
                ColumnKind::Numeric
                    if is_channel_only_name(name)
                        && media_idx
                            .iter()
                            .any(|&s| same_channel(&table.columns[s], name)) =>
                {
                    let channel = media_idx
                        .iter()
                        .find(|&&s| same_channel(&table.columns[s], name))
                        .map_or(String::new(), |&s| table.columns[s].clone());
                    claim(
                        i,
                        ColumnRole::Ignored,
                        false,
                        format!(
                            "it is named like the channel of '{channel}' without saying spend: its impressions, clicks or GRPs? As a control it would take that channel's credit, so it is left out; make it the channel's exposure (or a control) to use it"
                        ),
                        &mut role,
                    )?;
                }
                ColumnKind::Numeric if is_calendar_number(table, i) => {
                    claim(
                        i,
                        ColumnRole::Ignored,
                        false,
                        CALENDAR_LEFT_OUT.into(),
                        &mut role,
                    )?;
                }
                ColumnKind::Numeric if all_numbers(table, i).is_some_and(|v| is_counter(&v)) => {
                    claim(
                        i,
                        ColumnRole::Ignored,
                        false,
                        COUNTER_LEFT_OUT.into(),
                        &mut role,
                    )?;
                }
                ColumnKind::Numeric => {
                    claim(
                        i,
                        ColumnRole::Control,
                        false,
                        "a numeric column that is not spend, KPI or date: treated as a control"
                            .into(),
                        &mut role,
                    )?;
                    control_idx.push(i);
                }
                ColumnKind::Categorical => {
                    claim(
                        i,
                        ColumnRole::Control,
                        false,
                        "a text column with few distinct values: one 0/1 control per value".into(),
                        &mut role,
                    )?;
                    control_idx.push(i);
                }
                ColumnKind::Date => {
                    claim(
                        i,
                        ColumnRole::Ignored,
                        false,
                        "a second date column".into(),
                        &mut role,
                    )?;
                }
                ColumnKind::FreeText => {
                    claim(
                        i,
                        ColumnRole::Ignored,
                        false,
                        "free text: most of its values differ, so there are no categories to model"
                            .into(),
                        &mut role,
                    )?;
                }
                ColumnKind::ManyLevels => {
                    claim(
                        i,
                        ColumnRole::Ignored,
                        false,
                        format!("text with more than {MAX_LEVELS} different values"),
                        &mut role,
                    )?;
                }
                ColumnKind::Empty => {
                    claim(
                        i,
                        ColumnRole::Ignored,
                        false,
                        "every cell is empty".into(),
                        &mut role,
                    )?;
                }
            }
        }
    }
    for i in 0..ncol {
        if role[i].is_none() {
            claim(
                i,
                ColumnRole::Ignored,
                false,
                "not chosen for any role".into(),
                &mut role,
            )?;
        }
    }

    let media = media_idx
        .iter()
        .map(|&s| MediaRole {
            name: channel_name(&table.columns[s]),
            spend: table.columns[s].clone(),
            exposure: exposure_of
                .iter()
                .find(|&&(sp, _)| sp == s)
                .map(|&(_, x)| table.columns[x].clone()),
        })
        .collect::<Vec<_>>();
    // Channel names must be unique; fall back to the column name when two collapse together.
    let media = media
        .iter()
        .map(|m| {
            let clash = media.iter().filter(|o| o.name == m.name).count() > 1;
            MediaRole {
                name: if clash {
                    m.spend.clone()
                } else {
                    m.name.clone()
                },
                ..m.clone()
            }
        })
        .collect();

    Ok(RoleAssignment {
        date: table.columns[date_idx].clone(),
        kpi: table.columns[kpi_idx].clone(),
        kpi_type,
        media,
        organic: organic_idx
            .iter()
            .map(|&i| table.columns[i].clone())
            .collect(),
        controls: control_idx
            .iter()
            .map(|&i| ControlRole {
                column: table.columns[i].clone(),
                categorical: !numeric[i]
                    && matches!(
                        kinds[i],
                        ColumnKind::Categorical | ColumnKind::FreeText | ColumnKind::ManyLevels
                    ),
            })
            .collect(),
        ignored: (0..ncol)
            .filter(|&i| role[i] == Some(ColumnRole::Ignored))
            .map(|i| table.columns[i].clone())
            .collect(),
        notes: notes.into_iter().flatten().collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(s: &str) -> Table {
        Table::parse(s).unwrap()
    }

    /// Fees and commissions for a channel are its spend; an agency's fees, a cost per
    /// conversion written with a slash and click rates or costs per click are left out; a price
    /// customers pay (`delivery_fee`) stays a control; a number written onto the spend word
    /// (`TVSpend2`) still says spend.
    #[test]
    fn fees_ratios_and_numbered_spend_words() {
        let mut csv = String::from(
            "date,revenue,tv_spend,affiliate_commission,influencer_fees,agency_fees,delivery_fee,Cost / conv.,CPC,CTR,TVSpend2\n",
        );
        for k in 0..12u32 {
            csv.push_str(&format!(
                "2024-01-{:02},{},{},{},{},{},{},{},{},{},{}\n",
                k + 1,
                1000 + 37 * k,
                100 + 13 * (k % 5),
                20 + 3 * (k % 4),
                30 + 7 * (k % 3),
                15 + 2 * (k % 5),
                4 + k % 2,
                10 + k % 7,
                1 + k % 3,
                k % 4,
                50 + 11 * (k % 6),
            ));
        }
        let a = assign(&table(&csv), &RoleRequest::default()).unwrap();
        assert!(
            !text_warnings(&table(&csv), &a)
                .iter()
                .any(|w| w.message.contains("spend that follows sales"))
        );
        let media: Vec<(&str, &str)> = a
            .media
            .iter()
            .map(|m| (m.name.as_str(), m.spend.as_str()))
            .collect();
        assert_eq!(
            media,
            [
                ("tv", "tv_spend"),
                ("affiliate", "affiliate_commission"),
                ("influencer", "influencer_fees"),
                ("TVSpend2", "TVSpend2"),
            ]
        );
        let controls: Vec<&str> = a.controls.iter().map(|c| c.column.as_str()).collect();
        assert_eq!(controls, ["delivery_fee"]);
        let note = |c: &str| a.notes.iter().find(|n| n.column == c).unwrap();
        assert!(is_own_spend_name("retail_media_fees"));
        assert_eq!(channel_name("retail_media_fees"), "retail_media");
        assert!(!is_own_spend_name("media_fees"));
        for c in ["agency_fees", "Cost / conv."] {
            assert_eq!(note(c).role, ColumnRole::Ignored, "{c}");
            assert!(
                note(c).reason.starts_with("it is named like spend but"),
                "{c}"
            );
        }
        assert_eq!(note("CPC").reason, MEDIATOR_LEFT_OUT);
        assert_eq!(note("CTR").reason, MEDIATOR_LEFT_OUT);
        // A spend figure per time unit is still spend.
        assert!(is_own_spend_name("Spend / week"));
        assert!(is_own_spend_name("TV/Radio spend"));
        assert!(!is_own_spend_name("Cost / conv."));
        assert!(!is_own_spend_name("Spend/Revenue"));
        assert_eq!(numbered("s1"), "s1");
        assert_eq!(numbered("Spend2"), "Spend");
    }

    /// Found by an outside probe of real exports: amounts taken from sales, other KPIs, bare
    /// activity figures, glued and foreign spend words, platforms, prices, channel flags.
    #[test]
    fn exports_columns_get_their_roles() {
        // Words alone.
        assert_eq!(tokens("tvspend"), ["tv", "spend"]);
        assert_eq!(tokens("Mediakosten"), ["media", "kosten"]);
        assert_eq!(tokens("spending"), ["spending"]);
        assert_eq!(channel_name("facebookcost"), "facebook");
        assert_eq!(channel_name("search_cost_micros"), "search");
        assert_eq!(channel_name("Amount spent (EUR)"), "Amount spent (EUR)");
        // Meta's 'Amount spent' goes as one spend phrase; an amount alone is the channel's.
        assert_eq!(channel_name("Meta Amount spent (USD)"), "Meta");
        assert_eq!(channel_name("Amount spent - Pinterest"), "Pinterest");
        assert_eq!(channel_name("Amount Spent"), "Amount Spent");
        assert_eq!(channel_name("tv_amount_spend"), "tv");
        assert_eq!(channel_name("coupon_amount_cost"), "coupon");
        assert_eq!(channel_name("print_amount"), "print_amount");
        assert_eq!(channel_name("Total Cost"), "Total Cost");
        for n in ["Investment (EUR)", "adspend", "Werbekosten"] {
            assert!(is_spend_name(n), "{n}");
        }
        for n in ["unit_cost", "fuel_cost", "card_spend_yoy"] {
            assert!(!is_own_spend_name(n), "{n}");
        }
        for n in [
            "Impressions",
            "Impr.",
            "Clicks",
            "Reach",
            "GRPs",
            "Users",
            "Visits",
        ] {
            assert!(is_mediator_name(n), "{n}");
        }
        assert!(!is_mediator_name("Store visits"));
        for n in ["Results", "Key events", "Add to carts", "Quantity", "Calls"] {
            assert_eq!(is_kpi_like(n), Some(KpiType::Conversions), "{n}");
        }
        assert_eq!(is_kpi_like("chiffre_affaires"), Some(KpiType::Revenue));
        for n in ["DV360", "Performance Max", "Microsoft Ads", "Criteo"] {
            assert!(is_channel_only_name(n), "{n}");
        }
        // Values: a tax amount moves with revenue, a tax rate and a flat fee do not.
        let mut csv = String::from(
            "date,revenue,tv_spend,search_spend,vat,MwSt,vat_rate,delivery_fee,Discounts,discount_pct,tv_on,DV360\n",
        );
        for k in 0..20u32 {
            let revenue = 10_000 + 700 * (k % 7) + 300 * (k % 3);
            let tv = if k % 4 == 0 { 0 } else { 900 + 50 * (k % 5) };
            csv.push_str(&format!(
                "2024-01-{:02},{revenue},{tv},{},{},{},{},{},{},{},{},{}\n",
                k + 1,
                700 + 40 * (k % 6),
                revenue * 19 / 100 + k % 3,
                revenue * 7 / 100,
                19 + k % 2,
                5 + k % 3,
                revenue / 20 + 5 * (k % 4),
                10 + k % 5,
                u32::from(tv > 0),
                600 + 30 * (k % 5),
            ));
        }
        let a = assign(&table(&csv), &RoleRequest::default()).unwrap();
        let note = |c: &str| a.notes.iter().find(|n| n.column == c).unwrap();
        for c in ["vat", "MwSt", "Discounts"] {
            assert_eq!(note(c).reason, SALES_AMOUNT_LEFT_OUT, "{c}");
        }
        assert_eq!(note("tv_on").reason, CHANNEL_FLAG_LEFT_OUT);
        // No spend column here follows revenue: no warning says so.
        assert!(
            !text_warnings(&table(&csv), &a)
                .iter()
                .any(|w| w.message.contains("spend that follows sales"))
        );
        let controls: Vec<&str> = a.controls.iter().map(|c| c.column.as_str()).collect();
        assert_eq!(controls, ["vat_rate", "delivery_fee", "discount_pct"]);
        let media: Vec<&str> = a.media.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(media, ["tv", "search", "DV360"]);
    }

    /// Two channels whose spends move together (correlation 0.98 in an outside check) are
    /// named together; channels that vary apart are not.
    #[test]
    fn channels_whose_spends_move_together_are_named() {
        let mut csv = String::from("date,revenue,tv_spend,social_spend,display_spend\n");
        for k in 0..20u32 {
            let social = 1000 + 100 * (k % 6) + 37 * (k % 4);
            csv.push_str(&format!(
                "2024-01-{:02},{},{},{social},{}\n",
                k + 1,
                10_000 + 300 * (k % 5),
                900 + 50 * (k % 3),
                social / 3 + k % 2,
            ));
        }
        let t = table(&csv);
        let a = assign(&t, &RoleRequest::default()).unwrap();
        let w: Vec<Warning> = text_warnings(&t, &a)
            .into_iter()
            .filter(|w| w.message.contains("move together"))
            .collect();
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(w[0].subject.as_deref(), Some("display_spend"));
        assert!(
            w[0].message
                .starts_with("'social_spend' and 'display_spend' move together (correlation 1.00)"),
            "{}",
            w[0].message
        );
    }

    /// A commission paid as a share of sales moves with the KPI: the warning says the spend
    /// follows sales.
    #[test]
    fn spend_that_follows_sales_is_named() {
        let mut csv = String::from("date,revenue,tv_spend,affiliate_commission\n");
        for k in 0..20u32 {
            let revenue = 10_000 + 700 * (k % 7) + 300 * (k % 3);
            csv.push_str(&format!(
                "2024-01-{:02},{revenue},{},{}\n",
                k + 1,
                900 + 50 * (k % 5),
                revenue / 20 + k % 2,
            ));
        }
        let t = table(&csv);
        let a = assign(&t, &RoleRequest::default()).unwrap();
        let w: Vec<Warning> = text_warnings(&t, &a)
            .into_iter()
            .filter(|w| w.kind == WarningKind::SpendFollowsSales)
            .collect();
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(w[0].subject.as_deref(), Some("affiliate_commission"));
        assert!(
            w[0].message.starts_with(
                "'affiliate_commission' moves with 'revenue' almost exactly (correlation 1.00)"
            ),
            "{}",
            w[0].message
        );
    }

    /// A channel that drives most of the KPI moves with it as closely as a commission does, but
    /// its spend is no share of sales (the KPI has a baseline of its own): no note.
    #[test]
    fn a_channel_that_drives_the_kpi_is_not_taken_for_spend_that_follows_sales() {
        let mut csv = String::from("date,revenue,tv_spend\n");
        for k in 0..20u32 {
            let tv = 100 * (k % 7) + 40 * (k % 3);
            // revenue = 1,000 + 2 × tv, give or take 5: correlation above 0.99.
            csv.push_str(&format!(
                "2024-01-{:02},{},{tv}\n",
                k + 1,
                1000 + 2 * tv + 5 * (k % 2)
            ));
        }
        let t = table(&csv);
        let a = assign(&t, &RoleRequest::default()).unwrap();
        let tv = t.index_of("tv_spend").unwrap();
        assert!(moves_with(&t, tv, t.index_of("revenue").unwrap()).unwrap() > 0.99);
        let w = text_warnings(&t, &a);
        assert!(
            w.iter().all(|w| !w.message.contains("follows sales")),
            "{w:?}"
        );
    }

    /// A control that moves with a channel's spend is named with it; one that does not is not.
    #[test]
    fn a_control_that_moves_with_a_channel_is_named() {
        let mut csv = String::from("date,revenue,tv_spend,search_spend,temperature,price\n");
        for k in 0..20u32 {
            let tv = 100 * (k % 7) + 40 * (k % 3);
            csv.push_str(&format!(
                "2024-01-{:02},{},{tv},{},{},{}\n",
                k + 1,
                5000 + 2 * tv + 300 * (k % 4),
                200 + 30 * (k % 5),
                3.0 + 0.01 * f64::from(tv),
                10 + k % 3,
            ));
        }
        let t = table(&csv);
        let a = assign(&t, &RoleRequest::default()).unwrap();
        let w: Vec<Warning> = text_warnings(&t, &a)
            .into_iter()
            .filter(|w| w.message.starts_with("The control"))
            .collect();
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(w[0].subject.as_deref(), Some("temperature"));
        assert!(
            w[0].message
                .starts_with("The control 'temperature' moves with 'tv_spend' (correlation 1.00)"),
            "{}",
            w[0].message
        );
    }

    /// A review's misfires of the export rules: funnel steps are not the KPI while the KPI is
    /// there, events sharing a channel's word are not its flag, a slash inside a channel's
    /// spend name is not a ratio, marketplace fees are not media.
    #[test]
    fn export_rules_do_not_misfire() {
        let kpi_of = |header: &str| {
            let cols = header.split(',').count();
            let mut csv = format!("date,{header},tv_spend\n");
            for k in 0..12u32 {
                let cells: Vec<String> = (0..cols)
                    .map(|c| (100 + 7 * k + c as u32).to_string())
                    .collect();
                csv.push_str(&format!(
                    "2024-01-{:02},{},{}\n",
                    k + 1,
                    cells.join(","),
                    50 + k % 3
                ));
            }
            assign(&table(&csv), &RoleRequest::default()).unwrap().kpi
        };
        assert_eq!(kpi_of("Add to carts,Checkouts,Purchases"), "Purchases");
        assert_eq!(kpi_of("Results,Purchases"), "Purchases");
        assert_eq!(kpi_of("calls,leads"), "leads");
        assert_eq!(kpi_of("quantity,orders"), "orders");
        assert_eq!(kpi_of("pipeline,revenue"), "revenue");
        assert_eq!(kpi_of("revenue,Net sales"), "Net sales");
        // A net figure named otherwise beside a plain revenue (gross: ROI 1.2 times too high).
        for (header, net) in [
            ("revenue,net_revenue", "net_revenue"),
            ("Revenue,Revenue (net)", "Revenue (net)"),
            ("sales,net_revenue", "net_revenue"),
            ("Sales,Net Revenue", "Net Revenue"),
            ("Umsatz,Nettoumsatz", "Nettoumsatz"),
            ("Total Revenue,Net Revenue", "Net Revenue"),
            ("revenue,Total Revenue,Net Revenue", "Net Revenue"),
        ] {
            assert_eq!(kpi_of(header), net, "{header}");
        }
        // A growth rate, an estimate or a segment named with `net` is not the net total.
        for header in [
            "revenue,net_revenue_yoy",
            "revenue,net_revenue_est",
            "revenue,online_net_revenue",
        ] {
            assert_eq!(kpi_of(header), "revenue", "{header}");
        }
        let t = table(
            "date,revenue,Total Revenue,Net Revenue,tv_spend\n2024-01-01,10,10,9,1\n2024-01-08,12,12,11,2\n",
        );
        let a = assign(&t, &RoleRequest::default()).unwrap();
        let kpi = a.notes.iter().find(|n| n.column == "Net Revenue").unwrap();
        assert!(
            kpi.reason.ends_with(
                "taken as the net figure over 'revenue', 'Total Revenue' (choose another KPI if that is the one)"
            ),
            "{}",
            kpi.reason
        );
        let t = table("date,revenue,Net sales,tv_spend\n2024-01-01,10,9,1\n2024-01-08,12,11,2\n");
        let a = assign(&t, &RoleRequest::default()).unwrap();
        let kpi = a.notes.iter().find(|n| n.column == "Net sales").unwrap();
        assert!(
            kpi.reason.ends_with(
                "taken as the net figure over 'revenue' (choose another KPI if that is the one)"
            ),
            "{}",
            kpi.reason
        );
        assert_eq!(kpi_of("Add to carts,Checkouts"), "Checkouts");
        assert_eq!(kpi_of("Results"), "Results");
        assert_eq!(is_kpi_like("rep_calls"), None);
        assert!(is_channel_flag_name("tv_on"));
        assert!(is_channel_flag_name("TV on air"));
        for n in [
            "social_distancing",
            "amazon_prime_day",
            "press_release",
            "holiday_shopping",
        ] {
            assert!(!is_channel_flag_name(n), "{n}");
        }
        for n in [
            "Social Spend FB/IG",
            "TV Spend (Linear/Connected)",
            "TV Kosten/Woche",
            "TV Spend/mo",
        ] {
            assert!(is_own_spend_name(n), "{n}");
        }
        assert!(!is_own_spend_name("Spend/Click"));
        for n in ["amazon_fees", "google_play_fees", "investment_climate"] {
            assert!(!is_spend_name(n), "{n}");
        }
        assert!(is_own_spend_name("partner_commission"));
        assert!(!is_mediator_name("rain_frequency"));
        assert!(is_mediator_name("Clicks (all)"));
        assert_eq!(tokens("tvspend2"), ["tv", "spend2"]);
        assert!(same_channel("SEA", "search_spend"));
    }

    /// A bare `Spend` or `Investment (EUR)` holding the channels' sum is their total, left out
    /// (it counted the spend twice); one that does not is a channel.
    #[test]
    fn a_bare_spend_column_holding_the_sum_is_a_total() {
        let roles = |extra: &str, value: &dyn Fn(u32, u32) -> u32| {
            let mut csv = format!("date,revenue,tv_spend,search_spend,{extra}\n");
            for k in 0..12u32 {
                let (tv, search) = (100 + 9 * (k % 4), 50 + 7 * (k % 3));
                csv.push_str(&format!(
                    "2024-01-{:02},{},{tv},{search},{}\n",
                    k + 1,
                    1000 + 31 * k,
                    value(tv, search)
                ));
            }
            assign(&table(&csv), &RoleRequest::default()).unwrap()
        };
        for name in ["Spend", "Investment (EUR)"] {
            let a = roles(name, &|tv, search| tv + search);
            let media: Vec<&str> = a.media.iter().map(|m| m.spend.as_str()).collect();
            assert_eq!(media, ["tv_spend", "search_spend"], "{name}");
            let note = a.notes.iter().find(|n| n.column == name).unwrap();
            assert_eq!(note.role, ColumnRole::Ignored, "{name}");
        }
        let a = roles("Spend", &|tv, _| 30 + tv % 7);
        let media: Vec<&str> = a.media.iter().map(|m| m.spend.as_str()).collect();
        assert_eq!(media, ["tv_spend", "search_spend", "Spend"]);
    }

    #[test]
    fn channel_names_drop_spend_suffixes() {
        assert_eq!(channel_name("tv_S"), "tv");
        assert_eq!(channel_name("Facebook Spend"), "Facebook");
        assert_eq!(channel_name("paid_search_spend"), "paid_search");
        assert_eq!(channel_name("spend_radio"), "radio");
        assert_eq!(channel_name("spend"), "spend");
    }

    #[test]
    fn spend_names_are_recognised_and_others_are_not() {
        for n in [
            "tv_S",
            "tv_spend",
            "Search Cost",
            "cost_display",
            "ooh_costs",
        ] {
            assert!(is_spend_name(n), "{n}");
        }
        for n in [
            "sales",
            "revenue",
            "competitor_sales_B",
            "events",
            "newsletter",
            "facebook_I",
            "s",
        ] {
            assert!(!is_spend_name(n), "{n}");
        }
    }

    #[test]
    fn infers_robyn_demo_roles() {
        let t = table(
            "\"DATE\",\"revenue\",\"tv_S\",\"ooh_S\",\"print_S\",\"facebook_I\",\"search_clicks_P\",\"search_S\",\"competitor_sales_B\",\"facebook_S\",\"events\",\"newsletter\"\n\
             2015-11-23,2754371,22358,0,12728,24301280,0,0,8125009,7607,na,19401\n\
             2015-11-30,2584277,28613,0,0,5527034,9837,4133,7901549,1141,na,14791\n\
             2015-12-07,2547387,0,132278,453,16651590,12044,3786,8300962,4256,event2,14544\n\
             2015-12-14,2875220,83450,0,17680,10549770,12268,4253,8122546,2800,na,2800\n",
        );
        let a = assign(&t, &RoleRequest::default()).unwrap();
        assert_eq!(a.date, "DATE");
        assert_eq!(a.kpi, "revenue");
        assert_eq!(a.kpi_type, KpiType::Revenue);
        let names: Vec<&str> = a.media.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, vec!["tv", "ooh", "print", "search", "facebook"]);
        let fb = a.media.iter().find(|m| m.name == "facebook").unwrap();
        assert_eq!(fb.exposure.as_deref(), Some("facebook_I"));
        let se = a.media.iter().find(|m| m.name == "search").unwrap();
        assert_eq!(se.exposure.as_deref(), Some("search_clicks_P"));
        assert_eq!(a.organic, vec!["newsletter"]);
        assert_eq!(
            a.controls,
            vec![
                ControlRole {
                    column: "competitor_sales_B".into(),
                    categorical: false
                },
                ControlRole {
                    column: "events".into(),
                    categorical: true
                }
            ]
        );
        assert_eq!(a.notes.len(), t.columns.len());
    }

    /// PyMC-Marketing's example file: no column is named like spend; x1 and x2 are taken by
    /// their values, the events, the day of the year and the counter t are not; the events are
    /// controls, the day of the year and t are left out (the model has its own seasonality and
    /// trend).
    #[test]
    fn pymc_example_columns_are_taken_as_media_by_their_values() {
        let t = table(include_str!("../../tests/data/pymc_mmm_example.csv"));
        let a = assign(&t, &RoleRequest::default()).unwrap();
        assert_eq!(a.kpi, "y");
        let media: Vec<&str> = a.media.iter().map(|m| m.spend.as_str()).collect();
        assert_eq!(media, vec!["x1", "x2"]);
        let controls: Vec<&str> = a.controls.iter().map(|c| c.column.as_str()).collect();
        assert_eq!(controls, vec!["event_1", "event_2"]);
        let reason = |c: &str| {
            a.notes
                .iter()
                .find(|n| n.column == c)
                .unwrap()
                .reason
                .as_str()
        };
        assert_eq!(reason("dayofyear"), CALENDAR_LEFT_OUT);
        assert_eq!(reason("t"), COUNTER_LEFT_OUT);
        let note = a.notes.iter().find(|n| n.column == "x2").unwrap();
        assert_eq!(note.reason, MEDIA_BY_VALUES);
        let w = text_warnings(&t, &a);
        assert_eq!(w.len(), 1);
        assert_eq!(
            w[0].message,
            "No column is named like spend, so 'x1' and 'x2' were taken as paid media spend: their values look like spend. Check that they are paid media, and change any column's role if not."
        );
    }

    #[test]
    fn values_alone_do_not_make_events_counters_or_prices_spend() {
        let mut csv = String::from("date,sales,promo_flag,t,price,temp\n");
        for k in 0..10i32 {
            csv.push_str(&format!(
                "2024-01-{:02},{},{},{k},{}.5,{}\n",
                k + 1,
                100 + k,
                k % 2,
                3 + k % 3,
                k - 3
            ));
        }
        assert_eq!(
            assign(&table(&csv), &RoleRequest::default()),
            Err(Error::NoMediaColumns)
        );
    }

    #[test]
    fn explicit_roles_win_over_inference() {
        let t = table("week,sales,a,b,c\n2024-01-01,1,2,3,4\n2024-01-08,2,3,4,5\n");
        let req = RoleRequest {
            media: Some(vec!["a".into(), "b".into()]),
            controls: Some(vec![]),
            ..Default::default()
        };
        let a = assign(&t, &req).unwrap();
        assert_eq!(a.media.len(), 2);
        assert!(a.controls.is_empty());
        assert_eq!(a.ignored, vec!["c"]);
    }

    #[test]
    fn unknown_column_lists_what_exists() {
        let t = table("date,revenue,tv_spend\n2024-01-01,1,2\n2024-01-08,2,3\n");
        let req = RoleRequest {
            media: Some(vec!["radio_spend".into()]),
            ..Default::default()
        };
        assert_eq!(
            assign(&t, &req).unwrap_err(),
            Error::UnknownColumn {
                role: "media spend".into(),
                column: "radio_spend".into(),
                available: "'date', 'revenue', 'tv_spend'".into()
            }
        );
    }

    /// Fuzz case csv-6690: a column listed twice made two channels of one name, which loaded
    /// but failed the data check when the model was reopened.
    #[test]
    fn a_column_listed_twice_in_a_role_is_taken_once() {
        let t = table("date,revenue,tv_spend,news\n2024-01-01,1,2,3\n2024-01-08,2,3,4\n");
        let req = RoleRequest {
            media: Some(vec!["tv_spend".into(), "tv_spend".into()]),
            organic: Some(vec!["news".into(), "news".into()]),
            controls: Some(vec![]),
            ..Default::default()
        };
        let a = assign(&t, &req).unwrap();
        assert_eq!(a.media.len(), 1);
        assert_eq!(a.organic.len(), 1);
    }

    #[test]
    fn a_column_cannot_have_two_roles() {
        let t = table("date,revenue,tv_spend\n2024-01-01,1,2\n2024-01-08,2,3\n");
        let req = RoleRequest {
            media: Some(vec!["tv_spend".into()]),
            controls: Some(vec!["tv_spend".into()]),
            ..Default::default()
        };
        assert_eq!(
            assign(&t, &req).unwrap_err(),
            Error::RoleConflict {
                column: "tv_spend".into(),
                first: "media".into(),
                second: "control".into()
            }
        );
    }

    #[test]
    fn ratios_are_not_the_kpi() {
        // Meridian's column names: the KPI is the count, not the revenue per conversion.
        let t = table(
            "time,Channel0_impression,Channel0_spend,conversions,revenue_per_conversion,avg_sales\n\
             2024-01-01,10,1,5,0.02,3\n2024-01-08,20,2,6,0.03,4\n",
        );
        let a = assign(&t, &RoleRequest::default()).unwrap();
        assert_eq!(
            (a.kpi.as_str(), a.kpi_type),
            ("conversions", KpiType::Conversions)
        );
        assert_eq!(a.media.len(), 1);
        assert_eq!(a.media[0].spend, "Channel0_spend");
        assert_eq!(a.media[0].exposure.as_deref(), Some("Channel0_impression"));
        // Nor are they controls: computed from sales, they would explain the KPI away.
        assert_eq!(a.controls, []);
        assert_eq!(a.ignored, ["revenue_per_conversion", "avg_sales"]);
    }

    #[test]
    fn conversions_kpi_is_recognised() {
        let t = table("date,orders,tv_spend\n2024-01-01,1,2\n2024-01-08,2,3\n");
        let a = assign(&t, &RoleRequest::default()).unwrap();
        assert_eq!(
            (a.kpi.as_str(), a.kpi_type),
            ("orders", KpiType::Conversions)
        );
    }

    /// Sales counted in units are conversions (the model then reports cost per unit); a KPI
    /// named only as the outcome (`kpi`, `y`) is read as revenue and its reason says so.
    #[test]
    fn unit_sales_are_conversions_and_a_generic_kpi_name_says_what_it_assumed() {
        for name in [
            "sales_units",
            "unit_sales",
            "Sales Volume",
            "sales_qty",
            "units_sold",
            "sales_kg",
            "sales_vol",
        ] {
            let t = table(&format!(
                "date,{name},tv_spend\n2024-01-01,1,2\n2024-01-08,2,3\n"
            ));
            let a = assign(&t, &RoleRequest::default()).unwrap();
            assert_eq!((a.kpi.as_str(), a.kpi_type), (name, KpiType::Conversions));
        }
        // Money, whatever else the name says.
        for name in [
            "Sales Volume (EUR)",
            "sales_volume_usd",
            "Unit Sales ($)",
            "bookings_value",
            "units_revenue",
        ] {
            let t = table(&format!(
                "date,{name},tv_spend\n2024-01-01,1,2\n2024-01-08,2,3\n"
            ));
            let a = assign(&t, &RoleRequest::default()).unwrap();
            assert_eq!((a.kpi.as_str(), a.kpi_type), (name, KpiType::Revenue));
        }
        for (name, generic) in [
            ("revenue", false),
            ("net_sales", false),
            ("kpi", true),
            ("y", true),
        ] {
            let t = table(&format!(
                "date,{name},tv_spend\n2024-01-01,1,2\n2024-01-08,2,3\n"
            ));
            let a = assign(&t, &RoleRequest::default()).unwrap();
            assert_eq!(a.kpi_type, KpiType::Revenue);
            let note = a.notes.iter().find(|n| n.column == name).unwrap();
            assert_eq!(
                note.reason.contains("its name says revenue"),
                !generic,
                "{name}"
            );
            assert_eq!(
                note.reason.contains("set the KPI type to conversions"),
                generic,
                "{name}"
            );
        }
    }

    /// A text column named like spend whose cells are labels, not amounts (`spend_bucket`:
    /// `tier1`), stays a text column (a control); one whose cells start like amounts is taken as
    /// spend (and refused at load).
    #[test]
    fn spend_labels_stay_text_and_spend_with_units_is_spend() {
        let rows = |column: &str, cells: [&str; 6]| {
            let mut s = format!("date,revenue,tv_spend,{column}\n");
            let dates = ["01-01", "01-08", "01-15", "01-22", "01-29", "02-05"];
            for (w, (c, d)) in cells.iter().zip(dates).enumerate() {
                s += &format!("2024-{d},{},{},{c}\n", 10 + w, 1 + w);
            }
            s
        };
        let tiers = ["tier1", "tier2", "tier1", "tier1", "tier2", "tier2"];
        let a = assign(
            &table(&rows("spend_bucket", tiers)),
            &RoleRequest::default(),
        )
        .unwrap();
        assert_eq!(a.media.len(), 1);
        let controls: Vec<&str> = a.controls.iter().map(|c| c.column.as_str()).collect();
        assert_eq!(controls, ["spend_bucket"]);
        let amounts = ["1.5k", "$2k", "3k", "1k", "2.5k", "2k"];
        let a = assign(
            &table(&rows("radio_spend", amounts)),
            &RoleRequest::default(),
        )
        .unwrap();
        let media: Vec<&str> = a.media.iter().map(|m| m.spend.as_str()).collect();
        assert_eq!(media, ["tv_spend", "radio_spend"]);
    }

    /// A channel whose name holds a total or ratio word is still a channel (`total_search_spend`,
    /// `pay_per_click_spend`); the spend of all media together is paid media only when no column
    /// is one channel's spend.
    #[test]
    fn channel_names_with_total_or_ratio_words_are_channels() {
        let t = table(
            "date,revenue,total_search_spend,pay_per_click_spend,share_chat_spend,media_spend\n\
             2024-01-01,10,1,2,7,10\n2024-01-08,12,2,2,9,13\n",
        );
        let a = assign(&t, &RoleRequest::default()).unwrap();
        let media: Vec<&str> = a.media.iter().map(|m| m.spend.as_str()).collect();
        assert_eq!(
            media,
            [
                "total_search_spend",
                "pay_per_click_spend",
                "share_chat_spend"
            ]
        );
        let t = table(
            "date,revenue,TV Spend (USD),Total Spend (USD),total_channel_spend\n2024-01-01,10,1,3,3\n2024-01-08,12,2,5,5\n",
        );
        let a = assign(&t, &RoleRequest::default()).unwrap();
        let media: Vec<&str> = a.media.iter().map(|m| m.spend.as_str()).collect();
        assert_eq!(media, ["TV Spend (USD)"]);
        // `ad_spend` beside `search_spend`, not adding up to it: a channel of its own.
        let t = table("date,revenue,search_spend,ad_spend\n2024-01-01,10,5,1\n2024-01-08,12,6,2\n");
        let a = assign(&t, &RoleRequest::default()).unwrap();
        assert_eq!(a.media.len(), 2);
        let t = table("date,revenue,total_media_spend\n2024-01-01,10,1\n2024-01-08,12,2\n");
        let a = assign(&t, &RoleRequest::default()).unwrap();
        assert_eq!(a.media[0].spend, "total_media_spend");
    }

    /// A copy of a spend column, and a column that adds up others, are left out with the reason;
    /// the channels they repeat stay.
    #[test]
    fn spend_columns_that_repeat_others_are_left_out() {
        let t = table(
            "date,revenue,tv_spend,search_spend,social_spend,TV Cost,digital_spend,media_spend\n\
             2024-01-01,10,5,2,1,5,3,8\n2024-01-08,12,6,3,0,6,3,9\n2024-01-15,11,0,4,2,0,6,6\n",
        );
        let a = assign(&t, &RoleRequest::default()).unwrap();
        let media: Vec<&str> = a.media.iter().map(|m| m.spend.as_str()).collect();
        assert_eq!(media, ["tv_spend", "search_spend", "social_spend"]);
        let why = |c: &str| {
            a.notes
                .iter()
                .find(|n| n.column == c)
                .unwrap()
                .reason
                .clone()
        };
        assert!(
            why("TV Cost").starts_with("it repeats 'tv_spend' in every row"),
            "{}",
            why("TV Cost")
        );
        assert!(
            why("digital_spend").starts_with("it is the sum of 'search_spend' and 'social_spend'"),
            "{}",
            why("digital_spend")
        );
        // media_spend names all media: only without any channel's own column would it be one.
        assert_eq!(
            a.notes
                .iter()
                .find(|n| n.column == "media_spend")
                .unwrap()
                .role,
            ColumnRole::Ignored
        );
    }

    /// Numbers written with a thousands letter in a column not named like spend (`tv` with
    /// `38.9k`) keep the column numeric, so the load refuses its first such cell instead of
    /// leaving the channel out as text.
    #[test]
    fn abbreviated_numbers_keep_a_column_numeric() {
        let mut csv = String::from("date,sales,tv,search\n");
        for w in 0..10 {
            let tv = ["38.9k", "$41.2K", "1.1M"][w % 3];
            csv += &format!("2024-{:02}-01,{},{tv},{}\n", w + 1, 10 + w, 3 + w % 4);
        }
        let t = table(&csv);
        assert!(mostly_number_like(&t, 2));
        assert!(!mostly_number_like(&t, 1));
        let a = assign(&t, &RoleRequest::default()).unwrap();
        let note = a.notes.iter().find(|n| n.column == "tv").unwrap();
        assert_eq!(note.role, ColumnRole::Control);
        // Labels ending in a letter are not numbers.
        let t = table("date,sales,tv_spend,x\n2024-01-01,10,1,film\n2024-01-08,12,2,team\n");
        assert!(!mostly_number_like(&t, 3));
    }

    /// Columns named like spend that are not one channel's own: a total over channels is left
    /// out (it would count spend twice), competitors' spend is a control, a rate of spend is
    /// left out; the channels' own spend columns are the paid media.
    #[test]
    fn totals_competitors_and_rates_of_spend_are_not_channels() {
        let t = table(
            "date,revenue,tv_spend,search_spend,total_media_spend,competitor_spend,cost_per_click,spend_share_tv,cost_of_goods,shipping_cost,tv_spend_lag1\n\
             2024-01-01,10,1,2,3,5,0.5,0.33,4,1,0\n2024-01-08,12,2,2,4,6,0.4,0.5,5,1,1\n",
        );
        let a = assign(&t, &RoleRequest::default()).unwrap();
        let media: Vec<&str> = a.media.iter().map(|m| m.spend.as_str()).collect();
        assert_eq!(media, ["tv_spend", "search_spend"]);
        let controls: Vec<&str> = a.controls.iter().map(|c| c.column.as_str()).collect();
        assert_eq!(controls, ["competitor_spend"]);
        for left in [
            "total_media_spend",
            "cost_per_click",
            "spend_share_tv",
            "cost_of_goods",
            "shipping_cost",
            "tv_spend_lag1",
        ] {
            let note = a.notes.iter().find(|n| n.column == left).unwrap();
            assert_eq!(note.role, ColumnRole::Ignored, "{left}");
            assert!(
                note.reason.contains("not one paid channel's own spend"),
                "{left}"
            );
        }
    }

    #[test]
    fn row_counters_and_calendar_numbers_are_not_controls() {
        // pandas' index (blank header), a 1-based id, a falling counter, calendar numbers; a
        // price that happens to rise by whole steps for two rows is a control.
        let t = table(
            ",id,countdown,date,revenue,tv_spend,year,Week Number,quarter,price,temp\n\
             0,1,30,2024-01-01,10,1,2024,1,1,5,3.5\n\
             1,2,20,2024-01-08,12,2,2024,2,1,6,4.0\n\
             2,3,10,2024-01-15,11,0,2024,3,1,7,2.5\n\
             3,4,0,2024-01-22,13,3,2025,4,1,7,1.0\n",
        );
        let a = assign(&t, &RoleRequest::default()).unwrap();
        let controls: Vec<&str> = a.controls.iter().map(|c| c.column.as_str()).collect();
        assert_eq!(controls, ["price", "temp"]);
        let reason = |c: &str| {
            let n = a.notes.iter().find(|n| n.column == c).unwrap();
            assert_eq!(n.role, ColumnRole::Ignored, "{c}");
            n.reason.as_str()
        };
        assert_eq!(reason("Unnamed: 0"), INDEX_LEFT_OUT);
        for c in ["id", "countdown"] {
            assert_eq!(reason(c), COUNTER_LEFT_OUT);
        }
        for c in ["year", "Week Number", "quarter"] {
            assert_eq!(reason(c), CALENDAR_LEFT_OUT);
        }
        // Asked for by name, they are controls.
        let req = RoleRequest {
            controls: Some(vec!["id".into(), "year".into()]),
            ..RoleRequest::default()
        };
        let a = assign(&t, &req).unwrap();
        let controls: Vec<&str> = a.controls.iter().map(|c| c.column.as_str()).collect();
        assert_eq!(controls, ["id", "year"]);
        // A 0/1 flag named after sales is an event, not another KPI; a second sales figure is.
        let t = table(
            "date,revenue,tv_spend,sales_promo,sales_online\n2024-01-01,10,1,0,4\n2024-01-08,12,2,1,5\n2024-01-15,11,0,0,3\n",
        );
        let a = assign(&t, &RoleRequest::default()).unwrap();
        let controls: Vec<&str> = a.controls.iter().map(|c| c.column.as_str()).collect();
        assert_eq!(controls, ["sales_promo"]);
        assert_eq!(a.ignored, ["sales_online"]);
        // A blank-named first column of dates is the date column.
        let t = table(",revenue,tv_spend\n2024-01-01,10,1\n2024-01-08,12,2\n");
        let a = assign(&t, &RoleRequest::default()).unwrap();
        assert_eq!(a.date, "Unnamed: 0");
    }

    /// `n` weekly rows of a file from its header and a row maker.
    fn weekly(header: &str, n: usize, row: impl Fn(usize) -> String) -> Table {
        let mut csv = format!("{header}\n");
        for k in 0..n {
            let d = dates::parse_iso("2024-01-01").unwrap() + chrono::Duration::days(7 * k as i64);
            let d = dates::iso(d);
            csv.push_str(&format!("{d},{}\n", row(k)));
        }
        table(&csv)
    }

    #[test]
    fn camel_case_and_spent_words_name_spend() {
        let t = weekly(
            "date,Revenue,TvSpend,FacebookCost,TikTokSpend,Amount spent (EUR),newsletterSends,priceIndex",
            10,
            |k| {
                format!(
                    "{},{},{},{},{},{},{}",
                    100 + k * k,
                    k % 3,
                    5 + k % 4,
                    k % 2,
                    3 + k % 5,
                    7 * k % 9,
                    1.0 + 0.1 * (k % 3) as f64
                )
            },
        );
        let a = assign(&t, &RoleRequest::default()).unwrap();
        let names: Vec<&str> = a.media.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["Tv", "Facebook", "TikTok", "Amount spent (EUR)"]);
        assert_eq!(a.organic, ["newsletterSends"]);
        let controls: Vec<&str> = a.controls.iter().map(|c| c.column.as_str()).collect();
        assert_eq!(controls, ["priceIndex"]);
        assert_eq!(tokens("TVSpend"), ["tv", "spend"]);
        assert_eq!(tokens("GMV_total"), ["gmv", "total"]);
        assert_eq!(channel_name("tv_spend_eur"), "tv");
    }

    #[test]
    fn a_column_named_by_its_channel_beside_spend_columns_is_spend_with_a_warning() {
        let t = weekly(
            "date,revenue,tv_spend,search_spend,affiliate,Meta Ads,tv,search_volume,promo",
            10,
            |k| {
                format!(
                    "{},{},{},{},{},{},{},{}",
                    100 + k,
                    10 * (k % 3),
                    20 + k,
                    7 + k % 4,
                    30 + 3 * (k % 5),
                    900 + k % 7,
                    40 + k % 6,
                    k % 2
                )
            },
        );
        let a = assign(&t, &RoleRequest::default()).unwrap();
        let media: Vec<&str> = a.media.iter().map(|m| m.spend.as_str()).collect();
        assert_eq!(media, ["tv_spend", "search_spend", "affiliate", "Meta Ads"]);
        let note = |c: &str| a.notes.iter().find(|n| n.column == c).unwrap();
        assert_eq!(note("affiliate").reason, MEDIA_BY_CHANNEL_NAME);
        // `tv` beside `tv_spend` is not a second tv (nor a control taking its credit); a search
        // volume is not a channel.
        assert_eq!(note("tv").role, ColumnRole::Ignored);
        assert!(
            note("tv")
                .reason
                .starts_with("it is named like the channel of 'tv_spend' without saying spend")
        );
        assert_eq!(note("search_volume").role, ColumnRole::Control);
        let w = text_warnings(&t, &a);
        assert!(
            w.iter().any(|w| w
                .message
                .starts_with("'affiliate', 'Meta Ads' are named only by a media channel")),
            "{w:?}"
        );
    }

    #[test]
    fn plans_copies_and_other_peoples_spend_are_not_channels() {
        let t = weekly(
            "date,revenue,tv_spend,search_spend,tv_spend_net,tv_spend_plan,tv_spend_ytd,sales_budget,household_spend,energy_costs",
            10,
            |k| {
                let tv = [0.0, 120.0, 80.0, 0.0, 200.0, 150.0, 90.0, 0.0, 60.0, 110.0][k];
                format!(
                    "{},{tv},{},{},{},{},{},{},{}",
                    1000 + k,
                    30 + k,
                    tv * 0.85,
                    100,
                    500 * k,
                    2000,
                    70 + k,
                    9 + k % 2
                )
            },
        );
        let a = assign(&t, &RoleRequest::default()).unwrap();
        let media: Vec<&str> = a.media.iter().map(|m| m.spend.as_str()).collect();
        assert_eq!(media, ["tv_spend", "search_spend"]);
        let note = |c: &str| a.notes.iter().find(|n| n.column == c).unwrap();
        assert_eq!(
            note("tv_spend_net").reason,
            "it is 0.85 times 'tv_spend' in every row (the same spend net or gross, or in another currency): left out, so that the same spend is not counted twice"
        );
        for c in [
            "tv_spend_plan",
            "tv_spend_ytd",
            "sales_budget",
            "energy_costs",
        ] {
            assert_eq!(note(c).role, ColumnRole::Ignored, "{c}");
        }
        // Households' spending is no channel's, but may drive sales: a control.
        assert_eq!(note("household_spend").role, ColumnRole::Control);
        // Two channels with a fixed split are not copies of each other.
        assert!(proportion(&[1.0, 2.0, 4.0], &[2.0, 4.0, 8.0]).is_some());
        assert!(copy_names("tv_spend", "tv_spend_net_eur"));
        assert!(!copy_names("search_brand_spend", "search_nonbrand_spend"));
        assert!(proportion(&[1.0, 2.0, 0.0], &[2.0, 4.0, 8.0]).is_none());
    }

    #[test]
    fn columns_computed_from_sales_or_driven_by_media_are_not_controls() {
        let t = weekly(
            "date,conversion_value,conversions,tv_spend,search_spend,gross_profit,revenue_per_order,sessions,tv_spots,social_posts,net_metric,price",
            10,
            |k| {
                let y = 1000.0 + 37.0 * ((k * 7) % 10) as f64;
                format!(
                    "{y},{},{},{},{},{},{},{},{},{},{}",
                    (y / 90.0).round(),
                    k % 3,
                    4 + k % 2,
                    0.3 * y,
                    90 + k % 2,
                    50 + k,
                    k % 4,
                    k % 3,
                    1.1 * y + (k % 2) as f64,
                    5 + k % 3
                )
            },
        );
        let a = assign(&t, &RoleRequest::default()).unwrap();
        assert_eq!(
            (a.kpi.as_str(), a.kpi_type),
            ("conversion_value", KpiType::Revenue)
        );
        // A control moving with the KPI is kept (a price or the weather may), with a warning.
        let controls: Vec<&str> = a.controls.iter().map(|c| c.column.as_str()).collect();
        assert_eq!(controls, ["net_metric", "price"]);
        let w = text_warnings(&t, &a);
        assert!(
            w.iter().any(|w| w.message.starts_with(
                "'net_metric' moves with 'conversion_value' almost exactly (correlation 1.00)"
            )),
            "{w:?}"
        );
        assert_eq!(a.organic, Vec::<String>::new());
        assert_eq!(
            a.notes
                .iter()
                .find(|n| n.column == "social_posts")
                .unwrap()
                .reason,
            MEDIATOR_LEFT_OUT
        );
        let note = |c: &str| a.notes.iter().find(|n| n.column == c).unwrap();
        assert_eq!(note("conversions").role, ColumnRole::Ignored);
        assert_eq!(note("gross_profit").reason, DERIVED_LEFT_OUT);
        assert_eq!(note("revenue_per_order").reason, DERIVED_LEFT_OUT);
        assert_eq!(note("sessions").reason, MEDIATOR_LEFT_OUT);
        assert_eq!(note("tv_spots").reason, MEDIATOR_LEFT_OUT);
    }

    #[test]
    fn several_kpis_of_one_kind_are_asked_about_and_an_unread_kpi_is_still_the_kpi() {
        let t = table("date,revenue_DE,revenue_FR,tv_spend\n2024-01-01,1,2,3\n2024-01-08,2,3,4\n");
        assert_eq!(
            assign(&t, &RoleRequest::default()).unwrap_err(),
            Error::AmbiguousKpi {
                columns: "'revenue_DE', 'revenue_FR'".into()
            }
        );
        let req = RoleRequest {
            kpi: Some("revenue_FR".into()),
            ..RoleRequest::default()
        };
        assert_eq!(assign(&t, &req).unwrap().kpi, "revenue_FR");
        // A target beside the KPI is not a second KPI.
        let t =
            table("date,revenue_target,revenue_DE,tv_spend\n2024-01-01,1,2,3\n2024-01-08,2,3,4\n");
        assert_eq!(
            assign(&t, &RoleRequest::default()).unwrap().kpi,
            "revenue_DE"
        );
        // `revenue` with cells that do not read is still the KPI (validation names the cell).
        let t = table("date,revenue,tv_spend\n2024-01-01,n.a.,3\n2024-01-08,x,4\n2024-01-15,y,5\n");
        assert_eq!(assign(&t, &RoleRequest::default()).unwrap().kpi, "revenue");
    }

    /// What a review of the second round found.
    #[test]
    fn flags_brand_names_and_a_kpi_type_asked_for_choose_right() {
        // A 0/1 flag named after sales does not make the KPI ambiguous.
        let t = table(
            "date,Revenue (EUR),tv_spend,sales_promo\n2024-01-01,3,1,0\n2024-01-08,4,2,1\n2024-01-15,5,1,0\n",
        );
        assert_eq!(
            assign(&t, &RoleRequest::default()).unwrap().kpi,
            "Revenue (EUR)"
        );
        // A brand split by camelCase still matches its exposure.
        let t = table(
            "date,revenue,YouTube Spend,youtube_impressions\n2024-01-01,3,1,100\n2024-01-08,4,2,300\n",
        );
        let a = assign(&t, &RoleRequest::default()).unwrap();
        assert_eq!(a.media[0].exposure.as_deref(), Some("youtube_impressions"));
        // Conversions asked for: the revenue columns are not candidates.
        let t = table(
            "date,revenue_DE,revenue_FR,orders,tv_spend\n2024-01-01,3,2,1,1\n2024-01-08,4,3,2,2\n",
        );
        let req = RoleRequest {
            kpi_type: Some(KpiType::Conversions),
            ..RoleRequest::default()
        };
        assert_eq!(assign(&t, &req).unwrap().kpi, "orders");
    }

    #[test]
    fn kpi_and_spend_words_in_other_languages() {
        let t = table(
            "Datum,Umsatz TEUR,TV Kosten,Suche Ausgaben,Preis\n2024-01-01,3,1,2,5\n2024-01-08,4,2,1,6\n",
        );
        let a = assign(&t, &RoleRequest::default()).unwrap();
        assert_eq!(
            (a.kpi.as_str(), a.kpi_type),
            ("Umsatz TEUR", KpiType::Revenue)
        );
        let names: Vec<&str> = a.media.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["TV", "Suche"]);
        let t =
            table("fecha,ingresos,gastos_tv,gastos_radio\n2024-01-01,3,1,2\n2024-01-08,4,2,1\n");
        let a = assign(&t, &RoleRequest::default()).unwrap();
        assert_eq!(a.kpi, "ingresos");
        assert_eq!(a.media.len(), 2);
    }

    /// What a second outside probe found the first round of these rules got wrong.
    #[test]
    fn the_word_rules_leave_real_drivers_and_channels_alone() {
        assert_eq!(tokens("TV_GRPs"), ["tv", "grps"]);
        assert_eq!(tokens("Social_IMPs"), ["social", "imps"]);
        let t = weekly(
            "date,Unnamed: 1,revenue_eur,orders,tv_spend,TV_GRPs,search_brand_spend,search_nonbrand_spend,target_spend,customer_acquisition_spend,customer_spend,time_spent,foot_traffic,website_visits,returns,sales_tax_rate,google,instagram",
            12,
            |k| {
                let brand = [5.0, 6.0, 7.0, 4.0, 8.0, 6.0, 5.0, 9.0, 7.0, 6.0, 5.0, 8.0][k];
                format!(
                    "{},{},{},{},{},{brand},{},{},{},{},{},{},{},{},{},{},{}",
                    k % 6,
                    2000 + 37 * ((k * 5) % 12),
                    20 + k % 5,
                    100 + 9 * (k % 4),
                    300 + k,
                    3.0 * brand,
                    30 + k % 3,
                    40 + (k * 7) % 5,
                    500 + k % 2,
                    3 + k % 4,
                    900 + (k * 3) % 7,
                    50 + (k * 11) % 9,
                    k % 2,
                    if k < 6 { 0.19 } else { 0.16 },
                    400 + (k * 13) % 17,
                    0.02 + 0.001 * (k % 5) as f64,
                )
            },
        );
        let a = assign(&t, &RoleRequest::default()).unwrap();
        // Revenue in a currency wins over a plain count of orders.
        assert_eq!(
            (a.kpi.as_str(), a.kpi_type),
            ("revenue_eur", KpiType::Revenue)
        );
        let media: Vec<&str> = a.media.iter().map(|m| m.spend.as_str()).collect();
        assert_eq!(
            media,
            [
                "tv_spend",
                "search_brand_spend",
                "search_nonbrand_spend",
                "target_spend",
                "customer_acquisition_spend"
            ]
        );
        assert_eq!(a.media[0].exposure.as_deref(), Some("TV_GRPs"));
        let controls: Vec<&str> = a.controls.iter().map(|c| c.column.as_str()).collect();
        // An engagement rate named after a platform is not spend (its scale says so).
        assert_eq!(
            controls,
            [
                "customer_spend",
                "foot_traffic",
                "returns",
                "sales_tax_rate",
                "instagram"
            ]
        );
        let note = |c: &str| a.notes.iter().find(|n| n.column == c).unwrap();
        assert_eq!(note("Unnamed: 1").reason, INDEX_LEFT_OUT);
        assert_eq!(note("website_visits").reason, MEDIATOR_LEFT_OUT);
        for c in ["time_spent", "google", "orders"] {
            assert_eq!(note(c).role, ColumnRole::Ignored, "{c}");
        }
        // Net before gross, plainly named or not.
        let t = table("date,gross_sales,net_sales,tv_spend\n2024-01-01,3,2,1\n2024-01-08,4,3,2\n");
        assert_eq!(
            assign(&t, &RoleRequest::default()).unwrap().kpi,
            "net_sales"
        );
        let t = table(
            "date,gross_revenue,net_revenue,orders,tv_spend\n2024-01-01,3,2,1,1\n2024-01-08,4,3,2,2\n",
        );
        assert_eq!(
            assign(&t, &RoleRequest::default()).unwrap().kpi,
            "net_revenue"
        );
    }

    #[test]
    fn missing_roles_are_reported() {
        assert_eq!(
            assign(
                &table("x,revenue,tv_spend\n1,1,2\n2,2,3\n"),
                &RoleRequest::default()
            )
            .unwrap_err(),
            Error::NoDateColumn
        );
        assert_eq!(
            assign(
                &table("date,foo,tv_spend\n2024-01-01,1,2\n2024-01-08,2,3\n"),
                &RoleRequest::default()
            )
            .unwrap_err(),
            Error::NoKpiColumn
        );
        // A column named like the KPI, but empty or chosen for another role: said so.
        assert_eq!(
            assign(
                &table("date,revenue,tv_spend\n2024-01-01,,2\n2024-01-08,,3\n"),
                &RoleRequest::default()
            )
            .unwrap_err(),
            Error::EmptyKpiColumn {
                column: "revenue".into()
            }
        );
        let taken = assign(
            &table("date,revenue,tv_spend\n2024-01-01,1,2\n2024-01-08,2,3\n"),
            &RoleRequest {
                media: Some(vec!["revenue".into(), "tv_spend".into()]),
                ..RoleRequest::default()
            },
        )
        .unwrap_err();
        assert_eq!(
            taken,
            Error::KpiColumnTaken {
                column: "revenue".into(),
                role: ColumnRole::Media
            }
        );
        assert_eq!(
            taken.to_string(),
            "Column 'revenue' is named like the KPI but was chosen among the paid media spend columns: take it out of the paid media spend columns, or choose which column is the KPI."
        );
        assert_eq!(taken.column(), Some("revenue"));
        assert_eq!(
            assign(
                &table("date,orders,tv_spend\n2024-01-01,1,2\n2024-01-08,2,3\n"),
                &RoleRequest {
                    controls: Some(vec!["orders".into()]),
                    ..RoleRequest::default()
                },
            )
            .unwrap_err()
            .to_string(),
            "Column 'orders' is named like the KPI but was chosen among the controls: take it out of the controls, or choose which column is the KPI."
        );
        assert_eq!(
            assign(
                &table("date,revenue,foo\n2024-01-01,1,2\n2024-01-08,2,3\n"),
                &RoleRequest::default()
            )
            .unwrap_err(),
            Error::NoMediaColumns
        );
    }

    /// The KPI chosen as the date column, and the date column chosen as a paid channel, are
    /// named as such (they read "No revenue (KPI) column was found. Name it 'revenue'…" and
    /// "No date column was found. Name it 'date'…").
    #[test]
    fn a_column_given_the_other_role_is_named() {
        let t = table("date,revenue,tv_spend\n2024-01-01,1,2\n2024-01-08,2,3\n");
        let kpi_as_date = assign(
            &t,
            &RoleRequest {
                date: Some("revenue".into()),
                ..RoleRequest::default()
            },
        )
        .unwrap_err();
        assert_eq!(
            kpi_as_date,
            Error::KpiColumnTaken {
                column: "revenue".into(),
                role: ColumnRole::Date
            }
        );
        assert_eq!(
            kpi_as_date.to_string(),
            "Column 'revenue' is named like the KPI but was chosen as the date column: choose the column that holds the dates instead."
        );
        let date_as_media = assign(
            &t,
            &RoleRequest {
                media: Some(vec!["tv_spend".into(), "date".into()]),
                ..RoleRequest::default()
            },
        )
        .unwrap_err();
        assert_eq!(
            date_as_media,
            Error::DateColumnTaken {
                column: "date".into(),
                role: ColumnRole::Media
            }
        );
        assert_eq!(
            date_as_media.to_string(),
            "Column 'date' holds the dates but was chosen among the paid media spend columns: take it out of the paid media spend columns."
        );
        assert_eq!(
            (date_as_media.kind(), date_as_media.column()),
            ("date_column_taken", Some("date"))
        );
        // Without a column of dates at all, nothing was taken: no date column was found.
        assert_eq!(
            assign(
                &table("x,revenue,tv_spend\n1,1,2\n2,2,3\n"),
                &RoleRequest {
                    media: Some(vec!["tv_spend".into(), "x".into()]),
                    ..RoleRequest::default()
                },
            )
            .unwrap_err(),
            Error::NoDateColumn
        );
    }

    #[test]
    fn a_bad_cell_in_a_date_named_column_is_reported_as_a_bad_date() {
        let t = table("date,revenue,tv_spend\n2024-01-01,1,2\nsoon,2,3\n");
        assert_eq!(
            assign(&t, &RoleRequest::default()).unwrap_err(),
            Error::BadDate {
                row: 3,
                column: "date".into(),
                value: "soon".into()
            }
        );
    }

    /// A month label repeated over weekly rows (`2024-01` on each week of January), named and
    /// placed first as a date column would be, is a category beside the weekly dates, not the
    /// date column; the same labels one per row are the dates.
    #[test]
    fn a_month_label_repeated_over_weeks_is_not_the_date_column() {
        let mut s = String::from("month,week_start,revenue,tv_spend\n");
        for i in 0..12 {
            let d = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap()
                + chrono::Duration::days(7 * i);
            s += &format!("{},{d},{},{}\n", &d.to_string()[..7], 10 + i, i % 4 + 1);
        }
        let r = assign(&table(&s), &RoleRequest::default()).unwrap();
        assert_eq!(r.date, "week_start");
        assert!(r.controls.iter().any(|c| c.column == "month"), "{r:?}");
        let months = "month,revenue,tv_spend\n2024-01,10,1\n2024-02,11,2\n2024-03,12,3\n";
        assert_eq!(
            assign(&table(months), &RoleRequest::default())
                .unwrap()
                .date,
            "month"
        );
    }

    /// Google Analytics writes days as `20240115`: a date column when they run evenly or the
    /// column is named as a date; eight-digit amounts stay numbers.
    #[test]
    fn eight_digit_days_are_a_date_column() {
        let mut s = "Date,revenue,tv_spend,order_id\n".to_string();
        for i in 0..12u32 {
            s += &format!(
                "202401{:02},{},{},{}\n",
                i + 1,
                100 + i,
                i % 4 + 1,
                31_000_000 + 7 * i
            );
        }
        let r = assign(&table(&s), &RoleRequest::default()).unwrap();
        assert_eq!(r.date, "Date");
        assert_eq!(column_kind(&table(&s), 3), ColumnKind::Numeric);
    }

    /// Meta's export dates each row by `Reporting starts` and `Reporting ends`: the period's
    /// start is the date whichever comes first; so with `week_ending` beside `week_start`.
    #[test]
    fn a_periods_start_is_its_date_before_its_end() {
        for (header, date) in [
            ("Reporting ends,Reporting starts", "Reporting starts"),
            ("Reporting starts,Reporting ends", "Reporting starts"),
            ("week_ending,week_start", "week_start"),
            ("Date to,Date from", "Date from"),
        ] {
            let mut s = format!("{header},revenue,tv_spend\n");
            for i in 0..12 {
                let start = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap()
                    + chrono::Duration::days(7 * i);
                let end = start + chrono::Duration::days(6);
                let (a, b) = if header.starts_with("Reporting s") || header.starts_with("Date f") {
                    (start, end)
                } else {
                    (end, start)
                };
                s += &format!("{a},{b},{},{}\n", 10 + i, i % 4 + 1);
            }
            let r = assign(&table(&s), &RoleRequest::default()).unwrap();
            assert_eq!(r.date, date, "{header}");
        }
        // One column named as an end is the date all the same.
        let s = "week_ending,revenue,tv_spend\n2024-01-07,10,1\n2024-01-14,11,2\n2024-01-21,12,3\n";
        assert_eq!(
            assign(&table(s), &RoleRequest::default()).unwrap().date,
            "week_ending"
        );
    }

    /// A 12-row file whose fourth column has the given cells (repeated in turn to fill 12 rows).
    fn with_text(name: &str, cells: &[&str]) -> Table {
        let mut s = format!("date,revenue,tv_spend,{name}\n");
        for i in 0..12 {
            s += &format!(
                "2024-{:02}-01,{},{},{}\n",
                i + 1,
                10 + i,
                i % 4 + 1,
                cells[i % cells.len()]
            );
        }
        table(&s)
    }

    #[test]
    fn mostly_different_text_is_free_text() {
        let t = with_text(
            "remark_col",
            &["a", "b", "c", "d", "e", "f", "g", "", "", "", "", ""],
        );
        assert_eq!(column_kind(&t, 3), ColumnKind::FreeText);
    }

    #[test]
    fn repeated_text_values_are_categories() {
        let t = with_text("weather", &["sunny", "rain", "snow"]);
        assert_eq!(column_kind(&t, 3), ColumnKind::Categorical);
    }

    #[test]
    fn an_event_name_makes_single_values_categories() {
        let t = with_text(
            "holiday",
            &["Easter", "", "", "", "", "", "Xmas", "", "", "", "", ""],
        );
        assert_eq!(column_kind(&t, 3), ColumnKind::Categorical);
    }

    #[test]
    fn a_notes_name_is_free_text_even_when_values_repeat() {
        let t = with_text("Notes", &["check", "ok"]);
        assert_eq!(column_kind(&t, 3), ColumnKind::FreeText);
    }

    #[test]
    fn an_empty_text_column_is_empty() {
        let t = with_text("other", &["", "na"]);
        assert_eq!(column_kind(&t, 3), ColumnKind::Empty);
    }

    #[test]
    fn free_text_is_ignored_and_warned_about() {
        let t = with_text(
            "Notes",
            &["site outage; check", "", "", "new agency", "", ""],
        );
        let a = assign(&t, &RoleRequest::default()).unwrap();
        assert_eq!(a.ignored, vec!["Notes"]);
        let w = text_warnings(&t, &a);
        assert_eq!(
            (w.len(), w[0].kind.as_str(), w[0].subject.as_deref()),
            (1, "text_column_ignored", Some("Notes"))
        );
    }

    #[test]
    fn a_column_the_caller_left_out_gets_no_warning() {
        let t = with_text(
            "Notes",
            &["site outage; check", "", "", "new agency", "", ""],
        );
        let req = RoleRequest {
            ignore: vec!["Notes".into()],
            ..Default::default()
        };
        let a = assign(&t, &req).unwrap();
        assert!(text_warnings(&t, &a).is_empty());
    }

    #[test]
    fn assignment_round_trips_to_an_explicit_request() {
        let t = table(
            "date,revenue,tv_spend,tv_impressions,price\n2024-01-01,1,2,5,1\n2024-01-08,2,3,6,2\n",
        );
        let a = assign(&t, &RoleRequest::default()).unwrap();
        let b = assign(&t, &a.to_request()).unwrap();
        assert_eq!(a.media, b.media);
        assert_eq!(a.controls, b.controls);
        assert_eq!((a.date, a.kpi), (b.date, b.kpi));
    }

    #[test]
    fn column_roles_are_written_as_their_names() {
        let t = table("date,revenue,tv_spend\n2024-01-01,1,2\n2024-01-08,2,3\n");
        let a = assign(&t, &RoleRequest::default()).unwrap();
        let roles: Vec<ColumnRole> = a.notes.iter().map(|n| n.role).collect();
        assert_eq!(
            roles,
            vec![ColumnRole::Date, ColumnRole::Kpi, ColumnRole::Media]
        );
        let json = serde_json::to_value(&a.notes[2]).unwrap();
        assert_eq!(json["role"], "media");
        for r in [
            ColumnRole::Date,
            ColumnRole::Kpi,
            ColumnRole::Media,
            ColumnRole::Exposure,
            ColumnRole::Organic,
            ColumnRole::Control,
            ColumnRole::Ignored,
        ] {
            assert_eq!(
                serde_json::to_string(&r).unwrap(),
                format!("\"{}\"", r.as_str())
            );
        }
    }
}
