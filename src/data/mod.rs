//! From CSV text to a validated [`Dataset`]: reading, role inference, validation.

pub mod dataset;
pub mod dates;
pub mod experiments;
pub mod inspect;
pub mod names;
pub mod numbers;
pub mod roles;
pub mod table;
pub(crate) mod vocabulary;

pub use dataset::{
    Control, Dataset, LoadedData, PaidChannel, Series, Warning, WarningKind, kpi_goes_below_zero,
    load_csv, load_csv_with,
};
pub use dates::Frequency;
pub use experiments::{Experiment, LiftScope, LiftTest, parse_lift_csv, parse_lift_csv_with};
pub use inspect::{ErrorInfo, Inspection, inspect, inspect_with};
pub use numbers::DecimalMark;
pub use roles::{
    ColumnRole, ControlRole, ExposureRole, KpiType, MediaRole, RoleAssignment, RoleNote,
    RoleRequest,
};
pub use table::{ReadOptions, Table};
