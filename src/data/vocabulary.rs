//! The words MixLens reads column names by: every word list the role rules
//! ([`super::roles`]) and the file checks ([`super::dataset`]) match names against, in one
//! place, so that a new export's or language's words go here and the rules stay as they are.
//! Lists are lower case and matched on a name's words (`tokens`) unless their docs say
//! otherwise.

// ---- Used by `roles` ----

/// Spend words a name may glue to a channel or media word (`word_spans`).
pub(crate) const GLUED_SPEND_WORDS: &[&str] = &[
    "spending", "spend", "costs", "cost", "kosten", "ausgaben", "budget",
];

pub(crate) const DATE_NAMES: &[&str] = &[
    "date",
    "ds",
    "week",
    "week_start",
    "week_starting",
    "week_ending",
    "week_end",
    "weekending",
    "week_of",
    "day",
    "month",
    "period",
    "dt",
    "time",
    "date_week",
    "week_date",
];

pub(crate) const REVENUE_NAMES: &[&str] = &[
    "revenue",
    "sales",
    "kpi",
    "y",
    "target",
    "total_revenue",
    "total_sales",
    "gmv",
    "turnover",
    "net_sales",
    "gross_sales",
    "income",
    "dep_var",
    "revenue_total",
    "sales_total",
    // ad platforms' exports (Google Ads, GA4, Meta): the money beside the conversions count
    "conversion_value",
    "conversions_value",
    "conv_value",
    "all_conv_value",
    "total_conversion_value",
    "purchase_value",
    "purchases_value",
    "purchase_conversion_value",
    "chiffre_affaires",
    "chiffre_d_affaires",
];

/// Words for sales in money, in the languages of MixLens's users (`Umsatz`, `ventes`, `ingresos`).
pub(crate) const REVENUE_WORDS: &[&str] = &[
    "sales",
    "revenue",
    "revenues",
    "umsatz",
    "umsätze",
    "umsaetze",
    "nettoumsatz",
    "nettoumsaetze",
    "bruttoumsatz",
    "erlös",
    "erlöse",
    "erloes",
    "ventes",
    "ventas",
    "ingresos",
    "fatturato",
    "ricavi",
    "vendite",
    "omzet",
    "receita",
    "faturamento",
];

/// Words that make a sales column a count or a quantity (`sales_units`, `sales_qty`,
/// `sales_kg`): conversions, not revenue.
pub(crate) const COUNT_WORDS: &[&str] = &[
    "unit", "units", "volume", "vol", "qty", "quantity", "count", "pieces", "items", "kg", "kgs",
    "tons", "tonnes", "litres", "liters", "hl", "cases", "boxes", "packs",
];

/// Words that make a sales or conversions column money (`bookings_value`, `sales_volume_usd`).
pub(crate) const MONEY_WORDS: &[&str] = &[
    "value", "revenue", "amount", "turnover", "money", "eur", "usd", "gbp", "chf", "jpy", "cad",
    "aud",
];

/// Words of a KPI's target, plan or past copy (`revenue_target`, `sales_ly`): never the KPI.
pub(crate) const KPI_VARIANT_WORDS: &[&str] = &[
    "target",
    "targets",
    "goal",
    "goals",
    "plan",
    "planned",
    "budget",
    "forecast",
    "forecasted",
    "projected",
    "ly",
    "prev",
    "previous",
    "prior",
    "lag",
    "lag1",
    "lagged",
    "ytd",
    "cumulative",
    "baseline",
    "expected",
    "predicted",
    "fitted",
];

/// KPI names that say nothing of the KPI's kind: read as revenue, and the reason says so.
pub(crate) const GENERIC_KPI_NAMES: &[&str] = &["kpi", "y", "target", "dep_var"];

pub(crate) const CONVERSION_NAMES: &[&str] = &[
    "conversions",
    "orders",
    "leads",
    "signups",
    "sign_ups",
    "installs",
    "acquisitions",
    "transactions",
    "purchases",
    "units",
    "customers",
    "new_customers",
    "registrations",
    "bookings",
    "subscriptions",
];

/// Ad platforms' and analytics' counts and funnel steps (Meta's `Results`, GA4's `Key events`,
/// `Add to carts`), B2B pipeline and units: another KPI beside the KPI (left out, so they do not
/// explain it), and the KPI only when no column is named like revenue or conversions; in this
/// order of preference (the deepest funnel step first). Matched on the whole name only
/// (`rep_calls` is a pharma channel's activity, not a KPI).
pub(crate) const SECONDARY_KPI_NAMES: &[&str] = &[
    "pipeline",
    "pipeline_value",
    "results",
    "key_events",
    "checkouts",
    "calls",
    "demo_requests",
    "sqls",
    "mqls",
    "quantity",
    "net_quantity",
    "add_to_carts",
    "add_to_cart",
    "adds_to_cart",
];

pub(crate) const SPEND_SUFFIX: &[&str] = &[
    "spend",
    "spends",
    "s",
    "cost",
    "costs",
    "investment",
    "budget",
    "spent",
];

pub(crate) const EXPOSURE_SUFFIX: &[&str] = &[
    "impressions",
    "imps",
    "impr",
    "impression",
    "i",
    "clicks",
    "click",
    "p",
    "grps",
    "grp",
    "views",
    "trps",
    "trp",
    "reach",
    "e",
];

pub(crate) const ORGANIC_WORDS: &[&str] = &[
    "organic",
    "newsletter",
    "newsletters",
    "email",
    "emails",
    "seo",
    "pr",
    "owned",
    "earned",
    "crm",
    "push",
    "sms",
    "o",
];

pub(crate) const COMPETITOR_WORDS: &[&str] = &[
    "competitor",
    "competitors",
    "competition",
    "market",
    "category",
    "industry",
];

/// Channels paid by fee or commission: a marketplace's or app store's fees (`amazon_fees`,
/// `google_play_fees`) are taken from sales, not bought media.
pub(crate) const FEE_CHANNEL_WORDS: &[&str] = &[
    "affiliate",
    "affiliates",
    "influencer",
    "influencers",
    "sponsorship",
    "sponsoring",
    "partner",
    "partners",
    "publisher",
    "publishers",
];

/// What a cost is divided by in a ratio written with a slash (`Cost / conv.`, `Spend/Click`):
/// conversions, clicks, leads, orders, impressions, views.
pub(crate) const PER_WHAT_WORDS: &[&str] = &[
    "conv",
    "convs",
    "conversion",
    "conversions",
    "click",
    "clicks",
    "lead",
    "leads",
    "order",
    "orders",
    "purchase",
    "purchases",
    "result",
    "results",
    "acquisition",
    "acquisitions",
    "impr",
    "impression",
    "impressions",
    "mille",
    "view",
    "views",
    "install",
    "installs",
    "sale",
    "sales",
    "signup",
    "signups",
    "action",
    "actions",
    "revenue",
];

/// See `is_fee_name`.
pub(crate) const FEE_WORDS: &[&str] = &["fee", "fees", "commission", "commissions"];

/// Words anywhere in a name that make it spend (`Amount spent (EUR)`, `tv_expenditure`).
pub(crate) const SPEND_WORDS: &[&str] = &[
    "spend",
    "spent",
    "spending",
    "cost",
    "costs",
    "expenditure",
    "expenditures",
    // German, French, Spanish, Italian, Dutch, Portuguese
    "kosten",
    "ausgaben",
    "dépenses",
    "depenses",
    "gastos",
    "gasto",
    "inversión",
    "inversion",
    "spesa",
    "spese",
    "uitgaven",
    "investimento",
];

/// Words that make a spend-named column a total of several channels (`total_media_spend`).
pub(crate) const TOTAL_WORDS: &[&str] = &[
    "total", "all", "overall", "sum", "grand", "combined", "channel", "channels",
];

/// Currency and unit words a total's name may carry (`Total Spend (USD)`, `total_spend_000s`).
pub(crate) const UNIT_WORDS: &[&str] = &[
    "usd", "eur", "gbp", "chf", "jpy", "cad", "aud", "000s", "000", "k", "mio", "net", "gross",
];

/// Words that make a cost column a business cost, or a spend column a derived copy or a code,
/// rather than a media channel's spend (`cost_of_goods`, `shipping_cost`, `tv_spend_lag1`,
/// `tv_spend_flag`).
pub(crate) const NOT_MEDIA_COST_WORDS: &[&str] = &[
    "goods",
    "cogs",
    "shipping",
    "delivery",
    "logistics",
    "staff",
    "labor",
    "labour",
    "salary",
    "salaries",
    "wages",
    "rent",
    "discount",
    "discounts",
    "production",
    "operating",
    "opex",
    "fulfillment",
    "fulfilment",
    "returns",
    "tax",
    "taxes",
    "adstocked",
    "adstock",
    "flag",
    "level",
    "tier",
    // plans, forecasts and running totals of a channel's spend
    "plan",
    "planned",
    "forecast",
    "forecasted",
    "projected",
    "ytd",
    "mtd",
    "cumulative",
    "cum",
    "ly",
    "prev",
    "previous",
    "prior",
    // other business costs and prices
    "unit",
    "fuel",
    "yoy",
    "energy",
    "freight",
    "utilities",
    "payroll",
];

/// Who spends in `customer_spend`, `household_spending`, `government_expenditure`: not media.
pub(crate) const SPENDERS: &[&str] = &[
    "customer",
    "customers",
    "consumer",
    "consumers",
    "household",
    "households",
    "government",
    "public",
    "private",
    "tourist",
    "tourists",
];

/// Words that name media in general, not one channel (`total_media_spend`, `media_spend`).
pub(crate) const GENERAL_MEDIA_WORDS: &[&str] = &[
    "media",
    "marketing",
    "advertising",
    "ad",
    "ads",
    "paid",
    "werbe",
    "werbung",
];

/// Currency and scale words dropped from the end of a channel's name (`tv_spend_eur` -> `tv`).
pub(crate) const CHANNEL_UNIT_WORDS: &[&str] = &[
    "usd", "eur", "gbp", "chf", "jpy", "cad", "aud", "000s", "000", "k", "mio", "teur", "tusd",
    "keur", "kusd", "micros",
];

/// Words that make a column a ratio or a price rather than a total ("revenue_per_conversion",
/// "conversion_rate", "avg_sales"): never the KPI.
pub(crate) const RATIO_WORDS: &[&str] = &[
    "per", "rate", "ratio", "avg", "average", "mean", "share", "pct", "percent", "index", "price",
    "margin",
];

/// Name words of text columns that mark events: categorical even when each value occurs once
/// (a holiday column names each holiday once).
pub(crate) const CATEGORICAL_WORDS: &[&str] = &[
    "event",
    "events",
    "holiday",
    "holidays",
    "promo",
    "promos",
    "promotion",
    "promotions",
    "campaign",
    "campaigns",
    "launch",
    "launches",
    "season",
    "seasons",
    "festival",
    "festivals",
    "flag",
    "flags",
    "dummy",
    "dummies",
    "outage",
    "outages",
];

/// Name words of free-text columns: never categories.
pub(crate) const FREE_TEXT_WORDS: &[&str] = &[
    "note",
    "notes",
    "comment",
    "comments",
    "remark",
    "remarks",
    "description",
    "memo",
    "memos",
    "annotation",
    "annotations",
];

/// Words of media channels and platforms, for columns named by their channel alone.
pub(crate) const CHANNEL_WORDS: &[&str] = &[
    "tv",
    "television",
    "ctv",
    "radio",
    "audio",
    "podcast",
    "podcasts",
    "print",
    "press",
    "magazine",
    "magazines",
    "newspaper",
    "newspapers",
    "ooh",
    "dooh",
    "outdoor",
    "billboard",
    "billboards",
    "cinema",
    "display",
    "video",
    "olv",
    "youtube",
    "facebook",
    "fb",
    "meta",
    "instagram",
    "tiktok",
    "snapchat",
    "pinterest",
    "linkedin",
    "twitter",
    "reddit",
    "google",
    "bing",
    "search",
    "sem",
    "ppc",
    "social",
    "affiliate",
    "affiliates",
    "influencer",
    "influencers",
    "programmatic",
    "native",
    "spotify",
    "amazon",
    "shopping",
    "pmax",
    "retargeting",
    "sponsorship",
    "sponsoring",
    "mail",
    "directmail",
    // ad-tech platforms and campaign types
    "dv360",
    "dsp",
    "criteo",
    "outbrain",
    "taboola",
    "tradedesk",
    "teads",
    "microsoft",
    "adwords",
    "gdn",
    "performancemax",
    "demandgen",
    "bvod",
    "avod",
    "sea",
    "prospecting",
];

/// Words that may stand beside a channel word in such a name (`Meta Ads`, `paid_social`,
/// `brand_search`, `direct_mail`, `social_eur`).
pub(crate) const CHANNEL_EXTRA_WORDS: &[&str] = &[
    "paid",
    "ads",
    "ad",
    "advertising",
    "brand",
    "nonbrand",
    "generic",
    "direct",
    "digital",
    "online",
    "offline",
    "connected",
    "linear",
    "apple",
    "usd",
    "eur",
    "gbp",
    "chf",
    "k",
    "000s",
];

/// Channel words that name the same media (`meta` and `facebook`; `sem`, `ppc` and `search`).
pub(crate) const CHANNEL_SYNONYMS: &[&[&str]] = &[
    &["meta", "facebook", "fb", "instagram"],
    &["search", "sem", "sea", "ppc", "google", "bing"],
    &["tv", "television", "ctv"],
    &["ooh", "dooh", "outdoor", "billboard", "billboards"],
    &["youtube", "video", "olv"],
    &[
        "print",
        "press",
        "magazine",
        "magazines",
        "newspaper",
        "newspapers",
    ],
    &["radio", "audio", "podcast", "podcasts", "spotify"],
    &["affiliate", "affiliates"],
    &["influencer", "influencers"],
];

/// Name words of numeric columns that are not spend even when their values look like it:
/// calendar numbers, counters, prices, weather, events.
pub(crate) const NOT_SPEND_WORDS: &[&str] = &[
    "t",
    "time",
    "trend",
    "index",
    "idx",
    "id",
    "day",
    "dayofyear",
    "dayofweek",
    "weekday",
    "week",
    "weekofyear",
    "month",
    "year",
    "quarter",
    "period",
    "season",
    "holiday",
    "event",
    "price",
    "prices",
    "temp",
    "temperature",
    "weather",
    "rain",
    "rate",
    "cpi",
    "gdp",
    "unemployment",
    "competitor",
    "dummy",
    "flag",
];

/// Names of calendar numbers (spaces and underscores removed): the year, quarter, month, week or
/// day a row falls in.
pub(crate) const CALENDAR_NAMES: &[&str] = &[
    "year",
    "yr",
    "fiscalyear",
    "quarter",
    "qtr",
    "fiscalquarter",
    "month",
    "monthofyear",
    "monthnumber",
    "fiscalmonth",
    "week",
    "wk",
    "weekofyear",
    "weeknum",
    "weeknumber",
    "weekno",
    "isoweek",
    "calendarweek",
    "fiscalweek",
    "yearweek",
    "yearmonth",
    "day",
    "dayofweek",
    "dayofmonth",
    "dayofyear",
    "weekday",
    "dow",
    "doy",
];

/// Words of columns computed from sales (`gross_profit`, `margin`, `aov`, `cogs`, `returns`),
/// and of rates and averages of a sales figure (`revenue_per_order`, `avg_sales`).
pub(crate) const DERIVED_WORDS: &[&str] = &[
    "profit", "profits", "margin", "margins", "aov", "cogs", "returns", "return", "refunds",
    "ebit", "ebitda", "roas", "roi", "arpu", "ltv", "basket", "growth",
];

/// Words of columns that count a channel's activity (spots, airings) or that marketing drives
/// (site visits, sessions, traffic).
/// A channel's activity not named for a channel (`Impressions`, `Clicks (all)`, `Reach`, `GRPs`,
/// `Video plays`, `Users`): matched only when the whole name is such words and
/// [`ACTIVITY_QUALIFIERS`] (`rain_frequency` is the weather).
pub(crate) const ACTIVITY_WORDS: &[&str] = &[
    "impressions",
    "impression",
    "impr",
    "imps",
    "clicks",
    "reach",
    "frequency",
    "interactions",
    "engagements",
    "engagement",
    "thruplays",
    "views",
    "plays",
    "grps",
    "grp",
    "trps",
    "trp",
    "users",
];

/// Words that may stand beside [`ACTIVITY_WORDS`] in a bare activity name.
pub(crate) const ACTIVITY_QUALIFIERS: &[&str] = &[
    "total", "all", "unique", "new", "active", "paid", "video", "link", "outbound", "viewable",
    "engaged", "m", "k", "000s", "avg",
];

pub(crate) const MEDIATOR_WORDS: &[&str] = &[
    // rates and costs per click, view, lead or conversion: a channel's own efficiency
    "ctr",
    "cpc",
    "cpm",
    "cpa",
    "cpl",
    "cpv",
    "cvr",
    "posts",
    "spots",
    "spot",
    "airings",
    "insertions",
    "sessions",
    "session",
    "pageviews",
];

/// Words that make visits or traffic a website's or app's (which marketing drives), not a
/// store's, a road's or a town's (which may drive sales).
pub(crate) const WEB_WORDS: &[&str] = &[
    "web", "website", "site", "online", "app", "page", "shop", "ga4",
];

/// Words of amounts taken from sales: taxes, duties, shipping charges, tips, refunds,
/// chargebacks, discounts given, payment and platform fees.
pub(crate) const SALES_AMOUNT_WORDS: &[&str] = &[
    "vat",
    "mwst",
    "tva",
    "iva",
    "tax",
    "taxes",
    "duties",
    "duty",
    "tips",
    "shipping",
    "refunded",
    "refund",
    "chargebacks",
    "chargeback",
    "discount",
    "discounts",
    "fee",
    "fees",
];

/// Words by which two names of the same spend may differ (`tv_spend` and `tv_spend_net`,
/// `tv_spend_eur`): net or gross, taxes, currency, scale.
pub(crate) const COPY_WORDS: &[&str] = &[
    "net",
    "gross",
    "incl",
    "excl",
    "vat",
    "tax",
    "local",
    "fx",
    "converted",
    "actual",
    "actuals",
    "invoiced",
    "billed",
    "usd",
    "eur",
    "gbp",
    "chf",
    "jpy",
    "cad",
    "aud",
    "k",
    "000s",
    "000",
];

// ---- Used by `dataset` ----

/// Names of a column that splits rows by channel (long format): `channel`, `media`, `platform`.
pub(crate) const LONG_FORMAT_WORDS: &[&str] = &[
    "channel",
    "channels",
    "media",
    "platform",
    "platforms",
    "source",
    "medium",
    "campaign",
    "campaigns",
    "network",
    "publisher",
    "partner",
    "vendor",
    "tactic",
    "tactics",
];

/// ISO codes of currencies a column name may carry, also with a thousands or millions prefix
/// (`teur`, `kusd`, `musd`).
pub(crate) const CURRENCY_CODES: &[&str] = &[
    "usd", "eur", "gbp", "chf", "jpy", "cad", "aud", "nzd", "sek", "nok", "dkk", "pln", "czk",
    "huf", "inr", "cny", "rmb", "brl", "mxn", "zar", "sgd", "hkd", "krw",
];

/// Codes a bare `$` may stand for.
pub(crate) const DOLLARS: &[&str] = &["usd", "cad", "aud", "nzd", "sgd", "hkd", "mxn"];
